// createTokenClient: POST /token with the user's Cognito ID token, with a small cache, single
// flight for identical concurrent requests, and bounded retries. No runtime dependencies and
// no DOM or AWS imports: one module for browsers, React Native and Node.
import { CLIENT_ERROR_CODES, TokenServiceError } from './errors.ts';
import {
  backoffDelayMs,
  type Clock,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type RetryPolicy,
  retryAfterDelayMs,
  sleep,
  systemClock,
} from './timing.ts';
import type { TokenRequest, TokenResponse } from './types.ts';
import { parseJson, readProblem, readTokenResponse, requestKey } from './wire.ts';

/** The part of a fetch Response the kit reads. */
export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The part of `fetch` the kit calls (the global one in browsers, React Native and Node 18+). */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<FetchResponseLike>;

export interface TokenClientOptions {
  /** The full URL of `POST /token`, e.g. the stack's token endpoint or http://127.0.0.1:3000/token. */
  endpoint: string;
  /** The current Cognito ID token (Amplify `fetchAuthSession`, Hosted UI, any OIDC client). */
  getIdToken: () => string | Promise<string>;
  /** Default: the global `fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** A cached token is reused while it has more than this left (default 90 s; the SDKs warn at 30 s). */
  minRemainingSeconds?: number;
  /** One attempt is abandoned after this long (default 10 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Default: Date.now and the global timers, read at call time (fake-timer friendly). */
  clock?: Clock;
  /** Jitter source in [0, 1) (default Math.random; it only spreads retries in time). */
  random?: () => number;
}

export interface TokenClient {
  /** A token for `request` (default: a basic token), from the cache or from the service. */
  getToken(request?: TokenRequest): Promise<TokenResponse>;
  /** Forgets cached tokens; call it when the user signs out. */
  clear(): void;
}

interface CachedToken {
  response: TokenResponse;
  /** Local clock: send time + the token's lifetime, so a skewed device clock does no harm. */
  expiresAtMs: number;
}

const MAX_CACHED = 64;

export function createTokenClient(options: TokenClientOptions): TokenClient {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const minRemainingMs = (options.minRemainingSeconds ?? 90) * 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<TokenResponse>>();
  /** Bumped by clear(), so an answer that arrives after a sign-out is not cached. */
  let generation = 0;

  function send(): FetchLike {
    if (options.fetch) return options.fetch;
    const global = (globalThis as { fetch?: FetchLike }).fetch;
    if (typeof global !== 'function') {
      throw new TypeError('No global fetch here: pass createTokenClient({ fetch })');
    }
    return (url, init) => global(url, init);
  }

  /** One HTTP exchange; rejects with a TokenServiceError. */
  async function attempt(idToken: string, body: string): Promise<TokenResponse> {
    const post = send();
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller?.abort();
    }, timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    let headerRequestId: string | null;
    try {
      const response = await post(options.endpoint, {
        method: 'POST',
        headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
        body,
        ...(controller ? { signal: controller.signal } : {}),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      headerRequestId = response.headers.get('x-amzn-requestid');
      text = await response.text();
    } catch (cause) {
      throw new TokenServiceError({
        code: CLIENT_ERROR_CODES.network,
        status: 0,
        detail: timedOut
          ? `No answer from ${options.endpoint} within ${timeoutMs} ms.`
          : `Could not reach ${options.endpoint}.`,
        cause,
      });
    } finally {
      clock.clearTimeout(timer);
    }

    const json = parseJson(text);
    if (status === 200) {
      const read = readTokenResponse(json);
      if (!('invalid' in read)) return read;
      throw new TokenServiceError({
        code: CLIENT_ERROR_CODES.invalidResponse,
        status,
        detail: `The service answered 200 with an unexpected body: ${read.invalid}.`,
      });
    }
    const problem = readProblem(json);
    const retryAfterSeconds = parseRetryAfter(retryAfter, clock.now());
    const requestId = problem?.requestId ?? headerRequestId ?? undefined;
    throw new TokenServiceError({
      code: problem?.code ?? CLIENT_ERROR_CODES.invalidResponse,
      status,
      detail:
        problem?.detail ??
        problem?.title ??
        `The service answered HTTP ${status} without a problem+json body.`,
      ...(requestId === undefined ? {} : { requestId }),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }

  /** How long to wait before the next attempt, or undefined to give up. */
  function retryDelay(error: TokenServiceError, attemptNumber: number): number | undefined {
    const { status, retryAfterSeconds } = error;
    if (status === 429 || status === 503) {
      if (retryAfterSeconds === undefined) return backoffDelayMs(attemptNumber, policy, random);
      return retryAfterSeconds <= policy.maxRetryAfterSeconds
        ? retryAfterDelayMs(retryAfterSeconds, random)
        : undefined;
    }
    if (status === 0 && error.code === CLIENT_ERROR_CODES.network) {
      return backoffDelayMs(attemptNumber, policy, random);
    }
    if (status >= 500) return backoffDelayMs(attemptNumber, policy, random);
    return undefined; // 4xx, and a malformed 200: asking again would not help
  }

  async function fetchWithRetries(idToken: string, request: TokenRequest): Promise<TokenResponse> {
    const body = JSON.stringify(request);
    const started = clock.now();
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      try {
        return await attempt(idToken, body);
      } catch (error) {
        if (!(error instanceof TokenServiceError)) throw error;
        const delay = retryDelay(error, attemptNumber);
        const elapsed = clock.now() - started;
        if (
          delay === undefined ||
          attemptNumber >= policy.maxAttempts ||
          elapsed + delay > policy.maxElapsedMs
        ) {
          throw error;
        }
        await sleep(clock, delay);
      }
    }
  }

  async function currentIdToken(): Promise<string> {
    let idToken: unknown;
    try {
      idToken = await options.getIdToken();
    } catch (cause) {
      throw new TokenServiceError({
        code: CLIENT_ERROR_CODES.noIdToken,
        status: 0,
        detail: 'getIdToken failed; is the user signed in?',
        cause,
      });
    }
    if (typeof idToken !== 'string' || idToken === '') {
      throw new TokenServiceError({
        code: CLIENT_ERROR_CODES.noIdToken,
        status: 0,
        detail: 'getIdToken gave no token; is the user signed in?',
      });
    }
    return idToken;
  }

  function remember(key: string, response: TokenResponse, receivedAtMs: number): void {
    const now = clock.now();
    for (const [oldKey, entry] of cache) {
      if (entry.expiresAtMs <= now) cache.delete(oldKey);
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    const lifetimeMs = (response.expiresAt - response.issuedAt) * 1000;
    cache.set(key, { response, expiresAtMs: receivedAtMs + lifetimeMs });
  }

  return {
    async getToken(request = {}) {
      const idToken = await currentIdToken();
      // The ID token is part of the key: a token is never handed to another signed-in user.
      const key = `${idToken}\n${requestKey(request)}`;
      const cached = cache.get(key);
      if (cached && cached.expiresAtMs - clock.now() > minRemainingMs) return cached.response;

      const pending = inFlight.get(key);
      if (pending) return pending;
      const sentAt = clock.now();
      const sentIn = generation;
      const call = fetchWithRetries(idToken, request)
        .then((response) => {
          if (sentIn === generation) remember(key, response, sentAt);
          return response;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, call);
      return call;
    },
    clear() {
      generation += 1;
      cache.clear();
    },
  };
}
