// Renewal can never outlive stop() or cross users: a delayed fake fetch is under way when the
// app stops the binder, clears the client, or switches users, and what reaches the SDK is
// counted. Fake SDK objects as in test/client/support.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type TokenClientOptions,
} from 'zego-token-client';
import { keepExpressTokenFresh as keepReactNativeExpressTokenFresh } from 'zego-token-client/react-native';
import {
  type Answer,
  clientWith,
  FakeExpressEngine,
  FakeReactNativeExpressEngine,
  FakeZim,
  scriptedFetch,
  tokenBody,
} from './support.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
});
afterEach(() => vi.useRealTimers());

/** Every answer arrives 2 s after the request. */
const slow = (): Answer => ({ status: 200, body: tokenBody(), delayMs: 2000 });

function clientFor(answers: Answer[], more: Partial<TokenClientOptions> = {}) {
  const fetch = scriptedFetch(...answers);
  return { fetch, client: clientWith(fetch, more) };
}

const forRoom = (roomId: string) => ({ roomId });

describe('after stop(), no renewToken, even for a fetch already under way', () => {
  it('ZIM', async () => {
    const { fetch, client } = clientFor([slow()]);
    const zim = new FakeZim();
    const onError = vi.fn();
    const stop = keepZimTokenFresh(zim, client, {}, { onError });
    zim.emitTokenWillExpire(30);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch.calls).toHaveLength(1);
    stop();
    await vi.runAllTimersAsync();
    expect(zim.renewed).toHaveLength(0);
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);
    expect(onError).not.toHaveBeenCalled(); // stopping is not a failure
  });

  it('Express Web, three rooms', async () => {
    const { fetch, client } = clientFor([slow()]);
    const engine = new FakeExpressEngine();
    const stop = keepExpressTokenFresh(engine, client, forRoom);
    for (const room of ['r1', 'r2', 'r3']) engine.emitTokenWillExpire(room);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch.calls).toHaveLength(3);
    stop();
    await vi.runAllTimersAsync();
    expect(engine.renewed).toHaveLength(0);
  });

  it('Express React Native, three rooms', async () => {
    const { fetch, client } = clientFor([slow()]);
    const engine = new FakeReactNativeExpressEngine();
    const stop = keepReactNativeExpressTokenFresh(engine, client, forRoom);
    for (const room of ['r1', 'r2', 'r3']) engine.emitRoomTokenWillExpire(room, 30);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch.calls).toHaveLength(3);
    stop();
    await vi.runAllTimersAsync();
    expect(engine.renewed).toHaveLength(0);
  });

  it('a token source that ignores the abort still never reaches the SDK', async () => {
    const zim = new FakeZim();
    const late = {
      getToken: () =>
        new Promise<ReturnType<typeof tokenBody>>((resolve) =>
          setTimeout(() => resolve(tokenBody()), 2000),
        ),
    };
    const stop = keepZimTokenFresh(zim, late);
    zim.emitTokenWillExpire(30);
    await vi.advanceTimersByTimeAsync(1000);
    stop();
    await vi.runAllTimersAsync();
    expect(zim.renewed).toHaveLength(0);
  });
});

describe('clear() and user switches', () => {
  it('clear() leaves 0 cached tokens: a renewal under way is refused, and the next one fetches anew', async () => {
    const { fetch, client } = clientFor([slow(), { status: 200, body: tokenBody() }]);
    const zim = new FakeZim();
    const errors: unknown[] = [];
    keepZimTokenFresh(zim, client, {}, { onError: (error) => errors.push(error) });
    zim.emitTokenWillExpire(30);
    await vi.advanceTimersByTimeAsync(1000);
    client.clear();
    await vi.runAllTimersAsync();
    // The voided answer was never handed on; the retry fetched a new one.
    expect(errors).toEqual([expect.objectContaining({ code: 'cleared' })]);
    expect(fetch.calls).toHaveLength(2);
    expect(zim.renewed).toHaveLength(1);
    await client.getToken();
    expect(fetch.calls).toHaveLength(2); // only the token fetched after clear() is cached
  });

  it("after a user switch, user A's token never reaches user B's ZIM session", async () => {
    const tokenForA = tokenBody({ userId: 'user-a' });
    const tokenForB = tokenBody({ userId: 'user-b' });
    let user = 'a';
    const { fetch, client } = clientFor(
      [
        { status: 200, body: tokenForA, delayMs: 2000 },
        { status: 200, body: tokenForB },
      ],
      { getIdToken: () => `id-of-${user}` },
    );
    const zim = new FakeZim();
    const stopA = keepZimTokenFresh(zim, client);
    zim.emitTokenWillExpire(30);
    await vi.advanceTimersByTimeAsync(1000);

    // Sign-out as documented, then B signs in on the same ZIM instance.
    stopA();
    client.clear();
    user = 'b';
    keepZimTokenFresh(zim, client);
    zim.emitTokenWillExpire(30);
    await vi.runAllTimersAsync();

    expect(fetch.calls.map((c) => c.headers.Authorization)).toEqual([
      'Bearer id-of-a',
      'Bearer id-of-b',
    ]);
    expect(zim.renewed).toEqual([tokenForB.token]);
  });

  it('an Express room event repeated while its renewal runs costs one fetch at a time', async () => {
    const { fetch, client } = clientFor([slow()]);
    const engine = new FakeExpressEngine();
    keepExpressTokenFresh(engine, client, forRoom);
    for (let i = 0; i < 5; i += 1) engine.emitTokenWillExpire('room-1');
    engine.emitTokenWillExpire('room-2');
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch.calls.map((c) => c.body)).toEqual([forRoom('room-1'), forRoom('room-2')]);
    await vi.runAllTimersAsync();
    expect(engine.renewed.map((r) => r.roomID)).toEqual(['room-1', 'room-2']);
  });
});
