// createTokenClient: POST /token with the user's Cognito ID token, with a small cache, single
// flight for identical concurrent requests, and retries inside one total time limit. No runtime
// dependencies and no DOM or Node types: one module for browsers, React Native and Node.
import { type FetchResponseLike, readCapped } from './body.ts';
import {
  type AbortSignalLike,
  bounded,
  fromSignal,
  newController,
  race,
  sleep,
  Trigger,
} from './cancel.ts';
import { CLIENT_ERROR_CODES, TokenServiceError } from './errors.ts';
import { userKey } from './id-token.ts';
import {
  type Clock,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  retryDelayMs,
  systemClock,
} from './timing.ts';
import type { TokenRequest, TokenResponse } from './types.ts';
import { readAnswer, requestKey } from './wire.ts';

/** The part of `fetch` the kit calls (the global one in browsers, React Native and Node 18+). */
export type FetchLike = (
  url: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    /** The kit's own AbortController's signal (the platform's AbortSignal). */
    signal?: AbortSignal;
  },
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
  /** One HTTP attempt, body included, is abandoned after this long (default 10 s). */
  timeoutMs?: number;
  /** `getIdToken` must answer within this (default 10 s), or the call fails as id_token_unavailable. */
  idTokenTimeoutMs?: number;
  /** `getToken` settles within this, whatever happens: getIdToken, attempts, waits (default 15 s). */
  totalTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Default: Date.now and the global timers, read at call time (fake-timer friendly). */
  clock?: Clock;
  /** Jitter source in [0, 1) (default Math.random; it only spreads retries in time). */
  random?: () => number;
}

export interface GetTokenOptions {
  /** When it aborts, the call rejects at once with code `aborted`. */
  signal?: AbortSignalLike;
}

export interface TokenClient {
  /** A token for `request` (default: a basic token), from the cache or from the service. */
  getToken(request?: TokenRequest, options?: GetTokenOptions): Promise<TokenResponse>;
  /** Forgets cached tokens and voids requests under way; call it when the user signs out. */
  clear(): void;
}

interface CachedToken {
  response: TokenResponse;
  /** Local clock: send time + the token's lifetime, so a skewed device clock does no harm. */
  expiresAtMs: number;
}

/** Requests in flight for one key, shared by every caller asking for it. */
interface Flight {
  promise: Promise<TokenResponse>;
  waiters: number;
  /** Fired when the last waiter has gone: the exchange is abandoned. */
  abandoned: Trigger;
}

const MAX_CACHED = 64;

const clientError = (code: string, detail: string, cause?: unknown) =>
  new TokenServiceError({ code, status: 0, detail, cause });

export function createTokenClient(options: TokenClientOptions): TokenClient {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const minRemainingMs = (options.minRemainingSeconds ?? 90) * 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const idTokenTimeoutMs = options.idTokenTimeoutMs ?? 10_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? 15_000;
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, Flight>();
  /** Replaced by clear(), which fires the old one: every request of that epoch is void. */
  let epoch = new Trigger();

  function send(): FetchLike {
    if (options.fetch) return options.fetch;
    const global = (globalThis as { fetch?: FetchLike }).fetch;
    if (typeof global !== 'function') {
      throw new TypeError('No global fetch here: pass createTokenClient({ fetch })');
    }
    return (url, init) => global(url, init);
  }

  /** One HTTP exchange within `ms`; rejects with a TokenServiceError. */
  async function attempt(
    idToken: string,
    body: string,
    ms: number,
    stops: Trigger[],
  ): Promise<TokenResponse> {
    const post = send();
    const controller = newController();
    const exchange = async () => {
      const response = await post(options.endpoint, {
        method: 'POST',
        headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
        body,
        ...(controller ? { signal: controller.signal } : {}),
      });
      return { response, text: await readCapped(response) };
    };
    const answer = await bounded(
      exchange,
      clock,
      ms,
      stops,
      () =>
        clientError(
          CLIENT_ERROR_CODES.network,
          `No answer from ${options.endpoint} within ${ms} ms.`,
        ),
      (cause) =>
        clientError(CLIENT_ERROR_CODES.network, `Could not reach ${options.endpoint}.`, cause),
    ).catch((error: unknown) => {
      controller?.abort(); // a trigger fired (time limit, abort, clear) or it failed: end it
      throw error;
    });
    return readAnswer(answer.response, answer.text, clock.now());
  }

  async function fetchWithRetries(
    idToken: string,
    request: TokenRequest,
    deadlineMs: number,
    stops: Trigger[],
  ): Promise<TokenResponse> {
    const body = JSON.stringify(request);
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      // Never 0: getIdToken may have used up the whole budget; then this attempt gets 1 ms.
      const ms = Math.max(1, Math.min(timeoutMs, deadlineMs - clock.now()));
      try {
        return await attempt(idToken, body, ms, stops);
      } catch (error) {
        if (!(error instanceof TokenServiceError)) throw error;
        const delay = retryDelayMs(error, attemptNumber, policy, random);
        if (
          delay === undefined ||
          attemptNumber >= policy.maxAttempts ||
          clock.now() + delay >= deadlineMs
        ) {
          throw error;
        }
        await sleep(clock, delay, stops);
      }
    }
  }

  async function currentIdToken(ms: number, stops: Trigger[]): Promise<string> {
    const idToken: unknown = await bounded(
      () => Promise.resolve().then(() => options.getIdToken()),
      clock,
      ms,
      stops,
      () => clientError(CLIENT_ERROR_CODES.noIdToken, `getIdToken did not answer within ${ms} ms.`),
      (cause) =>
        clientError(
          CLIENT_ERROR_CODES.noIdToken,
          'getIdToken failed; is the user signed in?',
          cause,
        ),
    );
    if (typeof idToken === 'string' && idToken !== '') return idToken;
    throw clientError(
      CLIENT_ERROR_CODES.noIdToken,
      'getIdToken gave no token; is the user signed in?',
    );
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

  function startFlight(
    key: string,
    idToken: string,
    request: TokenRequest,
    deadlineMs: number,
  ): Flight {
    const flightEpoch = epoch;
    const abandoned = new Trigger();
    const sentAt = clock.now();
    const flight: Flight = {
      waiters: 0,
      abandoned,
      promise: fetchWithRetries(idToken, request, deadlineMs, [flightEpoch, abandoned])
        .then((response) => {
          if (flightEpoch === epoch) remember(key, response, sentAt);
          return response;
        })
        .finally(() => {
          if (inFlight.get(key) === flight) inFlight.delete(key);
        }),
    };
    flight.promise.catch(() => undefined); // its waiters see the outcome; none may be left
    inFlight.set(key, flight);
    return flight;
  }

  async function tokenFor(
    request: TokenRequest,
    callEpoch: Trigger,
    aborted: Trigger,
  ): Promise<TokenResponse> {
    const deadlineMs = clock.now() + totalTimeoutMs;
    const stops = [callEpoch, aborted];
    if (aborted.fired) throw aborted.reason;
    const idToken = await currentIdToken(Math.min(idTokenTimeoutMs, totalTimeoutMs), stops);
    // Keyed by the user, not the raw JWT: a token is never handed to another signed-in user.
    const key = `${userKey(idToken)}\n${requestKey(request)}`;
    const cached = cache.get(key);
    if (cached && cached.expiresAtMs - clock.now() > minRemainingMs) return cached.response;

    const flight = inFlight.get(key) ?? startFlight(key, idToken, request, deadlineMs);
    flight.waiters += 1;
    try {
      return await race(flight.promise, stops);
    } finally {
      flight.waiters -= 1;
      if (flight.waiters === 0) {
        // Nobody waits any more (settled, aborted or cleared): end the exchange, and let no
        // later caller join it.
        if (inFlight.get(key) === flight) inFlight.delete(key);
        flight.abandoned.fire(aborted.reason);
      }
    }
  }

  return {
    getToken(request = {}, { signal } = {}) {
      const [aborted, release] = fromSignal(signal, (cause) =>
        clientError(CLIENT_ERROR_CODES.aborted, 'getToken was aborted.', cause),
      );
      // The epoch is taken now, so clear() in the same tick still voids this call.
      const call = tokenFor(request, epoch, aborted);
      call.then(release, release);
      return call;
    },
    clear() {
      const old = epoch;
      epoch = new Trigger();
      cache.clear();
      inFlight.clear();
      old.fire(clientError(CLIENT_ERROR_CODES.cleared, 'clear() was called during the request.'));
    },
  };
}
