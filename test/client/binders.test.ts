// keepZimTokenFresh / keepExpressTokenFresh with fake SDK objects that behave like the typings
// (test/client/support.ts), a real token client over a scripted fetch, and fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type RenewalFailure,
  type TokenRequest,
  type TokenResponse,
  TokenServiceError,
} from 'zego-token-client';
import {
  type Answer,
  clientWith,
  FakeExpressEngine,
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
  // No retries inside the client here: the binder's own retry loop is under test.
  const client = clientWith(fetch, { retry: { maxAttempts: 1 } });
  const errors: Array<{ error: unknown; failure: RenewalFailure }> = [];
  const renewed: Array<{ token: string; roomId: string | undefined }> = [];
  const options = {
    onError: (error: unknown, failure: RenewalFailure) => errors.push({ error, failure }),
    onRenewed: (response: TokenResponse, roomId: string | undefined) =>
      renewed.push({ token: response.token, roomId }),
  };
  return { fetch, client, errors, renewed, options };
}

const ok = (overrides: Partial<TokenResponse> = {}): Answer => ({
  status: 200,
  body: tokenBody(overrides),
});
const fail500: Answer = { status: 500, body: problemBody(500, 'internal_error') };

describe('keepZimTokenFresh', () => {
  it('on tokenWillExpire fetches a fresh basic token and hands it to zim.renewToken', async () => {
    const { fetch, client, renewed, options } = setup(ok());
    const zim = new FakeZim();
    keepZimTokenFresh(zim, client, undefined, options);
    expect(zim.listening).toBe(true);
    zim.emitTokenWillExpire(30);
    await vi.runAllTimersAsync();
    expect(fetch.calls.map((c) => c.body)).toEqual([{}]);
    expect(zim.renewed).toHaveLength(1);
    expect(zim.renewed[0]).toMatch(/^04/);
    expect(renewed).toEqual([{ token: zim.renewed[0], roomId: undefined }]);
  });

  it('sends the given request body', async () => {
    const { fetch, client } = setup(ok());
    const zim = new FakeZim();
    const request: TokenRequest = { ttlSeconds: 7200, cipher: 'cbc' };
    keepZimTokenFresh(zim, client, request);
    zim.emitTokenWillExpire(30);
    await vi.runAllTimersAsync();
    expect(fetch.calls[0]?.body).toEqual(request);
  });

  it('retries a failed renewal, reporting each failure, until it succeeds', async () => {
    const { fetch, client, errors, options } = setup(fail500, fail500, ok());
    const zim = new FakeZim();
    keepZimTokenFresh(zim, client, {}, options);
    zim.emitTokenWillExpire(30);
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(3);
    expect(zim.renewed).toHaveLength(1);
    expect(errors.map((e) => e.failure)).toEqual([
      { roomId: undefined, attempt: 1, willRetry: true },
      { roomId: undefined, attempt: 2, willRetry: true },
    ]);
    expect(errors[0]?.error).toBeInstanceOf(TokenServiceError);
  });

  it('retries when ZIM itself rejects renewToken', async () => {
    const { client, errors, options } = setup(ok(), ok());
    const zim = new FakeZim();
    zim.failRenewals = 1;
    keepZimTokenFresh(zim, client, {}, options);
    zim.emitTokenWillExpire(30);
    await vi.runAllTimersAsync();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toMatchObject({ message: 'renew failed' });
    expect(zim.renewed).toHaveLength(1);
  });

  it('stops trying once the old token has expired (the seconds the event announced)', async () => {
    const { fetch, client, errors, options } = setup(fail500);
    const zim = new FakeZim();
    keepZimTokenFresh(zim, client, {}, options);
    zim.emitTokenWillExpire(10);
    await vi.runAllTimersAsync();
    // Tries at 0, 1, 3, 7 s; the next pause (5 s) would end after the 10 s left.
    expect(fetch.calls).toHaveLength(4);
    expect(errors.map((e) => e.failure.willRetry)).toEqual([true, true, true, false]);
    expect(Date.now() - new Date('2026-12-01T10:00:00Z').getTime()).toBe(7000);
    expect(zim.renewed).toHaveLength(0);
  });

  it('does not start a second renewal while one is running', async () => {
    const { fetch, client } = setup(fail500, ok());
    const zim = new FakeZim();
    keepZimTokenFresh(zim, client);
    zim.emitTokenWillExpire(30);
    zim.emitTokenWillExpire(29);
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(2);
    expect(zim.renewed).toHaveLength(1);
  });

  it('the returned function removes the listener and cancels a pending retry', async () => {
    const { fetch, client } = setup(fail500, ok());
    const zim = new FakeZim();
    const stop = keepZimTokenFresh(zim, client);
    zim.emitTokenWillExpire(30);
    await vi.advanceTimersByTimeAsync(10);
    expect(fetch.calls).toHaveLength(1);
    stop();
    stop(); // idempotent
    expect(zim.listening).toBe(false);
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(1);
    expect(zim.renewed).toHaveLength(0);
  });
});

describe('keepExpressTokenFresh', () => {
  it('renews each room with a token for that room: renewToken(token, roomID)', async () => {
    const { fetch, client, renewed, options } = setup(
      ok({ roomId: 'room-a' }),
      ok({ roomId: 'room-b' }),
    );
    const engine = new FakeExpressEngine();
    keepExpressTokenFresh(
      engine,
      client,
      (roomId) => ({ roomId, privileges: { loginRoom: true, publishStream: true } }),
      options,
    );
    engine.emitTokenWillExpire('room-a');
    engine.emitTokenWillExpire('room-b');
    await vi.runAllTimersAsync();
    expect(fetch.calls.map((c) => c.body)).toEqual([
      { roomId: 'room-a', privileges: { loginRoom: true, publishStream: true } },
      { roomId: 'room-b', privileges: { loginRoom: true, publishStream: true } },
    ]);
    expect(engine.renewed.map((r) => r.roomID)).toEqual(['room-a', 'room-b']);
    expect(renewed.map((r) => r.roomId)).toEqual(['room-a', 'room-b']);
    expect(engine.renewed[0]?.token).not.toBe(engine.renewed[1]?.token);
  });

  it("fills in the event's room when the body has none, and accepts an async requestForRoom", async () => {
    const { fetch, client } = setup(ok());
    const engine = new FakeExpressEngine();
    keepExpressTokenFresh(engine, client, async () => ({ ttlSeconds: 600 }));
    engine.emitTokenWillExpire('room-9');
    await vi.runAllTimersAsync();
    expect(fetch.calls[0]?.body).toEqual({ ttlSeconds: 600, roomId: 'room-9' });
  });

  it('treats renewToken returning false as a failure and tries again', async () => {
    const { client, errors, options } = setup(ok(), ok());
    const engine = new FakeExpressEngine();
    engine.refuseRenewals = 1;
    keepExpressTokenFresh(engine, client, (roomId) => ({ roomId }), options);
    engine.emitTokenWillExpire('room-1');
    await vi.runAllTimersAsync();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toMatchObject({
      message: 'The Express SDK refused the new token for room room-1.',
    });
    expect(errors[0]?.failure).toEqual({ roomId: 'room-1', attempt: 1, willRetry: true });
    expect(engine.renewed).toHaveLength(1);
  });

  it('gives up at the 30 s the SDK leaves, reporting the last failure as final', async () => {
    const { fetch, client, errors, options } = setup({
      status: 403,
      body: problemBody(403, 'privilege_denied'),
    });
    const engine = new FakeExpressEngine();
    keepExpressTokenFresh(engine, client, (roomId) => ({ roomId }), options);
    engine.emitTokenWillExpire('room-1');
    await vi.runAllTimersAsync();
    // 0, 1, 3, 7, 12, 17, 22, 27 s; a pause of 5 s more would pass 30 s.
    expect(fetch.calls).toHaveLength(8);
    expect(errors.at(-1)?.failure).toEqual({ roomId: 'room-1', attempt: 8, willRetry: false });
    expect(errors.at(-1)?.error).toMatchObject({ code: 'privilege_denied', status: 403 });
  });

  it('the returned function removes only its own listener', async () => {
    const { client } = setup(ok());
    const engine = new FakeExpressEngine();
    const appListener = vi.fn();
    engine.on('tokenWillExpire', appListener);
    const stop = keepExpressTokenFresh(engine, client, (roomId) => ({ roomId }));
    expect(engine.listenerCount).toBe(2);
    stop();
    expect(engine.listenerCount).toBe(1);
    engine.emitTokenWillExpire('room-1');
    await vi.runAllTimersAsync();
    expect(appListener).toHaveBeenCalledWith('room-1');
    expect(engine.renewed).toHaveLength(0);
  });
});
