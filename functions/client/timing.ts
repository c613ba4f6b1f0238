// Time and retry arithmetic for the kit. The clock reads the global timers at call time, so
// fake timers (vitest, jest, sinon) work without injecting anything; a clock can be injected too.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}

/** How `getToken` retries. Every bound applies to one `getToken` call. */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  maxAttempts: number;
  /** No retry starts once this much time has passed since the first attempt (default 15 s). */
  maxElapsedMs: number;
  /** First backoff step for 5xx and network errors (default 500 ms); doubles per attempt. */
  baseDelayMs: number;
  /** Cap of one backoff step (default 4 s). */
  maxDelayMs: number;
  /** A longer Retry-After is not waited for: the error is returned at once (default 10 s). */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxElapsedMs: 15_000,
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

/** `Retry-After` as whole seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
