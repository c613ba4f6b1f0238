// The renewal panel when a renewal fails, in a real browser against the real local stack: "fail
// the next renewal" makes the service refuse the binder's request (a 30 s lifetime, under the
// 60 s minimum). Once: the kit's binder retries and the session carries on. Every try: it
// retries with growing pauses until the old token runs out, then gives up and the simulated SDK
// disconnects. The privileges chosen go into Express's requests, and the policy applies to them.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleFixture,
  openConsole,
  screenshot,
  signInAs,
  startConsoleFixture,
} from './support/console-page.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsoleFixture({
    appId: 2_200_000_000 + Math.floor(Math.random() * 100_000_000),
    serverSecret: 'f'.repeat(16) + 'e'.repeat(16),
  });
}, 600_000);

afterAll(async () => {
  await fixture?.stop();
});

interface Entry {
  kind: string;
  text: string;
}

function timeline(page: Page): Promise<Entry[]> {
  return page
    .locator('#timeline li')
    .evaluateAll((items) =>
      items.map((li) => ({ kind: li.getAttribute('data-kind') ?? '', text: li.textContent ?? '' })),
    );
}

async function startSession(page: Page, sdk: 'zim' | 'express'): Promise<void> {
  await page.selectOption('#r-sdk', sdk);
  await page.fill('#r-ttl', '60');
  await page.selectOption('#r-speed', '30');
  await page.click('#renewal-start');
}

describe('renewal panel: failures and privileges', () => {
  it('fail once (Express, may publish): the refused try is retried and the session carries on', async () => {
    const page = await openConsole(fixture);
    await signInAs(page, 'alice');
    await page.check('#r-publish');
    await startSession(page, 'express');
    await page.locator('#timeline li[data-kind="renewed"]').first().waitFor({ timeout: 20_000 });
    // Armed while the session runs: it applies to the next renewal only.
    await page.selectOption('#r-fail', 'once');
    await page.locator('#timeline li[data-kind="renewed"]').nth(1).waitFor({ timeout: 20_000 });
    await page.click('#renewal-stop');

    const entries = await timeline(page);
    const injected = entries.findIndex((e) => e.kind === 'inject');
    expect(injected).toBeGreaterThan(0);
    expect(entries.slice(injected, injected + 6).map((e) => e.kind)).toEqual([
      'inject',
      'fetch',
      'error',
      'fetch',
      'applied',
      'renewed',
    ]);
    expect(entries[injected + 1]?.text).toContain('"ttlSeconds":30');
    expect(entries[injected + 2]?.text).toMatch(
      /renewal failed \(try 1, will retry\): invalid_request/,
    );
    expect(entries[injected + 3]?.text).toContain('"ttlSeconds":60');
    // The privileges chosen are in every request for the room.
    for (const fetch of entries.filter((e) => e.kind === 'fetch')) {
      expect(fetch.text).toContain('"privileges":{"loginRoom":true,"publishStream":true}');
    }
    expect(entries.filter((e) => e.kind === 'error')).toHaveLength(1);
    expect(await page.inputValue('#r-fail')).toBe('');
    await screenshot(page, '9-renewal-fail-once');
    await page.context().close();
  });

  it('fail every try (ZIM): retries until the token runs out, then gives up; the session ends', async () => {
    const page = await openConsole(fixture);
    await signInAs(page, 'bob');
    await page.selectOption('#r-fail', 'every');
    await startSession(page, 'zim');
    await page.locator('#timeline li[data-kind="expired"]').waitFor({ timeout: 30_000 });
    await page.click('#renewal-stop');

    const entries = await timeline(page);
    // The first token is not failed: only renewals are.
    expect(entries.slice(0, 3).map((e) => e.kind)).toEqual(['fetch', 'login', 'will-expire']);
    const errors = entries.filter((e) => e.kind === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(3);
    errors.forEach((error, index) => {
      const last = index === errors.length - 1;
      expect(error.text).toContain(`try ${index + 1}, ${last ? 'giving up' : 'will retry'}`);
    });
    expect(entries.map((e) => e.kind)).not.toContain('renewed');
    expect(entries.at(-1)?.kind).toBe('expired');
    expect(await page.inputValue('#r-fail')).toBe('');
    await screenshot(page, '10-renewal-fail-every-try');
    await page.context().close();
  });

  it('Express privileges follow the policy: bob may not publish, so the first token is refused', async () => {
    const page = await openConsole(fixture);
    await signInAs(page, 'bob');
    await page.check('#r-publish');
    await startSession(page, 'express');
    await page.locator('#timeline li[data-kind="error"]').waitFor({ timeout: 20_000 });
    const entries = await timeline(page);
    expect(entries.map((e) => e.kind)).toEqual(['fetch', 'error']);
    expect(entries[1]?.text).toMatch(/could not get the first token: privilege_denied/);
    expect(await page.textContent('#renewal-status')).toBe('Session not started.');
    await page.context().close();
  });
});
