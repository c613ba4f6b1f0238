// keepExpressTokenFresh from `zego-token-client/react-native`, with a fake engine shaped like
// React Native's ZegoExpressEngine (roomTokenWillExpire(roomID, remainTimeInSecond);
// renewToken(roomID, token): Promise<void>), a real token client over a scripted fetch, and fake
// timers. The same binder against the local stack, as an installed package, is in
// test/packages/client-consumer.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createTokenClient,
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type RenewalFailure,
  TokenServiceError,
} from 'zego-token-client/react-native';
import {
  type Answer,
  FakeReactNativeExpressEngine,
  FakeZim,
  problemBody,
  scriptedFetch,
  tokenBody,
} from './support.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
});
afterEach(() => vi.useRealTimers());

function setup(...answers: Answer[]) {
  const fetch = scriptedFetch(...answers);
  const client = createTokenClient({
    endpoint: 'https://api.example.test/token',
    getIdToken: () => 'id',
    fetch,
    retry: { maxAttempts: 1 },
  });
  const errors: Array<{ error: unknown; failure: RenewalFailure }> = [];
  const onError = (error: unknown, failure: RenewalFailure) => errors.push({ error, failure });
  return { fetch, client, errors, onError };
}

const ok = (roomId?: string): Answer => ({
  status: 200,
  body: tokenBody(roomId === undefined ? {} : { roomId }),
});
const forRoom = (roomId: string) => ({
  roomId,
  privileges: { loginRoom: true, publishStream: true },
});

describe('keepExpressTokenFresh (React Native)', () => {
  it('on roomTokenWillExpire calls renewToken(roomID, token) with a token for that room', async () => {
    const { fetch, client } = setup(ok('room-a'), ok('room-b'));
    const engine = new FakeReactNativeExpressEngine();
    const applied: Array<{ roomID: string | undefined; token: string }> = [];
    keepExpressTokenFresh(engine, client, forRoom, {
      onRenewed: (response, roomID) => applied.push({ roomID, token: response.token }),
    });
    engine.emitRoomTokenWillExpire('room-a', 30);
    engine.emitRoomTokenWillExpire('room-b', 25);
    await vi.runAllTimersAsync();
    expect(fetch.calls.map((c) => c.body)).toEqual([forRoom('room-a'), forRoom('room-b')]);
    expect(engine.renewed.map((r) => r.roomID)).toEqual(['room-a', 'room-b']);
    // The token the service returned for each room, in the second argument.
    expect(engine.renewed).toEqual(applied);
    expect(engine.renewed[0]?.token).toMatch(/^04/);
    expect(engine.renewed[0]?.token).not.toBe(engine.renewed[1]?.token);
  });

  it("fills in the event's room when the body has none", async () => {
    const { fetch, client } = setup(ok());
    const engine = new FakeReactNativeExpressEngine();
    keepExpressTokenFresh(engine, client, async () => ({ ttlSeconds: 600 }));
    engine.emitRoomTokenWillExpire('room-9', 30);
    await vi.runAllTimersAsync();
    expect(fetch.calls[0]?.body).toEqual({ ttlSeconds: 600, roomId: 'room-9' });
  });

  it('awaits renewToken: a rejection is reported through onError and tried again', async () => {
    const { client, errors, onError } = setup(ok(), ok());
    const engine = new FakeReactNativeExpressEngine();
    engine.rejectRenewals = 1;
    const onRenewed = vi.fn();
    keepExpressTokenFresh(engine, client, forRoom, { onError, onRenewed });
    engine.emitRoomTokenWillExpire('room-1', 30);
    await vi.runAllTimersAsync();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toMatchObject({ code: 1002002 });
    expect(errors[0]?.failure).toEqual({ roomId: 'room-1', attempt: 1, willRetry: true });
    expect(engine.renewed).toHaveLength(1);
    expect(onRenewed).toHaveBeenCalledTimes(1);
  });

  it('retries until the remaining time the event announced has run out', async () => {
    const { fetch, client, errors, onError } = setup({
      status: 503,
      body: problemBody(503, 'secret_unavailable'),
    });
    const engine = new FakeReactNativeExpressEngine();
    keepExpressTokenFresh(engine, client, forRoom, { onError });
    engine.emitRoomTokenWillExpire('room-1', 10);
    await vi.runAllTimersAsync();
    // Tries at 0, 1, 3, 7 s; the next pause (5 s) would end after the 10 s left.
    expect(fetch.calls).toHaveLength(4);
    expect(errors.map((e) => e.failure.willRetry)).toEqual([true, true, true, false]);
    expect(errors[0]?.error).toBeInstanceOf(TokenServiceError);
    expect(engine.renewed).toHaveLength(0);
  });

  it('repeated events for one room cost one fetch at a time', async () => {
    const { fetch, client } = setup({ ...ok('room-1'), delayMs: 2000 } as Answer);
    const engine = new FakeReactNativeExpressEngine();
    keepExpressTokenFresh(engine, client, forRoom);
    for (let i = 0; i < 5; i += 1) engine.emitRoomTokenWillExpire('room-1', 30 - i);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch.calls).toHaveLength(1);
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(1);
    expect(engine.renewed).toHaveLength(1);
  });

  it('the returned function removes only its own listener', async () => {
    const { client } = setup(ok());
    const engine = new FakeReactNativeExpressEngine();
    const appListener = vi.fn();
    engine.on('roomTokenWillExpire', appListener);
    const stop = keepExpressTokenFresh(engine, client, forRoom);
    expect(engine.listenerCount).toBe(2);
    stop();
    stop();
    expect(engine.listenerCount).toBe(1);
    engine.emitRoomTokenWillExpire('room-1', 30);
    await vi.runAllTimersAsync();
    expect(appListener).toHaveBeenCalledWith('room-1', 30);
    expect(engine.renewed).toHaveLength(0);
  });
});

describe('keepZimTokenFresh (React Native)', () => {
  it('is the same binder: renewToken(token) on tokenWillExpire', async () => {
    const { client } = setup(ok());
    const zim = new FakeZim();
    keepZimTokenFresh(zim, client);
    zim.emitTokenWillExpire(30);
    await vi.runAllTimersAsync();
    expect(zim.renewed).toHaveLength(1);
  });
});
