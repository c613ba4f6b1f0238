// The console's Token Assistant panels in a real browser (system Chromium, headless) against the
// real local stack: Generate makes a token from an AppID, a userId and a ServerSecret (opened
// here with node:crypto alone), Verify names what is wrong with a token, the copy buttons put the
// token on the clipboard, issued tokens say whose they are, a stale refusal goes away on sign-in,
// `/` opens the console, and at 390 px nothing scrolls sideways.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openToken } from '../support/open-token.ts';
import { asciiIv, referenceGcm04 } from '../support/reference-token.ts';
import {
  type ConsoleFixture,
  field,
  openConsole,
  readClipboard,
  screenshot,
  signInAs,
  startConsoleFixture,
  unixOf,
} from './support/console-page.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const APP_ID = 2_100_000_000 + Math.floor(Math.random() * 100_000_000);
const SECRET = randomBytes(16).toString('hex');
const OTHER_SECRET = randomBytes(16).toString('hex');

let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsoleFixture({ appId: APP_ID, serverSecret: SECRET });
}, 600_000);

afterAll(async () => {
  await fixture?.stop();
});

const subOf = (username: string) =>
  (fixture.stack.users.find((u) => u.username === username)?.sub ?? '').replace(/-/g, '');
const now = () => Math.floor(Date.now() / 1000);

function referenceToken(secret: string, appId: number, userId: string, expire: number): string {
  return referenceGcm04(
    { appId, userId, secret, nonce: 4242, ctime: expire - 3600, expire, payload: '' },
    asciiIv(12),
  );
}

async function verifyInPage(
  page: Page,
  token: string,
  appId: number,
  userId: string,
  secret: string,
) {
  await page.fill('#v-token', token);
  await page.fill('#v-app-id', String(appId));
  await page.fill('#v-user-id', userId);
  await page.fill('#v-secret', secret);
  await page.click('#verify-button');
  await page.locator('#verify-result [data-field="verdict"]').waitFor();
  const failed = await page
    .locator('#verify-result li[data-ok="false"]')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-check')));
  return { verdict: await field(page, '#verify-result', 'verdict'), failed };
}

describe('Token Assistant panels', () => {
  it('generates a token from an AppID, a userId and a ServerSecret; Copy puts it on the clipboard', async () => {
    const page = await openConsole(fixture, { clipboard: true });
    // The stack's AppID is filled in; this token is for another app, with its own secret.
    expect(await page.inputValue('#g-app-id')).toBe(String(APP_ID));
    await page.fill('#g-app-id', '987654321');
    await page.fill('#g-user-id', 'user-7');
    await page.fill('#g-secret', OTHER_SECRET);
    expect(await page.isChecked('input[name="gSecretSource"][value="given"]')).toBe(true);
    await page.fill('#g-room', 'room-7');
    await page.check('#g-publish');
    await page.fill('#g-streams', 'room-7_main');
    await page.fill('#g-ttl', '600');
    await page.selectOption('#g-cipher', 'cbc');
    await page.click('#generate-button');

    const result = '#generate-result';
    await page.locator(`${result} [data-field="decodeOk"]`).waitFor();
    expect(await field(page, result, 'owner')).toBe('user-7');
    expect(await field(page, result, 'appId')).toBe('987654321');
    expect(await field(page, result, 'room')).toBe('room-7');
    expect(await field(page, result, 'publishStream')).toBe('yes');
    expect(await field(page, result, 'streamIds')).toBe('room-7_main');
    expect(
      unixOf(await field(page, result, 'expiresAt')) -
        unixOf(await field(page, result, 'issuedAt')),
    ).toBe(600);

    const token = await field(page, result, 'token');
    const opened = openToken(token, OTHER_SECRET);
    expect(opened).toMatchObject({ version: '04', cipher: 'cbc' });
    expect(opened.plaintext).toMatchObject({ app_id: 987_654_321, user_id: 'user-7' });
    expect(opened.privilege).toEqual({
      room_id: 'room-7',
      privilege: { '1': 1, '2': 1 },
      stream_id_list: ['room-7_main'],
    });

    await page.click(`${result} button[data-copy]`);
    await page.locator(`${result} button[data-copy]`, { hasText: 'Copied' }).waitFor();
    expect(await readClipboard(page)).toBe(token);

    // "Open in Verify" carries the token, its AppID and user over; with the same secret: valid.
    await page.click(`${result} button:has-text("Verify")`);
    expect(await page.inputValue('#v-user-id')).toBe('user-7');
    await page.fill('#v-secret', OTHER_SECRET);
    await page.click('#verify-button');
    await page.locator('#verify-result [data-field="verdict"][data-valid="true"]').waitFor();
    await screenshot(page, '6-generate-and-verify');

    // A bad request says why, and the secret is in no log line.
    await page.fill('#g-ttl', '30');
    await page.click('#generate-button');
    await page.locator('#generate-error').waitFor({ state: 'visible' });
    expect(await page.textContent('#generate-error')).toMatch(/^invalid_ttl: /);
    for (const line of fixture.logs) expect(line).not.toContain(OTHER_SECRET);
    expect(await page.content()).not.toContain(OTHER_SECRET);
    await page.context().close();
  });

  it('verify says what differs: expired, another user, another app, another secret', async () => {
    const page = await openConsole(fixture);
    const later = now() + 3600;
    const good = await verifyInPage(
      page,
      referenceToken(OTHER_SECRET, 42, 'ann', later),
      42,
      'ann',
      OTHER_SECRET,
    );
    expect(good).toEqual({ verdict: 'Valid: every check passed.', failed: [] });

    const expired = await verifyInPage(
      page,
      referenceToken(OTHER_SECRET, 42, 'ann', now() - 120),
      42,
      'ann',
      OTHER_SECRET,
    );
    expect(expired.failed).toEqual(['expiry']);
    expect(expired.verdict).toMatch(/^Not valid: expired 2 min ago/);

    const otherUser = await verifyInPage(
      page,
      referenceToken(OTHER_SECRET, 42, 'bob', later),
      42,
      'ann',
      OTHER_SECRET,
    );
    expect(otherUser.failed).toEqual(['userId']);
    expect(otherUser.verdict).toContain('for another user: "bob", expected "ann"');

    const otherApp = await verifyInPage(
      page,
      referenceToken(OTHER_SECRET, 7, 'ann', later),
      42,
      'ann',
      OTHER_SECRET,
    );
    expect(otherApp.failed).toEqual(['appId']);
    expect(otherApp.verdict).toContain('AppID 7, expected 42');

    const otherSecret = await verifyInPage(
      page,
      referenceToken(SECRET, 42, 'ann', later),
      42,
      'ann',
      OTHER_SECRET,
    );
    expect(otherSecret.failed).toEqual(['secret']);
    expect(otherSecret.verdict).toContain('does not decrypt with this ServerSecret');
    await screenshot(page, '7-verify-wrong-secret');
    await page.context().close();
  });

  it('labels each issued token with its user; a refusal box goes away when someone signs in; Copy', async () => {
    const page = await openConsole(fixture, { clipboard: true });
    await signInAs(page, 'bob');
    await page.fill('#f-room', 'room-1');
    await page.check('#f-publish');
    await page.click('#issue-button');
    await page.locator('#issue-error').waitFor({ state: 'visible' });
    expect(await field(page, '#issue-error', 'code')).toBe('privilege_denied');

    await signInAs(page, 'alice');
    expect(await page.isHidden('#issue-error')).toBe(true);
    await page.click('#issue-button');
    const card = '#token-list li[data-token-index="1"]';
    await page.locator(`${card} [data-field="decodeOk"]`).waitFor();
    expect(await field(page, card, 'owner')).toBe('alice');
    expect(await page.textContent(`${card} h3`)).toContain(`userId ${subOf('alice')}`);
    await page.click(`${card} button[data-copy]`);
    await page.locator(`${card} button[data-copy]`, { hasText: 'Copied' }).waitFor();
    expect(await readClipboard(page)).toBe(await field(page, card, 'token'));
    await page.context().close();
  });

  it('the server root opens the console', async () => {
    const page = await fixture.browser.newPage();
    await page.goto(`${fixture.stack.url}/`);
    expect(new URL(page.url()).pathname).toBe('/console/');
    await page.locator('body[data-ready="true"]').waitFor();
    await page.context().close();
  });

  it('at 390 px wide nothing scrolls sideways, with every panel in use', async () => {
    const page = await openConsole(fixture, { width: 390, height: 844 });
    await signInAs(page, 'alice');
    await page.fill('#f-room', 'room-with-a-rather-long-name-0123456789');
    await page.fill('#f-streams', 'stream-with-a-long-name-0123456789abcdef');
    await page.check('#f-publish');
    await page.click('#issue-button');
    await page.locator('#token-list [data-field="decodeOk"]').waitFor();
    await page.click('#token-list summary');
    await page.fill('#g-user-id', subOf('alice'));
    await page.fill('#g-room', 'room-1');
    await page.fill('#g-kit-name', 'Alice');
    await page.click('#generate-button');
    await page.locator('#generate-result [data-field="decodeOk"]').waitFor();
    await page.click('#generate-result button:has-text("Verify")');
    await page.click('#verify-button');
    await page.locator('#verify-result [data-field="verdict"]').waitFor();
    await page.selectOption('#r-speed', '30');
    await page.click('#renewal-start');
    await page.locator('#timeline li[data-kind="renewed"]').first().waitFor({ timeout: 20_000 });
    await page.click('#renewal-stop');

    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      wide: [...document.querySelectorAll<HTMLElement>('section, section *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((element) => element.id || element.tagName.toLowerCase()),
    }));
    expect(widths.viewport).toBe(390);
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.wide).toEqual([]);
    await screenshot(page, '8-phone-390px');
    await page.context().close();
  });
});
