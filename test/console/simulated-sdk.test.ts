// The console's SDK stand-ins, on fake timers: they read a token's expiry from its envelope and
// fire tokenWillExpire 30 s before it, and the kit's real binder renews through them.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepZimTokenFresh, type TokenResponse } from 'zego-token-client';
import {
  fastClock,
  type SessionEvent,
  SimulatedExpress,
  SimulatedZim,
  tokenExpiry,
} from '../../functions/local/console/page/simulated-sdk.ts';
import { asciiIv, referenceGcm04 } from '../support/reference-token.ts';

const SECRET = randomBytes(16).toString('hex');

function tokenExpiringAt(expire: number): string {
  return referenceGcm04(
    { appId: 1, userId: 'u', secret: SECRET, nonce: 1, ctime: expire - 60, expire, payload: '' },
    asciiIv(12),
  );
}

const realClock = {
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
};

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('simulated SDK sessions', () => {
  it('reads the expiry from the envelope and refuses what is not a token', () => {
    expect(tokenExpiry(tokenExpiringAt(1_796_210_000))).toBe(1_796_210_000);
    expect(() => tokenExpiry('not a token')).toThrow();
  });

  it('a fast clock runs `speed` times faster than real time, timers included', () => {
    const clock = fastClock(30, realClock);
    const start = clock.now();
    const fired = vi.fn();
    clock.setTimeout(fired, 30_000);
    vi.advanceTimersByTime(999);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledOnce();
    expect(clock.now() - start).toBe(30_000);
  });

  it('ZIM: tokenWillExpire 30 s before expiry; the binder renews; no renewal → expired', async () => {
    const events: [SessionEvent, string][] = [];
    const zim = new SimulatedZim(realClock, Date.now, (event, text) => events.push([event, text]));
    const nowSeconds = () => Math.floor(Date.now() / 1000);
    let served = 0;
    const source = {
      async getToken(): Promise<TokenResponse> {
        served += 1;
        const token = tokenExpiringAt(nowSeconds() + 60);
        return {
          token,
          version: '04',
          cipher: 'gcm',
          appId: 1,
          userId: 'u',
          issuedAt: nowSeconds(),
          expiresAt: nowSeconds() + 60,
          ttlSeconds: 60,
        };
      },
    };
    const renewed = vi.fn();
    const unbind = keepZimTokenFresh(zim, source, {}, { onRenewed: renewed });
    zim.login(tokenExpiringAt(nowSeconds() + 60));

    await vi.advanceTimersByTimeAsync(29_999);
    expect(events.map(([e]) => e)).toEqual(['login']);
    await vi.advanceTimersByTimeAsync(1);
    expect(events.map(([e]) => e)).toEqual(['login', 'will-expire', 'applied']);
    expect(events[1]?.[1]).toBe('tokenWillExpire {second: 30}');
    expect(renewed).toHaveBeenCalledOnce();
    expect(served).toBe(1);

    // The renewed token lives 60 s from now: the next warning 30 s later, not at the old expiry.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(served).toBe(2);

    unbind();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events.at(-1)?.[0]).toBe('expired');
    expect(served).toBe(2);
  });

  it('Express: fires with the room, and refuses a token for another room', () => {
    const events: SessionEvent[] = [];
    const engine = new SimulatedExpress(realClock, Date.now, (e) => events.push(e), 'room-1');
    const rooms: string[] = [];
    engine.on('tokenWillExpire', (roomID) => rooms.push(roomID));
    // Less than 30 s left at login: the warning comes at once.
    engine.loginRoom(tokenExpiringAt(Math.floor(Date.now() / 1000) + 20));
    vi.advanceTimersByTime(0);
    expect(rooms).toEqual(['room-1']);
    expect(engine.renewToken(tokenExpiringAt(2_000_000_000), 'room-2')).toBe(false);
    expect(engine.renewToken(tokenExpiringAt(2_000_000_000), 'room-1')).toBe(true);
    expect(events).toEqual(['login', 'will-expire', 'refused', 'applied']);
  });
});
