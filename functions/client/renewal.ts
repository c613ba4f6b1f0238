// The renewal loop both SDK binders share: on "token will expire", fetch a fresh token and hand
// it to the SDK; when that fails, report it and try again until the old token has expired.
import { type Clock, sleep, systemClock } from './timing.ts';
import type { TokenRequest, TokenResponse } from './types.ts';

/** What the binders need from a client (a TokenClient, or anything with the same getToken). */
export interface TokenSource {
  getToken(request?: TokenRequest): Promise<TokenResponse>;
}

/** ZEGO's SDKs announce expiry this long before it (and at once if less is left at login). */
export const SDK_WARNING_SECONDS = 30;

export interface RenewalFailure {
  /** The room (Express); undefined for ZIM. */
  roomId: string | undefined;
  /** 1 for the first try after the event. */
  attempt: number;
  /** False when the old token will have expired before another try: the SDK disconnects. */
  willRetry: boolean;
}

export interface KeepFreshOptions {
  /** Every failed renewal (the service's TokenServiceError, or the SDK's rejection). */
  onError?: (error: unknown, failure: RenewalFailure) => void;
  /** Every applied token. */
  onRenewed?: (response: TokenResponse, roomId: string | undefined) => void;
  /** Pause between failed tries: doubles from this (default 1 s), at most 5 s. */
  retryDelayMs?: number;
  clock?: Clock;
}

interface Renewal {
  deadlineMs: number;
}

export interface Renewer {
  /** Starts renewing `key` unless a renewal for it is running (then only the deadline moves). */
  renew(
    key: string,
    roomId: string | undefined,
    deadlineMs: number,
    run: () => Promise<TokenResponse>,
  ): void;
  stop(): void;
}

export function createRenewer(options: KeepFreshOptions): Renewer {
  const clock = options.clock ?? systemClock;
  const firstDelayMs = options.retryDelayMs ?? 1000;
  const running = new Map<string, Renewal>();
  let stopped = false;

  async function loop(
    roomId: string | undefined,
    state: Renewal,
    run: () => Promise<TokenResponse>,
  ): Promise<void> {
    for (let attempt = 1; !stopped; attempt += 1) {
      try {
        const response = await run();
        if (!stopped) options.onRenewed?.(response, roomId);
        return;
      } catch (error) {
        if (stopped) return;
        const delay = Math.min(5000, firstDelayMs * 2 ** (attempt - 1));
        const willRetry = clock.now() + delay < state.deadlineMs;
        options.onError?.(error, { roomId, attempt, willRetry });
        if (!willRetry) return;
        await sleep(clock, delay);
      }
    }
  }

  return {
    renew(key, roomId, deadlineMs, run) {
      if (stopped) return;
      const current = running.get(key);
      if (current) {
        current.deadlineMs = Math.max(current.deadlineMs, deadlineMs);
        return;
      }
      const state: Renewal = { deadlineMs };
      running.set(key, state);
      loop(roomId, state, run)
        .catch(() => undefined) // onError/onRenewed threw: nothing sensible to do with it here
        .finally(() => running.delete(key));
    },
    stop() {
      stopped = true;
    },
  };
}
