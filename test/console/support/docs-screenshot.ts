// `npx tsx test/console/support/docs-screenshot.ts`: redraws docs/console.png (the README's
// picture of the console) from a real run: alice signs in, issues a room token that may publish,
// generates a token for another user and verifies it against the wrong user, and a ZIM session
// renews its 60 s token on a ×30 clock, once after a refused try.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openConsole, signInAs, startConsoleFixture } from './console-page.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const target = fileURLToPath(new URL('../../../docs/console.png', import.meta.url));
const fixture = await startConsoleFixture({
  appId: 1_234_567_890,
  serverSecret: randomBytes(16).toString('hex'),
});
try {
  const page = await openConsole(fixture);
  await signInAs(page, 'alice');
  await page.fill('#f-room', 'room-1');
  await page.check('#f-publish');
  await page.fill('#f-streams', 'room-1_alice');
  await page.fill('#f-ttl', '600');
  await page.click('#issue-button');
  await page.locator('#token-list [data-field="decodeOk"]').waitFor();
  await page.fill('#g-user-id', 'user-42');
  await page.fill('#g-room', 'room-1');
  await page.click('#generate-button');
  await page.locator('#generate-result [data-field="decodeOk"]').waitFor();
  await page.click('#generate-result button:has-text("Verify")');
  await page.fill('#v-user-id', 'user-43');
  await page.click('#verify-button');
  await page.locator('#verify-result [data-field="verdict"]').waitFor();
  await page.selectOption('#r-speed', '30');
  await page.selectOption('#r-fail', 'once');
  await page.click('#renewal-start');
  await page.locator('#timeline li[data-kind="renewed"]').nth(1).waitFor({ timeout: 20_000 });
  await page.click('#renewal-stop');
  await page.screenshot({ path: target, fullPage: true });
  console.log(`wrote ${target}`);
} finally {
  await fixture.stop();
}
