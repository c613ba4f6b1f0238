// The console's routes over real HTTP on loopback, with a stand-in context (no emulator): the
// page and its bundled script, the loopback/same-origin guard, and the inspect and sign-in API.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleContext, createConsoleHandler } from '../../functions/local/console/route.ts';
import { send } from '../e2e/support/http.ts';
import { asciiIv, referenceCbc04 } from '../support/reference-token.ts';

const SECRET = randomBytes(16).toString('hex');
const APP_ID = 1_122_334_455;
const signIns: string[] = [];

function context(overrides: Partial<ConsoleContext> = {}): ConsoleContext {
  return {
    mode: 'emulator',
    users: [
      { username: 'alice', groups: ['publishers'] },
      { username: 'bob', groups: [] },
    ],
    publishGroup: 'publishers',
    secret: { appId: APP_ID, serverSecret: SECRET, generated: true },
    async signIn(username) {
      signIns.push(username);
      if (username === 'bob') throw new Error(`emulator down; password Pw-${SECRET}`);
      return { idToken: `id-token-of-${username}` };
    },
    ...overrides,
  };
}

const servers: Server[] = [];
async function serve(ctx: ConsoleContext): Promise<string> {
  const handler = createConsoleHandler(ctx);
  const server = createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(418).end('not the console');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let base: string;
beforeAll(async () => {
  base = await serve(context());
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  send(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

function token(expire: number): string {
  const now = Math.floor(Date.now() / 1000);
  return referenceCbc04(
    {
      appId: 42,
      userId: 'u1',
      secret: SECRET,
      nonce: 7,
      ctime: now,
      expire,
      payload: JSON.stringify({ room_id: 'r1', privilege: { 1: 1, 2: 1 }, stream_id_list: ['s1'] }),
    },
    asciiIv(16),
  );
}

describe('console routes', () => {
  it('serves the page, its stylesheet and the bundled script with strict headers', async () => {
    const redirect = await send(`${base}/console`);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/console/');

    const page = await send(`${base}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<script type="module" src="app.js">');
    // No CDN or other network origin in the page.
    expect(page.text).not.toMatch(/(src|href)="https?:/);

    const css = await send(`${base}/console/console.css`);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');

    const script = await send(`${base}/console/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // The client kit is bundled in (its binder listens for the SDK event), with no imports left.
    expect(script.text).toContain('tokenWillExpire');
    expect(script.text).not.toMatch(/^import\s/m);
  });

  it('takes only /console paths and serves only its own files', async () => {
    expect((await send(`${base}/token`, { method: 'POST' })).status).toBe(418);
    expect((await send(`${base}/consoles`)).status).toBe(418);
    expect((await send(`${base}/console/..%2Fpackage.json`)).status).toBe(404);
    expect((await send(`${base}/console/route.ts`)).status).toBe(404);
  });

  it('answers its API only to same-origin loopback requests with a JSON body', async () => {
    const body = { token: token(2_000_000_000), secretSource: 'stack' };
    expect((await postJson('/console/api/inspect', body, { Host: 'evil.example' })).status).toBe(
      403,
    );
    const crossSite = await postJson('/console/api/inspect', body, {
      Origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).not.toContain('"userId"');
    const form = await send(`${base}/console/api/inspect`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(body),
    });
    expect(form.status).toBe(415);
    const sameOrigin = await postJson('/console/api/inspect', body, { Origin: base });
    expect(sameOrigin.status).toBe(200);
  });

  it('inspects with the stack secret, a given secret, or none, never echoing a secret', async () => {
    const expire = Math.floor(Date.now() / 1000) + 900;
    const text = token(expire);
    const withStack = await postJson('/console/api/inspect', {
      token: text,
      secretSource: 'stack',
    });
    expect(withStack.json()).toMatchObject({
      header: { version: '04', cipher: 'cbc', expiresAt: expire, expired: false },
      decoded: {
        appId: 42,
        userId: 'u1',
        nonce: 7,
        privilege: { roomId: 'r1', loginRoom: true, publishStream: true, streamIds: ['s1'] },
      },
    });

    const given = await postJson('/console/api/inspect', {
      token: text,
      secretSource: 'given',
      secret: SECRET,
    });
    expect(given.json()).toMatchObject({ decoded: { userId: 'u1' } });

    const wrongSecret = 'x'.repeat(32);
    const wrong = await postJson('/console/api/inspect', {
      token: text,
      secretSource: 'given',
      secret: wrongSecret,
    });
    expect(wrong.status).toBe(200);
    const wrongBody = wrong.json() as Record<string, unknown>;
    expect(wrongBody.decoded).toBeUndefined();
    expect(wrongBody.decodeError).toMatchObject({ code: 'decrypt_failed' });
    expect(wrongBody.header).toMatchObject({ expiresAt: expire });

    const none = await postJson('/console/api/inspect', { token: text, secretSource: 'none' });
    expect(Object.keys(none.json() as object)).toEqual(['header']);

    for (const answer of [withStack, given, wrong, none]) {
      expect(answer.text).not.toContain(SECRET);
      expect(answer.text).not.toContain(wrongSecret);
    }
  });

  it('reads a kit token and refuses what is not a token', async () => {
    const kitPart = Buffer.from(
      JSON.stringify({ userID: 'u1', roomID: 'r1', userName: 'Ana%20B', appID: 42 }),
    ).toString('base64');
    const kit = await postJson('/console/api/inspect', {
      token: `${token(2_000_000_000)}#${kitPart}`,
      secretSource: 'stack',
    });
    expect(kit.json()).toMatchObject({
      decoded: { userId: 'u1' },
      kit: { userID: 'u1', roomID: 'r1', userName: 'Ana B', appID: 42 },
    });
    const bad = await postJson('/console/api/inspect', { token: '05abc', secretSource: 'none' });
    expect(bad.status).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'unsupported_token' });
    const empty = await postJson('/console/api/inspect', { token: ' ' });
    expect(empty.status).toBe(400);
  });

  it('lists seeded users without passwords and signs them in through the context', async () => {
    const info = await send(`${base}/console/api/info`);
    expect(info.json()).toEqual({
      mode: 'emulator',
      appId: APP_ID,
      secretGenerated: true,
      publishGroup: 'publishers',
      users: [
        { username: 'alice', groups: ['publishers'], mayPublish: true },
        { username: 'bob', groups: [], mayPublish: false },
      ],
    });
    const alice = await postJson('/console/api/sign-in', { username: 'alice' });
    expect(alice.json()).toEqual({ idToken: 'id-token-of-alice' });
    expect((await postJson('/console/api/sign-in', { username: 'mallory' })).status).toBe(404);
    // A failing sign-in answers a fixed text: the error's own message stays out.
    const failed = await postJson('/console/api/sign-in', { username: 'bob' });
    expect(failed.status).toBe(502);
    expect(failed.text).not.toContain(SECRET);
    expect(signIns).toEqual(['alice', 'bob']);
  });

  it('has no seeded sign-in when the stack trusts a real user pool', async () => {
    const realPool = await serve(context({ mode: 'cognito', users: [], publishGroup: undefined }));
    const answer = await send(`${realPool}/console/api/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"username":"alice"}',
    });
    expect(answer.status).toBe(409);
    expect(answer.json()).toMatchObject({ code: 'no_seeded_users' });
  });
});
