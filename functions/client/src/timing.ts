// Time and retry arithmetic for the kit. The clock reads the global timers at call time, so
// fake timers (vitest, jest, sinon) work without injecting anything; a clock can be injected too.
import { CLIENT_ERROR_CODES, type TokenServiceError } from './errors.ts';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers, looked up at each call (no DOM or Node types needed to name them). */
const timers = globalThis as unknown as {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => timers.setTimeout(callback, ms),
  clearTimeout: (handle) => timers.clearTimeout(handle),
};

/** How `getToken` retries (within its `totalTimeoutMs`). */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  maxAttempts: number;
  /** First backoff step for 5xx and network errors (default 500 ms); doubles per attempt. */
  baseDelayMs: number;
  /** Cap of one backoff step (default 4 s). */
  maxDelayMs: number;
  /** A longer Retry-After is not waited for: the error is returned at once (default 10 s). */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 4_000,
  maxRetryAfterSeconds: 10,
};

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so clients
 * that failed together do not retry together, and no retry comes back at once.
 * `random` returns a number in [0, 1).
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/**
 * The wait for a `Retry-After` of `seconds`: never sooner, plus up to one second of jitter, so
 * clients throttled in the same second (the stage answers `Retry-After: 1`) do not all return
 * in the same instant.
 */
export function retryAfterDelayMs(seconds: number, random: () => number): number {
  return seconds * 1000 + Math.floor(1000 * random());
}

/**
 * `Retry-After` as whole seconds, or undefined. Only its two forms count: delta-seconds (digits
 * only) or an HTTP date in the IMF-fixdate form senders must use (RFC 9110), e.g.
 * `Sun, 06 Nov 1994 08:49:37 GMT`, checked by formatting the parsed date back. Anything else
 * (`-5`, `1.5`, `+1`, a bare year) is ignored, and the retry uses the normal backoff.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date) || new Date(date).toUTCString() !== text) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** How long to wait before attempt `attemptNumber + 1` after `error`, or undefined to give up. */
export function retryDelayMs(
  error: TokenServiceError,
  attemptNumber: number,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  const { status, retryAfterSeconds } = error;
  if (status === 429 || status === 503) {
    if (retryAfterSeconds === undefined) return backoffDelayMs(attemptNumber, policy, random);
    return retryAfterSeconds <= policy.maxRetryAfterSeconds
      ? retryAfterDelayMs(retryAfterSeconds, random)
      : undefined;
  }
  if (status >= 500 || error.code === CLIENT_ERROR_CODES.network) {
    return backoffDelayMs(attemptNumber, policy, random);
  }
  return undefined; // 4xx, a malformed 200, aborted, cleared: asking again would not help
}
