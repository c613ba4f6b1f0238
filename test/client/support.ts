// Fakes for the client kit's unit tests: a scripted fetch, a client on it, and SDK objects that
// behave as the ZEGO SDK typings describe (ZIM: one listener per event; Express Web and React
// Native: many, removed by callback).
import {
  createTokenClient,
  type FetchLike,
  type FetchResponseLike,
  type TokenClient,
  type TokenClientOptions,
  type TokenResponse,
} from 'zego-token-client';

export const ENDPOINT = 'https://api.example.test/prod/token';

/** A client of `fetch` at ENDPOINT, ID token `id-token-1`, no retry jitter; `more` overrides. */
export function clientWith(fetch: FetchLike, more: Partial<TokenClientOptions> = {}): TokenClient {
  return createTokenClient({
    endpoint: ENDPOINT,
    getIdToken: () => 'id-token-1',
    fetch,
    random: () => 0,
    ...more,
  });
}

/** Settles a promise's outcome without an unhandled rejection while timers run. */
export function outcome<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error) => Object.assign(state, { error, done: true }),
  );
  return state;
}

export interface RecordedCall {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
}

export type Answer =
  | {
      status: number;
      body?: unknown;
      text?: string;
      headers?: Record<string, string>;
      /** Answer only after this long (timers, so fake timers drive it); an abort rejects it. */
      delayMs?: number;
    }
  | { network: true }
  | { hang: true };

function abortable(signal: AbortSignal | undefined, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
}

/** A fetch that answers from a script (the last answer repeats) and records every call. */
export function scriptedFetch(...answers: Answer[]): FetchLike & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fetch = async (url: string, init: Parameters<FetchLike>[1]) => {
    const signal = init.signal as AbortSignal | undefined;
    calls.push({ url, headers: init.headers, body: JSON.parse(init.body), signal });
    const answer = answers[Math.min(calls.length, answers.length) - 1] as Answer;
    if ('network' in answer) throw new TypeError('fetch failed');
    if ('hang' in answer) {
      return new Promise<FetchResponseLike>((_, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    }
    if (answer.delayMs !== undefined) await abortable(signal, answer.delayMs);
    const headers = new Map(
      Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    return {
      status: answer.status,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: async () => text,
    };
  };
  return Object.assign(fetch, { calls });
}

let serial = 0;

/** A well-formed 200 body (the service's shape), with a distinct token each time. */
export function tokenBody(
  overrides: Partial<TokenResponse> = {},
  nowSeconds = Math.floor(Date.now() / 1000),
): TokenResponse {
  serial += 1;
  return {
    token: `04AAAA${serial}`,
    version: '04',
    cipher: 'gcm',
    appId: 1234567890,
    userId: 'a1b2c3',
    issuedAt: nowSeconds,
    expiresAt: nowSeconds + 3600,
    ttlSeconds: 3600,
    ...overrides,
  };
}

export function problemBody(status: number, code: string, detail = `detail of ${code}`) {
  return {
    type: `urn:zego-token-service:problem:${code}`,
    title: code,
    status,
    detail,
    code,
    requestId: `req-${code}`,
  };
}

/** Like a ZIM instance: `on` replaces the event's listener, `off(type)` removes it. */
export class FakeZim {
  private listener: ((zim: unknown, data: { second: number }) => void) | undefined;
  readonly renewed: string[] = [];
  failRenewals = 0;

  on(type: 'tokenWillExpire', listener: (zim: unknown, data: { second: number }) => void): void {
    if (type === 'tokenWillExpire') this.listener = listener;
  }
  off(type: 'tokenWillExpire'): void {
    if (type === 'tokenWillExpire') this.listener = undefined;
  }
  async renewToken(token: string): Promise<{ token: string }> {
    if (this.failRenewals > 0) {
      this.failRenewals -= 1;
      throw Object.assign(new Error('renew failed'), { code: 6000103 });
    }
    this.renewed.push(token);
    return { token };
  }
  get listening(): boolean {
    return this.listener !== undefined;
  }
  /** What the SDK does `second` seconds before the token expires. */
  emitTokenWillExpire(second: number): void {
    this.listener?.(this, { second });
  }
}

/** Like a ZegoExpressEngine: several listeners, `off(event, cb)` removes one; renewToken → boolean. */
export class FakeExpressEngine {
  private listeners: Array<(roomID: string) => void> = [];
  readonly renewed: Array<{ token: string; roomID: string | undefined }> = [];
  refuseRenewals = 0;

  on(event: 'tokenWillExpire', callBack: (roomID: string) => void): boolean {
    if (event === 'tokenWillExpire') this.listeners.push(callBack);
    return true;
  }
  off(event: 'tokenWillExpire', callBack?: (roomID: string) => void): boolean {
    if (event !== 'tokenWillExpire') return false;
    this.listeners = callBack ? this.listeners.filter((l) => l !== callBack) : [];
    return true;
  }
  renewToken(token: string, roomID?: string): boolean {
    if (this.refuseRenewals > 0) {
      this.refuseRenewals -= 1;
      return false;
    }
    this.renewed.push({ token, roomID });
    return true;
  }
  get listenerCount(): number {
    return this.listeners.length;
  }
  emitTokenWillExpire(roomID: string): void {
    for (const listener of [...this.listeners]) listener(roomID);
  }
}

/**
 * Like React Native's ZegoExpressEngine (zego-express-engine-reactnative 3.22): listeners kept by
 * callback, `roomTokenWillExpire(roomID, remainTimeInSecond)`, and `renewToken(roomID, token)`
 * returning a promise that rejects when the native side refuses.
 */
export class FakeReactNativeExpressEngine {
  private listeners = new Set<(roomID: string, remainTimeInSecond: number) => void>();
  readonly renewed: Array<{ roomID: string; token: string }> = [];
  rejectRenewals = 0;

  on(
    event: 'roomTokenWillExpire',
    callback: (roomID: string, remainTimeInSecond: number) => void,
  ): void {
    if (event === 'roomTokenWillExpire') this.listeners.add(callback);
  }
  off(
    event: 'roomTokenWillExpire',
    callback: ((roomID: string, remainTimeInSecond: number) => void) | undefined,
  ): void {
    if (event !== 'roomTokenWillExpire') return;
    if (callback) this.listeners.delete(callback);
    else this.listeners.clear();
  }
  async renewToken(roomID: string, token: string): Promise<void> {
    if (this.rejectRenewals > 0) {
      this.rejectRenewals -= 1;
      throw Object.assign(new Error('not logged in to that room'), { code: 1002002 });
    }
    this.renewed.push({ roomID, token });
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  emitRoomTokenWillExpire(roomID: string, remainTimeInSecond: number): void {
    for (const listener of [...this.listeners]) listener(roomID, remainTimeInSecond);
  }
}
