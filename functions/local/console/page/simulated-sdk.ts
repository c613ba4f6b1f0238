// Stand-ins for the ZIM and Express Web SDKs, just enough to drive the kit's binders the way
// the real SDKs do: given a token, they read its expiry and fire `tokenWillExpire` 30 s before
// it, and report the session as expired if no fresh token arrives in time. They run on a clock
// that may go faster than real time, so a 60 s token renews in seconds.
import type { Clock, ExpressEngineLike, ZimLike } from 'zego-token-client';

/** The SDKs' warning time before expiry (ZIM and Express both use 30 s). */
const WARNING_MS = 30_000;

export type SessionEvent = 'login' | 'will-expire' | 'applied' | 'refused' | 'expired';
export type SessionLog = (event: SessionEvent, text: string) => void;

/** A clock `speed` times faster than real time, starting at the real time now. */
export function fastClock(speed: number, real: Clock): Clock {
  const realStart = real.now();
  return {
    now: () => realStart + (real.now() - realStart) * speed,
    setTimeout: (callback, ms) => real.setTimeout(callback, ms / speed),
    clearTimeout: (handle) => real.clearTimeout(handle),
  };
}

/** The expiry (Unix seconds) written in a Token04/Token03 envelope, readable without a secret. */
export function tokenExpiry(token: string): number {
  if (!/^0[34][A-Za-z0-9+/]+={0,2}$/.test(token)) throw new Error('not a ZEGO token');
  const binary = atob(token.slice(2));
  if (binary.length < 12) throw new Error('token too short');
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return Number(new DataView(bytes.buffer).getBigInt64(0));
}

/** Token bookkeeping shared by both stand-ins. */
class TokenTimer {
  private timers: unknown[] = [];
  /** On the session clock. */
  expiresAtMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly realNow: () => number,
    private readonly log: SessionLog,
  ) {}

  /** Takes a token: its real remaining lifetime is counted down on the session clock. */
  hold(token: string, onWillExpire: (secondsLeft: number) => void): void {
    const remainingMs = tokenExpiry(token) * 1000 - this.realNow();
    this.cancel();
    this.expiresAtMs = this.clock.now() + remainingMs;
    // As the SDKs do: at once if less than the warning time is left.
    const warnInMs = Math.max(0, remainingMs - WARNING_MS);
    this.timers.push(
      this.clock.setTimeout(() => {
        const left = Math.max(0, Math.round((this.expiresAtMs - this.clock.now()) / 1000));
        onWillExpire(left);
      }, warnInMs),
      this.clock.setTimeout(
        () => {
          this.log('expired', 'token expired: the SDK session is disconnected');
          this.cancel();
        },
        Math.max(0, remainingMs),
      ),
    );
  }

  cancel(): void {
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers = [];
  }
}

export class SimulatedZim implements ZimLike {
  private listener: ((zim: unknown, data: { second: number }) => void) | undefined;
  private readonly timer: TokenTimer;

  constructor(
    clock: Clock,
    realNow: () => number,
    private readonly log: SessionLog,
  ) {
    this.timer = new TokenTimer(clock, realNow, log);
  }

  get expiresAtMs(): number {
    return this.timer.expiresAtMs;
  }

  on(_type: 'tokenWillExpire', listener: (zim: unknown, data: { second: number }) => void): void {
    this.listener = listener; // ZIM keeps one listener per event
  }

  off(_type: 'tokenWillExpire'): void {
    this.listener = undefined;
  }

  login(token: string): void {
    this.hold(token);
    this.log('login', 'zim.login(userInfo, token)');
  }

  async renewToken(token: string): Promise<unknown> {
    this.hold(token);
    this.log('applied', 'zim.renewToken(token): accepted');
    return { token };
  }

  logout(): void {
    this.timer.cancel();
  }

  private hold(token: string): void {
    this.timer.hold(token, (second) => {
      this.log('will-expire', `tokenWillExpire {second: ${second}}`);
      this.listener?.(this, { second });
    });
  }
}

export class SimulatedExpress implements ExpressEngineLike {
  private readonly listeners = new Set<(roomID: string) => void>();
  private readonly timer: TokenTimer;

  constructor(
    clock: Clock,
    realNow: () => number,
    private readonly log: SessionLog,
    private readonly roomId: string,
  ) {
    this.timer = new TokenTimer(clock, realNow, log);
  }

  get expiresAtMs(): number {
    return this.timer.expiresAtMs;
  }

  on(_event: 'tokenWillExpire', callBack: (roomID: string) => void): boolean {
    this.listeners.add(callBack);
    return true;
  }

  off(_event: 'tokenWillExpire', callBack?: (roomID: string) => void): boolean {
    if (callBack) this.listeners.delete(callBack);
    else this.listeners.clear();
    return true;
  }

  loginRoom(token: string): void {
    this.hold(token);
    this.log('login', `engine.loginRoom("${this.roomId}", token, user)`);
  }

  renewToken(token: string, roomID?: string): boolean {
    if (roomID !== undefined && roomID !== this.roomId) {
      this.log('refused', `engine.renewToken(token, "${roomID}"): not logged in to that room`);
      return false;
    }
    this.hold(token);
    this.log('applied', `engine.renewToken(token, "${this.roomId}"): accepted`);
    return true;
  }

  logout(): void {
    this.timer.cancel();
  }

  private hold(token: string): void {
    this.timer.hold(token, () => {
      this.log('will-expire', `tokenWillExpire("${this.roomId}")`);
      for (const listener of this.listeners) listener(this.roomId);
    });
  }
}
