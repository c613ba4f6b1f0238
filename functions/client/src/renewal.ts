// The renewal loop every SDK binder shares: on "token will expire", fetch a fresh token and hand
// it to the SDK; when that fails, report it and try again until the old token has expired. One
// renewal per room/session at a time; after stop() nothing more reaches the SDK.
import { newController, sleep, Trigger } from './cancel.ts';
import { type Clock, systemClock } from './timing.ts';
import type { GetTokenOptions } from './token-client.ts';
import type { TokenRequest, TokenResponse } from './types.ts';

/** What the binders need from a client (a TokenClient, or anything with the same getToken). */
export interface TokenSource {
  getToken(request?: TokenRequest, options?: GetTokenOptions): Promise<TokenResponse>;
}

/** ZEGO's Web SDKs announce expiry this long before it (and at once if less is left at login). */
export const SDK_WARNING_SECONDS = 30;

/** The seconds an SDK event announced, or the usual warning time when it gave none. */
function secondsFrom(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : SDK_WARNING_SECONDS;
}

/** The body for a room's token, e.g. `(roomId) => ({ roomId, privileges: { loginRoom: true } })`. */
export type RequestForRoom = (roomId: string) => TokenRequest | Promise<TokenRequest>;

/** A token for the room: the app's body, with the event's room when the body names none. */
export async function roomToken(
  client: TokenSource,
  requestForRoom: RequestForRoom,
  roomID: string,
  fetchOptions: GetTokenOptions,
): Promise<TokenResponse> {
  const body = await requestForRoom(roomID);
  return client.getToken({ ...body, roomId: body.roomId ?? roomID }, fetchOptions);
}

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

/** One renewal: get a token, then hand it to the SDK (which may refuse by throwing). */
export interface RenewalSteps {
  fetch(options: GetTokenOptions): Promise<TokenResponse>;
  apply(response: TokenResponse): unknown;
}

export interface Renewer {
  /**
   * Starts renewing `key` unless a renewal for it is running (then only the deadline moves).
   * The old token expires `secondsLeft` from now (as secondsFrom reads the SDK's figure).
   */
  renew(key: string, roomId: string | undefined, secondsLeft: unknown, steps: RenewalSteps): void;
  /**
   * Ends every renewal: a fetch under way is aborted and its token never reaches the SDK.
   * True only the first time, so a binder removes its listener once.
   */
  stop(): boolean;
}

export function createRenewer(options: KeepFreshOptions): Renewer {
  const clock = options.clock ?? systemClock;
  const firstDelayMs = options.retryDelayMs ?? 1000;
  const deadlines = new Map<string, number>();
  const stopped = new Trigger();
  const controller = newController();
  const fetchOptions: GetTokenOptions = controller ? { signal: controller.signal } : {};
  stopped.on(() => controller?.abort());

  async function loop(key: string, roomId: string | undefined, steps: RenewalSteps) {
    for (let attempt = 1; !stopped.fired; attempt += 1) {
      try {
        const response = await steps.fetch(fetchOptions);
        if (stopped.fired) return; // stop() while the fetch was under way
        await steps.apply(response);
        if (!stopped.fired) options.onRenewed?.(response, roomId);
        return;
      } catch (error) {
        if (stopped.fired) return;
        const delay = Math.min(5000, firstDelayMs * 2 ** (attempt - 1));
        const willRetry = clock.now() + delay < (deadlines.get(key) ?? 0);
        options.onError?.(error, { roomId, attempt, willRetry });
        if (!willRetry) return;
        await sleep(clock, delay, [stopped]);
      }
    }
  }

  return {
    renew(key, roomId, secondsLeft, steps) {
      if (stopped.fired) return;
      const deadlineMs = clock.now() + secondsFrom(secondsLeft) * 1000;
      const current = deadlines.get(key);
      deadlines.set(key, Math.max(current ?? 0, deadlineMs));
      if (current !== undefined) return; // one renewal per room/session at a time
      loop(key, roomId, steps)
        .catch(() => undefined) // stop() during a pause, or onError/onRenewed threw
        .finally(() => deadlines.delete(key));
    },
    stop() {
      if (stopped.fired) return false;
      stopped.fire(undefined);
      return true;
    },
  };
}
