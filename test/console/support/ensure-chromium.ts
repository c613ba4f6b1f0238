// `npx tsx test/console/support/ensure-chromium.ts`: what .ci/run calls before the tests, so a
// clean machine gets its browser (Debian, as root) before vitest starts.
import { ensureChromium } from './chromium.ts';

try {
  const path = ensureChromium(process.env, (line) => console.log(line));
  console.log(`browser for the console tests: ${path}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
