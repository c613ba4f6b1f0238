// The console's Token Assistant API over real HTTP on loopback, with a stand-in context (no
// emulator): "generate" makes the token asked for (opened here with node:crypto alone), "verify"
// names what is wrong with a token, bodies are checked at the edge (unknown fields, wrong types,
// size), a secret is never echoed, and `GET /` leads to the console.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleContext, createConsoleHandler } from '../../functions/local/console/route.ts';
import { send } from '../e2e/support/http.ts';
import { openToken } from '../support/open-token.ts';
import { asciiIv, referenceGcm04, referenceToken03 } from '../support/reference-token.ts';

const STACK_SECRET = randomBytes(16).toString('hex');
const OTHER_SECRET = randomBytes(16).toString('hex');
const STACK_APP_ID = 1_122_334_455;

const context: ConsoleContext = {
  mode: 'emulator',
  users: [],
  secret: { appId: STACK_APP_ID, serverSecret: STACK_SECRET, generated: true },
  signIn: async () => ({ idToken: 'unused' }),
};

let server: Server;
let base: string;
beforeAll(async () => {
  const handler = createConsoleHandler(context);
  server = createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(418).end('not the console');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const post = (endpoint: string, body: unknown) =>
  send(`${base}/console/api/${endpoint}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const now = () => Math.floor(Date.now() / 1000);

describe('POST /console/api/generate', () => {
  it('makes a room token with the given secret, as asked, and reads it back', async () => {
    const answer = await post('generate', {
      appId: 987_654_321,
      userId: 'user-7',
      secretSource: 'given',
      secret: OTHER_SECRET,
      roomId: 'room-7',
      loginRoom: true,
      publishStream: true,
      streamIds: ['room-7_main'],
      ttlSeconds: 600,
      cipher: 'cbc',
    });
    expect(answer.status).toBe(200);
    const body = answer.json() as Record<string, unknown>;
    const opened = openToken(String(body.token), OTHER_SECRET);
    expect(opened.version).toBe('04');
    expect(opened.cipher).toBe('cbc');
    expect(opened.plaintext).toMatchObject({ app_id: 987_654_321, user_id: 'user-7' });
    expect(Number(opened.plaintext.expire) - Number(opened.plaintext.ctime)).toBe(600);
    expect(Math.abs(Number(opened.plaintext.ctime) - now())).toBeLessThan(30);
    expect(opened.privilege).toEqual({
      room_id: 'room-7',
      privilege: { '1': 1, '2': 1 },
      stream_id_list: ['room-7_main'],
    });
    expect(body).toMatchObject({
      appId: 987_654_321,
      userId: 'user-7',
      ttlSeconds: 600,
      inspection: { decoded: { userId: 'user-7', privilege: { roomId: 'room-7' } } },
    });
    expect(answer.text).not.toContain(OTHER_SECRET);
  });

  it("makes a basic GCM token with the stack's secret, a Token03, and a kit token", async () => {
    const basic = (
      await post('generate', {
        appId: STACK_APP_ID,
        userId: 'u1',
        secretSource: 'stack',
        ttlSeconds: 3600,
      })
    ).json() as { token: string };
    const openedBasic = openToken(basic.token, STACK_SECRET);
    expect(openedBasic).toMatchObject({ version: '04', cipher: 'gcm', privilege: null });
    expect(openedBasic.plaintext.payload).toBe('');

    const legacy = (
      await post('generate', {
        appId: STACK_APP_ID,
        userId: 'u1',
        secretSource: 'stack',
        roomId: 'r3',
        ttlSeconds: 120,
        version: '03',
      })
    ).json() as { token: string };
    const opened03 = openToken(legacy.token, STACK_SECRET);
    expect(opened03.version).toBe('03');
    expect(opened03.plaintext).toMatchObject({ room_id: 'r3', privilege: { '1': 1, '2': 0 } });

    const kit = (
      await post('generate', {
        appId: STACK_APP_ID,
        userId: 'u1',
        secretSource: 'stack',
        roomId: 'r4',
        ttlSeconds: 3600,
        kitUserName: 'Zoë Z',
      })
    ).json() as { token: string; kitToken: string };
    const [inner, part] = kit.kitToken.split('#') as [string, string];
    expect(inner).toBe(kit.token);
    expect(JSON.parse(Buffer.from(part, 'base64').toString('utf8'))).toEqual({
      userID: 'u1',
      roomID: 'r4',
      userName: encodeURIComponent('Zoë Z'),
      appID: STACK_APP_ID,
    });
  });

  it('refuses what ZEGO refuses, and malformed bodies, with a 400 naming the field', async () => {
    const good = { appId: STACK_APP_ID, userId: 'u1', secretSource: 'stack', ttlSeconds: 3600 };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...good, ttlSeconds: 30 }, 'invalid_ttl', /ttl/i],
      [{ ...good, userId: 'has space' }, 'invalid_user_id', /userId/],
      [{ ...good, appId: 0 }, 'invalid_app_id', /appId/],
      [{ ...good, secretSource: 'given', secret: 'short' }, 'invalid_secret', /32/],
      [{ ...good, secretSource: 'given' }, 'invalid_request', /ServerSecret/],
      [{ ...good, secret: OTHER_SECRET }, 'invalid_request', /secret/],
      [{ ...good, roomId: 'r1', version: '03', cipher: 'gcm' }, 'invalid_option', /CBC/],
      [{ ...good, kitUserName: 'Ann' }, 'invalid_room_id', /roomId/],
      [{ ...good, appId: '12' }, 'invalid_request', /appId/],
      [{ ...good, streamIds: 'a,b' }, 'invalid_request', /streamIds/],
      [{ ...good, cipher: 'ecb' }, 'invalid_request', /cipher/],
      [{ ...good, extra: 1 }, 'invalid_request', /unknown field "extra"/],
    ];
    for (const [body, code, message] of cases) {
      const answer = await post('generate', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      const problem = answer.json() as { code: string; message: string };
      expect(problem.code, JSON.stringify(body)).toBe(code);
      expect(problem.message).toMatch(message);
      expect(answer.text).not.toContain(OTHER_SECRET);
      expect(answer.text).not.toContain(STACK_SECRET);
    }
    expect((await post('generate', '[1]')).status).toBe(400);
    const tooLarge = await post('generate', { ...good, userId: 'x'.repeat(40_000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'payload_too_large' });
  });
});

describe('POST /console/api/verify', () => {
  const roomToken = (secret: string, appId: number, userId: string, expire: number) =>
    referenceGcm04(
      {
        appId,
        userId,
        secret,
        nonce: 99,
        ctime: expire - 3600,
        expire,
        payload: JSON.stringify({
          room_id: 'room-1',
          privilege: { 1: 1, 2: 0 },
          stream_id_list: null,
        }),
      },
      asciiIv(12),
    );

  async function verify(token: string, extra: Record<string, unknown> = {}) {
    const answer = await post('verify', {
      token,
      appId: 42,
      userId: 'alice',
      secretSource: 'given',
      secret: OTHER_SECRET,
      ...extra,
    });
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain(OTHER_SECRET);
    return answer.json() as {
      valid: boolean;
      checks: { check: string; ok: boolean; message: string }[];
    };
  }
  const failed = (answer: { checks: { check: string; ok: boolean }[] }) =>
    answer.checks.filter((c) => !c.ok).map((c) => c.check);

  it('passes a token made for that app and user with that secret, now', async () => {
    const answer = await verify(roomToken(OTHER_SECRET, 42, 'alice', now() + 600), {
      roomId: 'room-1',
    });
    expect(answer.valid).toBe(true);
    expect(answer.checks.map((c) => c.check)).toEqual([
      'secret',
      'expiry',
      'appId',
      'userId',
      'roomId',
    ]);
  });

  it('says what differs: expired, another user, another app, another room, another secret', async () => {
    const expired = await verify(roomToken(OTHER_SECRET, 42, 'alice', now() - 300));
    expect(expired.valid).toBe(false);
    expect(failed(expired)).toEqual(['expiry']);
    expect(expired.checks.find((c) => c.check === 'expiry')?.message).toMatch(/^expired 5 min ago/);

    const otherUser = await verify(roomToken(OTHER_SECRET, 42, 'bob', now() + 600));
    expect(failed(otherUser)).toEqual(['userId']);
    expect(otherUser.checks.find((c) => c.check === 'userId')?.message).toContain('"bob"');

    const otherApp = await verify(roomToken(OTHER_SECRET, 7, 'alice', now() + 600));
    expect(failed(otherApp)).toEqual(['appId']);
    expect(otherApp.checks.find((c) => c.check === 'appId')?.message).toContain('AppID 7');

    const otherRoom = await verify(roomToken(OTHER_SECRET, 42, 'alice', now() + 600), {
      roomId: 'room-2',
    });
    expect(failed(otherRoom)).toEqual(['roomId']);

    const otherSecret = await verify(roomToken(STACK_SECRET, 42, 'alice', now() + 600));
    expect(failed(otherSecret)).toEqual(['secret']);
    expect(otherSecret.checks.map((c) => c.check)).toEqual(['secret', 'expiry']);

    const both = await verify(roomToken(OTHER_SECRET, 7, 'bob', now() - 10));
    expect(failed(both)).toEqual(['expiry', 'appId', 'userId']);
  });

  it("checks a Token03 and uses the stack's secret when asked", async () => {
    const token03 = referenceToken03(
      {
        appId: 42,
        roomId: 'room-3',
        userId: 'alice',
        secret: STACK_SECRET,
        loginRoom: 1,
        publishStream: 0,
        createTime: now(),
        expireTime: now() + 600,
        nonceDigits: '1234567890123456789',
      },
      asciiIv(16),
    );
    const answer = await post('verify', {
      token: token03,
      appId: 42,
      userId: 'alice',
      roomId: 'room-3',
      secretSource: 'stack',
    });
    expect(answer.json()).toMatchObject({ valid: true });
  });

  it('answers "not a ZEGO token" for text that is none, and 400 for a malformed body', async () => {
    const notToken = await verify('hello');
    expect(notToken).toMatchObject({ valid: false, checks: [{ check: 'format', ok: false }] });
    for (const body of [
      { token: 't', appId: 42, secretSource: 'stack' },
      { token: 't', appId: 'x', userId: 'a', secretSource: 'stack' },
      { token: 't', appId: 42, userId: 'a', secretSource: 'nobody' },
      { token: 't', appId: 42, userId: 'a', secretSource: 'stack', more: true },
    ]) {
      const answer = await post('verify', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json()).toMatchObject({ code: 'invalid_request' });
    }
  });
});

describe('the console API guard and the root', () => {
  it('answers generate and verify to same-origin loopback requests only', async () => {
    const body = JSON.stringify({ appId: 1, userId: 'u', secretSource: 'stack', ttlSeconds: 3600 });
    const foreign: Record<string, string>[] = [
      { Origin: 'https://evil.example' },
      { Host: 'evil.example' },
    ];
    for (const headers of foreign) {
      const answer = await send(`${base}/console/api/generate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
      expect(answer.status).toBe(403);
      expect(answer.text).not.toContain('"token"');
    }
  });

  it('redirects GET / to the console; other methods and paths stay with the gateway', async () => {
    const root = await send(`${base}/`);
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/console/');
    expect((await send(`${base}/`, { method: 'POST' })).status).toBe(418);
    expect((await send(`${base}/other`)).status).toBe(418);
  });
});
