// End to end over real HTTP on loopback: cognito-local (seeded), the API Gateway stand-in with
// its Cognito authorizer, and the real token handler — the stack `npm start` runs. Users sign
// in with InitiateAuth; tokens are opened with the known secret.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import {
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken } from '../../functions/core/index.ts';
import { isProcessAlive } from '../../functions/local/cognito-emulator.ts';
import { emulatorClient } from '../../functions/local/seed.ts';
import { type LocalStack, startLocalStack } from '../../functions/local/stack.ts';
import { openToken } from '../support/open-token.ts';
import { type HttpAnswer, postToken } from './support/http.ts';
import { emulatorSigningKey, jwtPayload, signJwt, tamperPayload } from './support/jwt.ts';

// EMF metric documents would flood the test output; the handler's logger is silenced below.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const APP_ID = 1_234_567_890;
const SECRET = randomBytes(16).toString('hex');

let stack: LocalStack;
let aliceId: string;
let bobId: string;
let aliceSub: string;
let bobSub: string;

async function initiateAuth(clientId: string, username: string): Promise<string> {
  const user = stack.users.find((u) => u.username === username);
  const client = emulatorClient(stack.cognito.endpoint as string);
  try {
    const out = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: username, PASSWORD: user?.password ?? '' },
      }),
    );
    return out.AuthenticationResult?.IdToken as string;
  } finally {
    client.destroy();
  }
}

function problem(answer: HttpAnswer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  const body = answer.json() as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual([
    'code',
    'detail',
    'requestId',
    'status',
    'title',
    'type',
  ]);
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  expect(body.requestId).toBe(answer.headers['x-amzn-requestid']);
  expect(answer.text).not.toContain(SECRET);
}

beforeAll(async () => {
  stack = await startLocalStack({
    env: {},
    port: 0,
    quiet: true,
    secret: { appId: APP_ID, serverSecret: SECRET, generated: false },
  });
  const clientId = stack.cognito.clientIds[0] as string;
  [aliceId, bobId] = await Promise.all([
    initiateAuth(clientId, 'alice'),
    initiateAuth(clientId, 'bob'),
  ]);
  aliceSub = stack.users.find((u) => u.username === 'alice')?.sub as string;
  bobSub = stack.users.find((u) => u.username === 'bob')?.sub as string;
});

afterAll(async () => {
  const pid = stack?.cognito.pid;
  const port = stack?.port;
  await stack?.stop();
  // Nothing left behind: the emulator process is gone and the gateway port is closed.
  if (pid !== undefined) expect(isProcessAlive(pid)).toBe(false);
  if (port !== undefined) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  }
});

describe('the seeded stack', () => {
  it('runs the emulator and seeds alice (publisher) and bob (not)', () => {
    expect(stack.mode).toBe('emulator');
    expect(stack.cognito.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/local_\w+$/);
    expect(stack.users.map((u) => [u.username, u.groups])).toEqual([
      ['alice', ['publishers']],
      ['bob', []],
    ]);
    expect(jwtPayload(aliceId)).toMatchObject({
      token_use: 'id',
      aud: stack.cognito.clientIds[0],
      iss: stack.cognito.issuer,
      'cognito:username': 'alice',
      'cognito:groups': ['publishers'],
    });
    expect(stack.handlerEnv.ZEGO_PUBLISH_GROUPS).toBe('publishers');
    expect(stack.handlerEnv.ZEGO_ALLOWED_CLIENT_IDS).toBe(stack.cognito.clientIds[0]);
  });
});

describe('POST /token', () => {
  it('issues a basic token bound to the caller (sub without hyphens)', async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await postToken(stack.url, aliceId);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['cache-control']).toBe('no-store');
    const body = answer.json() as Record<string, unknown>;
    const userId = aliceSub.replaceAll('-', '');
    expect(body).toMatchObject({
      version: '04',
      cipher: 'gcm',
      appId: APP_ID,
      userId,
      ttlSeconds: 3600,
    });

    const decoded = decodeToken(body.token as string, SECRET);
    expect(decoded.appId).toBe(APP_ID);
    expect(decoded.userId).toBe(userId);
    expect(decoded.privilege).toBeNull();
    expect(decoded.expired).toBe(false);
    expect(decoded.issuedAt).toBe(body.issuedAt);
    expect(decoded.expiresAt).toBe(body.expiresAt);
    expect(decoded.expiresAt - decoded.issuedAt).toBe(3600);
    expect(decoded.issuedAt).toBeGreaterThanOrEqual(before - 1);
    expect(decoded.issuedAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
  });

  it('gives the publisher a room token with publish rights and the asked lifetime', async () => {
    const answer = await postToken(stack.url, aliceId, {
      roomId: 'room-1',
      privileges: { loginRoom: true, publishStream: true },
      streamIds: ['room-1_alice'],
      ttlSeconds: 600,
    });
    expect(answer.status, answer.text).toBe(200);
    const body = answer.json() as Record<string, unknown>;
    const decoded = decodeToken(body.token as string, SECRET);
    expect(decoded.userId).toBe(aliceSub.replaceAll('-', ''));
    expect(decoded.privilege).toEqual({
      roomId: 'room-1',
      loginRoom: true,
      publishStream: true,
      streamIds: ['room-1_alice'],
    });
    expect(decoded.expiresAt - decoded.issuedAt).toBe(600);
    // Opened independently of the core, too.
    const opened = openToken(body.token as string, SECRET);
    expect(opened.cipher).toBe('gcm');
    expect(opened.envelopeExpire).toBe(decoded.expiresAt);
    expect(opened.plaintext.app_id).toBe(APP_ID);
    expect(opened.privilege).toEqual({
      room_id: 'room-1',
      privilege: { '1': 1, '2': 1 },
      stream_id_list: ['room-1_alice'],
    });
  });

  it('gives the non-publisher a login-only room token and refuses publish (403)', async () => {
    const login = await postToken(stack.url, bobId, { roomId: 'room-1' });
    expect(login.status, login.text).toBe(200);
    const decoded = decodeToken((login.json() as { token: string }).token, SECRET);
    expect(decoded.userId).toBe(bobSub.replaceAll('-', ''));
    expect(decoded.privilege).toMatchObject({
      roomId: 'room-1',
      loginRoom: true,
      publishStream: false,
    });

    const publish = await postToken(stack.url, bobId, {
      roomId: 'room-1',
      privileges: { loginRoom: true, publishStream: true },
    });
    problem(publish, 403, 'privilege_denied');
  });

  it("refuses a token for another user's userId (403 user_id_mismatch)", async () => {
    const answer = await postToken(stack.url, aliceId, { userId: bobSub.replaceAll('-', '') });
    problem(answer, 403, 'user_id_mismatch');
    const own = await postToken(stack.url, aliceId, { userId: aliceSub.replaceAll('-', '') });
    expect(own.status).toBe(200);
  });
});

describe('refused JWTs (401 from the authorizer)', () => {
  function expect401(answer: HttpAnswer): void {
    problem(answer, 401, 'unauthenticated');
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  }

  it('refuses a tampered token (claims changed, signature kept)', async () => {
    expect401(await postToken(stack.url, tamperPayload(aliceId, { sub: bobSub })));
    expect401(
      await postToken(stack.url, tamperPayload(bobId, { 'cognito:groups': ['publishers'] })),
    );
  });

  it('refuses an expired token signed with the emulator key, and accepts the same one unexpired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = jwtPayload(aliceId);
    const key = emulatorSigningKey();
    const expired = signJwt({ ...claims, iat: now - 7200, exp: now - 60 }, key);
    expect401(await postToken(stack.url, expired));
    const fresh = signJwt({ ...claims, iat: now, exp: now + 300 }, key);
    expect((await postToken(stack.url, fresh)).status).toBe(200);
  });

  it('refuses a real ID token issued to another app client of the pool (wrong audience)', async () => {
    const client = emulatorClient(stack.cognito.endpoint as string);
    let otherClientId: string;
    try {
      const created = await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: stack.cognito.userPoolId,
          ClientName: 'other-app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      );
      otherClientId = created.UserPoolClient?.ClientId as string;
    } finally {
      client.destroy();
    }
    const otherToken = await initiateAuth(otherClientId, 'alice');
    expect(jwtPayload(otherToken).aud).toBe(otherClientId);
    expect401(await postToken(stack.url, otherToken));
  });

  it('refuses an access token (ID tokens only) and a missing token', async () => {
    const { accessToken } = await stack.signIn('alice');
    expect(jwtPayload(accessToken).token_use).toBe('access');
    expect401(await postToken(stack.url, accessToken));
    expect401(await postToken(stack.url, undefined));
  });
});

describe('malformed requests (4xx problem+json)', () => {
  it.each([
    ['invalid JSON', '{"roomId":', 400, 'invalid_request'],
    ['a JSON array', '[]', 400, 'invalid_request'],
    ['a wrong type', '{"roomId":42}', 400, 'invalid_request'],
    ['an unknown member', '{"room":"r1"}', 400, 'invalid_request'],
    ['a TTL under the minimum', '{"ttlSeconds":10}', 400, 'invalid_request'],
    ['a TTL over the configured maximum', '{"ttlSeconds":999999}', 400, 'invalid_ttl'],
    ['a room ID with a blank', '{"roomId":"room one"}', 400, 'invalid_room_id'],
    ['privileges without a room', '{"privileges":{"loginRoom":true}}', 400, 'invalid_request'],
  ])('refuses %s', async (_, body, status, code) => {
    problem(await postToken(stack.url, aliceId, body), status, code);
  });

  it('refuses a non-JSON media type (415) and a body over 4 KiB (413)', async () => {
    const text = await postToken(stack.url, aliceId, 'roomId=r1', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    problem(text, 415, 'unsupported_media_type');
    const big = JSON.stringify({
      roomId: 'room-1',
      privileges: { publishStream: true },
      streamIds: Array.from({ length: 30 }, (_, i) => `s${i}_${'x'.repeat(200)}`),
    });
    expect(Buffer.byteLength(big)).toBeGreaterThan(4096);
    problem(await postToken(stack.url, aliceId, big), 413, 'payload_too_large');
  });

  it('answers 404 problem+json for other routes', async () => {
    const answer = await postToken(`${stack.url}/v2`, aliceId, {});
    expect(answer.status).toBe(404);
    expect(answer.json()).toMatchObject({ code: 'not_found' });
  });
});

describe('load', () => {
  it('answers 200 concurrent requests, each token carrying its own caller', async () => {
    const callers = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? { jwt: aliceId, userId: aliceSub.replaceAll('-', '') }
        : { jwt: bobId, userId: bobSub.replaceAll('-', '') },
    );
    const answers = await Promise.all(
      callers.map((c, i) => postToken(stack.url, c.jwt, { roomId: `room-${i}` })),
    );
    const requestIds = new Set<unknown>();
    answers.forEach((answer, i) => {
      expect(answer.status, answer.text).toBe(200);
      const decoded = decodeToken((answer.json() as { token: string }).token, SECRET);
      expect(decoded.userId).toBe(callers[i]?.userId);
      expect(decoded.privilege?.roomId).toBe(`room-${i}`);
      requestIds.add(answer.headers['x-amzn-requestid']);
    });
    expect(requestIds.size).toBe(200);
  });
});
