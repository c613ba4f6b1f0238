// Finds a shell the documentation tests paste into (zsh, bash); on Debian as root, installs a
// missing one with apt-get (as the console tests do for Chromium), else fails with one line
// saying what to install. A missing shell never skips a test.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const isDebianRoot = () => existsSync('/etc/debian_version') && process.getuid?.() === 0;

function installed(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0;
}

/** Makes sure `shell` runs here; returns its name. */
export function ensureShell(
  shell: 'zsh' | 'bash',
  log: (line: string) => void = () => undefined,
): string {
  if (installed(shell)) return shell;
  if (!isDebianRoot()) {
    throw new Error(
      `No ${shell} found for the documentation tests: install it (Debian/Ubuntu: apt-get install -y ${shell}; macOS ships zsh).`,
    );
  }
  log(`No ${shell} found: apt-get update && apt-get install -y ${shell}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', shell], {
    stdio: 'inherit',
    env,
  });
  if (!installed(shell)) throw new Error(`apt-get installed ${shell}, but it does not run`);
  return shell;
}
