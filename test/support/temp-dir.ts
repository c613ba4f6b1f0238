// Temporary folders for fixture secrets, removed when the test file's suite ends: a ServerSecret
// written to the system's temporary folder must not outlive the test run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface TempDirs {
  /** A new empty folder, removed after the suite. */
  make(): string;
  /** A file holding `content` in a new folder (removed after the suite); returns its path. */
  file(name: string, content: string | Buffer): string;
}

/** Registers the clean-up in the calling suite (call at file or describe level). */
export function tempDirs(prefix: string): TempDirs {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const make = () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  return {
    make,
    file(name, content) {
      const path = join(make(), name);
      writeFileSync(path, content, { mode: 0o600 });
      return path;
    },
  };
}
