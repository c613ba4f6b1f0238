// Where the handler gets the ZEGO AppID and ServerSecret: a port with two adapters —
// a fixed value (local server, tests, benchmarks) and a cached, single-flight loader
// (Secrets Manager in Lambda). Nothing here ever puts the secret into a message.
import { PLACEHOLDER_APP_ID, PLACEHOLDER_PROBLEM } from '#contract/secret-placeholder.ts';
import {
  isTokenError,
  type ServerCredentials,
  serverCredentials,
  validateAppId,
  validateSecret,
} from '#core';
import { withTimeout } from '../timeout.ts';

/** The secret's value, validated once here where it enters: the core's ServerCredentials. */
export type ZegoAppSecret = ServerCredentials;

export interface SecretSource {
  get(): Promise<ZegoAppSecret>;
}

/** The stored value is unusable; `problems` say what is wrong, never what the value is. */
export class InvalidSecretValueError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`the secret value is invalid: ${problems.join('; ')}`);
    this.name = 'InvalidSecretValueError';
    this.problems = problems;
  }
}

/** No usable value: the last fetch failed and nothing good is cached (or it is too old). */
export class SecretUnavailableError extends Error {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, cause?: unknown) {
    super('the secret is unavailable', cause === undefined ? undefined : { cause });
    this.name = 'SecretUnavailableError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function checked(check: () => unknown, problems: string[]): void {
  try {
    check();
  } catch (error) {
    // The core's messages describe the rule, never the value.
    problems.push(isTokenError(error) ? error.message : 'value failed validation');
  }
}

/**
 * Validates `{"appId": <uint32>, "serverSecret": "<32 printable ASCII>"}` (appId may also be
 * a string of digits) into ServerCredentials. Other members are ignored.
 */
export function toZegoAppSecret(value: unknown): ZegoAppSecret {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidSecretValueError(['the value must be a JSON object']);
  }
  const { appId: rawAppId, serverSecret } = value as Record<string, unknown>;
  const appId =
    typeof rawAppId === 'string' && /^\d{1,10}$/.test(rawAppId) ? Number(rawAppId) : rawAppId;
  // The stack's placeholder (AppID 0) is named as such, with the command that replaces it.
  if (appId === PLACEHOLDER_APP_ID) throw new InvalidSecretValueError([PLACEHOLDER_PROBLEM]);
  try {
    return serverCredentials(appId, serverSecret);
  } catch {
    // Name every problem, not only the first the core met.
    const problems: string[] = [];
    if (appId === undefined || appId === null) problems.push('appId missing');
    else checked(() => validateAppId(appId), problems);
    if (serverSecret === undefined || serverSecret === null) problems.push('serverSecret missing');
    else checked(() => validateSecret(serverSecret), problems);
    throw new InvalidSecretValueError(problems);
  }
}

/** Parses the secret's JSON text. JSON.parse's own message quotes the input, so it is dropped. */
export function parseZegoAppSecret(text: string): ZegoAppSecret {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidSecretValueError(['the value is not valid JSON']);
  }
  return toZegoAppSecret(value);
}

/** A fixed, validated value (local server, tests, benchmarks). */
export function staticSecretSource(value: { appId: number; serverSecret: string }): SecretSource {
  const secret = toZegoAppSecret(value);
  const resolved = Promise.resolve(secret);
  return { get: () => resolved };
}

export interface SecretRefreshFailure {
  /** `fetch`: the store could not be read; `invalid`: it returned an unusable value. */
  kind: 'fetch' | 'invalid';
  /** What went wrong, fit for a log (no secret content). */
  problem: string;
  /** A previous good value keeps serving (inside the stale window). */
  servingStale: boolean;
  durationMs: number;
}

export interface SecretSourceObserver {
  loaded?(info: { durationMs: number }): void;
  refreshFailed?(info: SecretRefreshFailure): void;
}

export interface CachedSecretSourceOptions {
  /**
   * Reads the raw secret text (e.g. GetSecretValue's SecretString). May throw
   * InvalidSecretValueError itself (e.g. for a value it cannot use at all). `afterFailure`: the
   * previous fetch failed, so the back-off is already the retry (the loader need not retry).
   */
  load: (context: { afterFailure: boolean }) => Promise<string>;
  /** Describes a load failure for logs; default: the error's name and message. */
  describeError?: (error: unknown) => string;
  /** How long a loaded value is used before it is fetched again. */
  ttlSeconds: number;
  /** How long past its TTL the last good value keeps answering while a refresh runs or fails. */
  maxStaleSeconds: number;
  /**
   * After a failed fetch, no new fetch before this many seconds (default RETRY_BACKOFF_SECONDS).
   * Independent of the TTL: a TTL of 0 means "fetch for every request", never "retry at once".
   */
  retryBackoffSeconds?: number;
  /**
   * The longest one load may take (the loader's own time limit). A caller with no usable value
   * waits at most this long; a load older than this is abandoned and a new one starts (a fetch
   * frozen with its Lambda sandbox may never settle). Default 5000.
   */
  loadTimeoutMs?: number;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
  observer?: SecretSourceObserver;
}

/** The back-off after a failed fetch (docs/api.md, The ServerSecret: "no new fetch is tried for 5 s"). */
export const RETRY_BACKOFF_SECONDS = 5;

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return 'non-Error thrown';
}

interface Cached {
  value: ZegoAppSecret;
  resolved: Promise<ZegoAppSecret>;
  loadedAt: number;
}

interface Inflight {
  promise: Promise<ZegoAppSecret>;
  startedAt: number;
}

/**
 * Stale-while-revalidate: a value within its TTL is served from memory; past the TTL (and within
 * the stale window) it is still served at once while one background refresh runs. Only a caller
 * with no usable value waits for the fetch, and at most `loadTimeoutMs`. Concurrent requests share
 * one fetch whatever the TTL (0 included); after a failure, no new fetch before the back-off.
 */
export function cachedSecretSource(options: CachedSecretSourceOptions): SecretSource {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlSeconds * 1000;
  const usableMs = ttlMs + options.maxStaleSeconds * 1000;
  const backoffMs = (options.retryBackoffSeconds ?? RETRY_BACKOFF_SECONDS) * 1000;
  const loadTimeoutMs = options.loadTimeoutMs ?? 5000;
  const describe = options.describeError ?? describeError;
  const observer = options.observer;

  let cached: Cached | undefined;
  let inflight: Inflight | undefined;
  /** Counts fetches; only the latest may change the cache. */
  let generation = 0;
  let retryAt = 0;
  let lastFailure: unknown;

  function usable(t: number): Cached | undefined {
    return cached !== undefined && t - cached.loadedAt < usableMs ? cached : undefined;
  }

  function failure(t: number): Error {
    if (lastFailure instanceof InvalidSecretValueError) return lastFailure;
    return new SecretUnavailableError(Math.max(1, Math.ceil((retryAt - t) / 1000)), lastFailure);
  }

  async function refresh(current: () => boolean): Promise<ZegoAppSecret> {
    const started = now();
    let value: ZegoAppSecret;
    try {
      value = parseZegoAppSecret(await options.load({ afterFailure: lastFailure !== undefined }));
    } catch (error) {
      const t = now();
      // An abandoned load (superseded by a newer one) changes nothing.
      if (!current()) throw error;
      retryAt = t + backoffMs;
      lastFailure = error;
      const fallback = usable(t);
      const invalid = error instanceof InvalidSecretValueError;
      observer?.refreshFailed?.({
        kind: invalid ? 'invalid' : 'fetch',
        problem: invalid ? error.message : describe(error),
        servingStale: fallback !== undefined,
        durationMs: t - started,
      });
      if (fallback !== undefined) return fallback.value;
      throw failure(t);
    }
    if (!current()) return value;
    const loadedAt = now();
    cached = { value, resolved: Promise.resolve(value), loadedAt };
    retryAt = 0;
    lastFailure = undefined;
    observer?.loaded?.({ durationMs: loadedAt - started });
    return value;
  }

  /** The running fetch, or a new one when none runs (or the running one is past its limit). */
  function fetching(t: number): Promise<ZegoAppSecret> {
    if (inflight !== undefined && t - inflight.startedAt < loadTimeoutMs) return inflight.promise;
    generation += 1;
    const mine = generation;
    const promise = refresh(() => generation === mine);
    inflight = { promise, startedAt: t };
    const settle = () => {
      if (generation === mine) inflight = undefined;
    };
    promise.then(settle, settle);
    return promise;
  }

  /** Waits for a fetch, but never longer than the load limit (a frozen fetch may never settle). */
  function bounded(pending: Promise<ZegoAppSecret>): Promise<ZegoAppSecret> {
    return withTimeout(pending, loadTimeoutMs, () => {
      const cause = new Error(`the secret fetch took longer than ${loadTimeoutMs} ms`);
      return new SecretUnavailableError(1, cause);
    });
  }

  return {
    get(): Promise<ZegoAppSecret> {
      const t = now();
      if (cached !== undefined && t - cached.loadedAt < ttlMs) return cached.resolved;
      const last = usable(t);
      if (last !== undefined) {
        // Answer now; refresh in the background (failures are observed and logged there).
        if (t >= retryAt) fetching(t).catch(() => undefined);
        return last.resolved;
      }
      if (inflight === undefined && t < retryAt) return Promise.reject(failure(t));
      return bounded(fetching(t));
    },
  };
}
