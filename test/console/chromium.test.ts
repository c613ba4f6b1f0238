// The browser finder: CHROME_PATH wins (and must be executable), then PATH, and nothing found
// is an error that says what to install — never a skipped test.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findInstalledChromium, INSTALL_HINT } from './support/chromium.ts';

const dir = mkdtempSync(join(tmpdir(), 'console-chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, executable: boolean): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

describe('findInstalledChromium', () => {
  it('uses CHROME_PATH when it is executable, and refuses it when it is not', () => {
    const chrome = file('my-chrome', true);
    expect(findInstalledChromium({ CHROME_PATH: chrome, PATH: '' })).toBe(chrome);
    const notExecutable = file('not-chrome', false);
    expect(() => findInstalledChromium({ CHROME_PATH: notExecutable })).toThrow(/CHROME_PATH/);
  });

  it('finds a chromium on PATH before the well-known locations', () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    const path = join(bin, 'chromium-browser');
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    expect(findInstalledChromium({ PATH: bin })).toBe(path);
  });

  it('says in one line what to install', () => {
    expect(INSTALL_HINT).not.toContain('\n');
    expect(INSTALL_HINT).toMatch(/apt-get install -y chromium/);
    expect(INSTALL_HINT).toMatch(/CHROME_PATH/);
  });
});
