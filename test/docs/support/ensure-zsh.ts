// `npx tsx test/docs/support/ensure-zsh.ts`: what .ci/run calls before the tests, so a clean
// machine has zsh (Debian, as root) for the documentation's paste tests.
import { ensureShell } from './ensure-shell.ts';

try {
  ensureShell('zsh', (line) => console.log(line));
  ensureShell('bash', (line) => console.log(line));
  console.log('shells for the documentation tests: zsh, bash');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
