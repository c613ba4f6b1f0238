// The developer console in a real browser (system Chromium, headless) against the real local
// stack: cognito-local sign-in, tokens issued through the client kit, decoding on the local
// server, and the kit's renewal binder on a simulated SDK session with a fast clock.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken } from '../../functions/core/index.ts';
import { asciiIv, referenceGcm04 } from '../support/reference-token.ts';
import {
  type ConsoleFixture,
  field,
  openConsole,
  screenshot,
  signInAs,
  startConsoleFixture,
  unixOf,
} from './support/console-page.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const APP_ID = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
const SECRET = randomBytes(16).toString('hex');

let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsoleFixture({ appId: APP_ID, serverSecret: SECRET });
}, 600_000); // a first run on a clean Debian machine may install Chromium

afterAll(async () => {
  await fixture?.stop();
});

const subOf = (username: string) =>
  (fixture.stack.users.find((u) => u.username === username)?.sub ?? '').replace(/-/g, '');

describe('developer console', () => {
  it('alice signs in and issues a room token with publish; its decoded fields match the request', async () => {
    const page = await openConsole(fixture);
    await signInAs(page, 'alice');
    await page.fill('#f-room', 'room-42');
    await page.check('#f-login');
    await page.check('#f-publish');
    await page.fill('#f-streams', 'room-42_main, room-42_screen');
    await page.fill('#f-ttl', '600');
    await page.selectOption('#f-cipher', 'cbc');
    expect(JSON.parse((await page.textContent('#request-preview')) ?? '')).toEqual({
      roomId: 'room-42',
      privileges: { loginRoom: true, publishStream: true },
      streamIds: ['room-42_main', 'room-42_screen'],
      ttlSeconds: 600,
      cipher: 'cbc',
    });
    await page.click('#issue-button');

    const card = '#token-list li[data-token-index="1"]';
    await page.locator(`${card} [data-field="decodeOk"]`).waitFor();
    expect(await field(page, card, 'version')).toBe('04');
    expect(await field(page, card, 'cipher')).toMatch(/^cbc /);
    expect(await field(page, card, 'appId')).toBe(String(APP_ID));
    expect(await field(page, card, 'userId')).toBe(subOf('alice'));
    expect(await field(page, card, 'room')).toBe('room-42');
    expect(await field(page, card, 'loginRoom')).toBe('yes');
    expect(await field(page, card, 'publishStream')).toBe('yes');
    expect(await field(page, card, 'streamIds')).toBe('room-42_main, room-42_screen');
    const issuedAt = unixOf(await field(page, card, 'issuedAt'));
    const expiresAt = unixOf(await field(page, card, 'expiresAt'));
    expect(expiresAt - issuedAt).toBe(600);
    expect(Math.abs(issuedAt - Date.now() / 1000)).toBeLessThan(30);
    expect(await field(page, card, 'countdown')).toMatch(/^expires in (9|10) min/);
    expect(await page.isHidden('#issue-error')).toBe(true);

    // The token on the page is the real one: opened here with the secret, it says the same.
    const token = await field(page, card, 'token');
    const opened = decodeToken(token, SECRET);
    expect(opened).toMatchObject({ version: '04', cipher: 'cbc', appId: APP_ID });
    expect(opened.privilege).toEqual({
      roomId: 'room-42',
      loginRoom: true,
      publishStream: true,
      streamIds: ['room-42_main', 'room-42_screen'],
    });
    await screenshot(page, '1-issued-token');
    await page.context().close();
  });

  it('bob asking to publish sees the 403 privilege_denied problem with its requestId', async () => {
    const page = await openConsole(fixture);
    await signInAs(page, 'bob');
    await page.fill('#f-room', 'room-1');
    await page.check('#f-publish');
    await page.click('#issue-button');
    await page.locator('#issue-error').waitFor({ state: 'visible' });
    expect(await field(page, '#issue-error', 'status')).toBe('403');
    expect(await field(page, '#issue-error', 'code')).toBe('privilege_denied');
    expect(await field(page, '#issue-error', 'detail')).not.toBe('');
    expect(await field(page, '#issue-error', 'requestId')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(await page.locator('#token-list li').count()).toBe(0);
    await screenshot(page, '2-privilege-denied');
    await page.context().close();
  });

  it('a pasted ID token issues a kit token; "open in inspect" shows its kit part', async () => {
    const { idToken } = await fixture.stack.signIn('alice');
    const page = await openConsole(fixture);
    await page.click('#paste-id-token summary');
    await page.fill('#id-token-input', idToken);
    await page.click('#use-id-token');
    await page.locator('#identity [data-field="username"]', { hasText: 'alice' }).waitFor();
    await page.fill('#f-room', 'room-kit');
    await page.selectOption('#f-format', 'kit');
    await page.fill('#f-user-name', 'Alice A');
    await page.click('#issue-button');
    const card = '#token-list li[data-token-index="1"]';
    await page.locator(`${card} [data-field="decodeOk"]`).waitFor();
    expect(await field(page, card, 'userId')).toBe(subOf('alice'));
    expect(await field(page, card, 'kitUserName')).toBe('Alice A');
    expect(await field(page, card, 'kitRoomId')).toBe('room-kit');
    expect(await field(page, card, 'kitAppId')).toBe(String(APP_ID));

    await page.click(`${card} button:has-text("Inspect any token")`);
    expect(await page.inputValue('#inspect-token')).toBe(await field(page, card, 'token'));
    await page.check('input[name="secretSource"][value="stack"]');
    await page.click('#inspect-button');
    await page.locator('#inspect-result [data-field="decodeOk"]').waitFor();
    expect(await field(page, '#inspect-result', 'room')).toBe('room-kit');
    expect(await field(page, '#inspect-result', 'kitUserId')).toBe(subOf('alice'));
    await page.context().close();
  });

  it('inspects a pasted token: all fields with the right secret, decrypt_failed with a wrong one', async () => {
    // A token made by the independent reference implementation, not by the service.
    const now = Math.floor(Date.now() / 1000);
    const token = referenceGcm04(
      {
        appId: 987654321,
        userId: 'user-7',
        secret: SECRET,
        nonce: 12345,
        ctime: now,
        expire: now + 3600,
        payload: JSON.stringify({
          room_id: 'room-7',
          privilege: { 1: 1, 2: 0 },
          stream_id_list: null,
        }),
      },
      asciiIv(12),
    );
    const page = await openConsole(fixture);
    const result = '#inspect-result';
    await page.fill('#inspect-token', token);
    await page.fill('#inspect-secret', SECRET);
    await page.click('#inspect-button');
    await page.locator(`${result} [data-field="decodeOk"]`).waitFor();
    expect(await field(page, result, 'version')).toBe('04');
    expect(await field(page, result, 'cipher')).toMatch(/^gcm /);
    expect(await field(page, result, 'appId')).toBe('987654321');
    expect(await field(page, result, 'userId')).toBe('user-7');
    expect(await field(page, result, 'room')).toBe('room-7');
    expect(await field(page, result, 'loginRoom')).toBe('yes');
    expect(await field(page, result, 'publishStream')).toBe('no');
    expect(await field(page, result, 'nonce')).toBe('12345');
    expect(unixOf(await field(page, result, 'expiresAt'))).toBe(now + 3600);
    // The secret is not kept in the page.
    expect(await page.inputValue('#inspect-secret')).toBe('');
    await screenshot(page, '3-inspect-right-secret');

    const wrong = randomBytes(16).toString('hex');
    await page.fill('#inspect-secret', wrong);
    await page.click('#inspect-button');
    await page.locator(`${result} [data-field="decodeError"]`).waitFor();
    expect(await field(page, result, 'decodeError')).toContain('decrypt_failed');
    // Without the secret, what the envelope shows is still there; nothing from inside it.
    expect(await field(page, result, 'version')).toBe('04');
    expect(unixOf(await field(page, result, 'expiresAt'))).toBe(now + 3600);
    expect(await page.locator(`${result} [data-field="userId"]`).count()).toBe(0);
    await screenshot(page, '4-inspect-wrong-secret');

    const html = await page.content();
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain(wrong);
    for (const line of fixture.logs) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain(wrong);
    }
    await page.context().close();
  });

  for (const sdk of ['zim', 'express'] as const) {
    it(`renewal timeline (${sdk}): the kit's binder renews a 60 s token on tokenWillExpire`, async () => {
      const page = await openConsole(fixture);
      await signInAs(page, 'alice');
      await page.selectOption('#r-sdk', sdk);
      await page.fill('#r-ttl', '60');
      await page.selectOption('#r-speed', '30');
      await page.click('#renewal-start');
      // At ×30 the first warning comes about 1 s after login, then one per second or so.
      await page.locator('#timeline li[data-kind="renewed"]').nth(1).waitFor({ timeout: 20_000 });
      await page.click('#renewal-stop');

      const entries = await page
        .locator('#timeline li')
        .evaluateAll((items) =>
          items.map((li) => ({ kind: li.getAttribute('data-kind'), text: li.textContent ?? '' })),
        );
      const kinds = entries.map((e) => e.kind);
      expect(kinds.slice(0, 6)).toEqual([
        'fetch',
        'login',
        'will-expire',
        'fetch',
        'applied',
        'renewed',
      ]);
      expect(kinds).not.toContain('error');
      expect(kinds).not.toContain('expired');
      // The warning came 30 s (session clock) before the 60 s token's expiry. Measured from the
      // expiry the login reported, so a slow fetch (×30 makes 100 ms real into 3 s) cannot move it.
      const warnedAt = Number(/^t\+([\d.]+)s/.exec(entries[2]?.text ?? '')?.[1]);
      const validUntil = Number(/valid until t\+([\d.]+)s/.exec(entries[1]?.text ?? '')?.[1]);
      expect(validUntil - warnedAt).toBeGreaterThan(28.5);
      expect(validUntil - warnedAt).toBeLessThan(31.5);
      expect(validUntil).toBeGreaterThan(55);
      expect(entries[3]?.text).toContain('"ttlSeconds":60');
      if (sdk === 'express') expect(entries[3]?.text).toContain('"roomId":"room-1"');
      await screenshot(page, `5-renewal-${sdk}`);
      await page.context().close();
    });
  }
});
