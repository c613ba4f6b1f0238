// Finds the Chrome/Chromium the browser tests drive (playwright-core downloads no browser):
// CHROME_PATH, else a known install, else — on Debian as root — installs Debian's `chromium`,
// else fails with one line saying what to do. A missing browser never skips the tests.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const KNOWN_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const INSTALL_HINT =
  'No Chrome/Chromium found for the browser tests: install one (Debian/Ubuntu: apt-get install -y chromium; macOS: install Google Chrome) or set CHROME_PATH to its executable.';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** An installed browser, or undefined. */
export function findInstalledChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.CHROME_PATH;
  if (configured) {
    if (!isExecutable(configured)) {
      throw new Error(`CHROME_PATH=${configured} is not an executable file.`);
    }
    return configured;
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  return KNOWN_PATHS.find(isExecutable);
}

const isDebianRoot = () => existsSync('/etc/debian_version') && process.getuid?.() === 0;

/** An installed browser; installs Debian's `chromium` when none is found on Debian as root. */
export function ensureChromium(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
): string {
  const found = findInstalledChromium(env);
  if (found) return found;
  if (!isDebianRoot()) throw new Error(INSTALL_HINT);
  log('No Chrome/Chromium found: apt-get update && apt-get install -y chromium');
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env: aptEnv });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env: aptEnv,
  });
  const installed = findInstalledChromium(env);
  if (!installed) throw new Error(INSTALL_HINT);
  return installed;
}

/** Chromium's flags here: as root, its sandbox cannot start. */
export function chromiumArgs(): string[] {
  return process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}
