// End to end over real HTTP on loopback: cognito-local (real sign-in), the local API Gateway
// stand-in with its Cognito authorizer and the real handler — with the kit as the only client. Tokens are opened with node:crypto alone
// (test/support/open-token.ts), independently of the service's code.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Clock,
  createTokenClient,
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type TokenClient,
  TokenServiceError,
} from 'zego-token-client';
import { type LocalStack, startLocalStack } from '../../functions/local/stack.ts';
import { openToken } from '../support/open-token.ts';
import { FakeExpressEngine, FakeZim } from './support.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const APP_ID = 1_234_567_890;
const SECRET = randomBytes(16).toString('hex');

let stack: LocalStack;
/** The device clock as the kit sees it: real time, moved forward to "an hour later" on demand. */
let aheadMs = 0;
const clock: Clock = {
  now: () => Date.now() + aheadMs,
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

async function clientFor(username: string): Promise<{ client: TokenClient; userId: string }> {
  const { idToken } = await stack.signIn(username);
  const sub = stack.users.find((u) => u.username === username)?.sub as string;
  const client = createTokenClient({
    endpoint: `${stack.url}/token`,
    getIdToken: () => idToken,
    clock,
  });
  return { client, userId: sub.replaceAll('-', '') };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

beforeAll(async () => {
  stack = await startLocalStack({
    env: {},
    port: 0,
    quiet: true,
    secret: { appId: APP_ID, serverSecret: SECRET, generated: false },
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('the kit against the local stack', () => {
  it('gets a basic token for ZIM and renews it through keepZimTokenFresh', async () => {
    aheadMs = 0;
    const { client, userId } = await clientFor('alice');
    const first = await client.getToken();
    expect(first.userId).toBe(userId);
    const opened = openToken(first.token, SECRET);
    expect(opened.plaintext).toMatchObject({ app_id: APP_ID, user_id: userId, payload: '' });
    expect(opened.privilege).toBeNull();
    expect(opened.envelopeExpire).toBe(first.expiresAt);

    const zim = new FakeZim();
    const renewed: string[] = [];
    const stop = keepZimTokenFresh(
      zim,
      client,
      {},
      { clock, onRenewed: (r) => renewed.push(r.token) },
    );
    aheadMs = (first.ttlSeconds - 30) * 1000; // the SDK's warning, 30 s before expiry
    zim.emitTokenWillExpire(30);
    await until(() => zim.renewed.length === 1);
    stop();

    const fresh = zim.renewed[0] as string;
    expect(fresh).not.toBe(first.token);
    expect(renewed).toEqual([fresh]);
    const reopened = openToken(fresh, SECRET);
    expect(reopened.plaintext).toMatchObject({ app_id: APP_ID, user_id: userId, payload: '' });
  });

  it('gets a room token for Express and renews it for that room through keepExpressTokenFresh', async () => {
    aheadMs = 0;
    const { client, userId } = await clientFor('alice');
    const request = {
      roomId: 'room-7',
      privileges: { loginRoom: true, publishStream: true },
      streamIds: ['room-7_alice'],
      ttlSeconds: 600,
    };
    const first = await client.getToken(request);
    expect(first).toMatchObject({ userId, roomId: 'room-7', ttlSeconds: 600 });
    expect(openToken(first.token, SECRET).privilege).toEqual({
      room_id: 'room-7',
      privilege: { '1': 1, '2': 1 },
      stream_id_list: ['room-7_alice'],
    });

    const engine = new FakeExpressEngine();
    const stop = keepExpressTokenFresh(engine, client, (roomId) => ({ ...request, roomId }), {
      clock,
    });
    aheadMs = (600 - 30) * 1000;
    engine.emitTokenWillExpire('room-7');
    await until(() => engine.renewed.length === 1);
    stop();

    const { token, roomID } = engine.renewed[0] as { token: string; roomID: string };
    expect(roomID).toBe('room-7');
    expect(token).not.toBe(first.token);
    const reopened = openToken(token, SECRET);
    expect(reopened.plaintext.user_id).toBe(userId);
    expect(reopened.privilege?.room_id).toBe('room-7');
    expect(reopened.envelopeExpire - (reopened.plaintext.ctime as number)).toBe(600);
  });

  it("rejects bob's publish request with the service's 403 privilege_denied problem", async () => {
    const { client } = await clientFor('bob');
    const error = await client
      .getToken({ roomId: 'room-7', privileges: { loginRoom: true, publishStream: true } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenServiceError);
    expect(error).toMatchObject({ code: 'privilege_denied', status: 403 });
    expect((error as TokenServiceError).requestId).toMatch(/\S/);
  });

  it('rejects a forged ID token with 401 unauthenticated, not retried', async () => {
    const client = createTokenClient({
      endpoint: `${stack.url}/token`,
      getIdToken: () => 'not-a-jwt',
    });
    await expect(client.getToken()).rejects.toMatchObject({ code: 'unauthenticated', status: 401 });
  });
});
