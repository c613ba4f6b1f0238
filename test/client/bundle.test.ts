// The kit as apps get it: only its own files (no node:, AWS, DOM or package imports), the
// browser ESM bundle from `npm run build:client`, and that bundle running against a fake fetch.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scriptedFetch, tokenBody } from './support.ts';

const root = new URL('../..', import.meta.url).pathname;
const kitDir = join(root, 'functions/client');

const CONTRACT_TYPES = '#contract/token-api.ts';

describe('the kit sources', () => {
  it('take the wire types from a contract file that imports nothing', () => {
    const text = readFileSync(join(root, 'functions/contract/token-api.ts'), 'utf8');
    expect(text).not.toMatch(/^\s*import\b|\bimport\(|\brequire\(/m);
  });

  it('import nothing but each other, and touch no DOM or Node globals', () => {
    const files = readdirSync(kitDir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('index.ts');
    for (const file of files) {
      const text = readFileSync(join(kitDir, file), 'utf8');
      const specifiers = [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/g)].map(
        (m) => m[1] ?? m[2],
      );
      for (const specifier of specifiers) {
        // The one exception: the contract's wire types, type-only (erased from the bundle).
        if (specifier === CONTRACT_TYPES) continue;
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w-]+\.ts$/);
      }
      for (const statement of text.match(/^(?:import|export)[^;]*'#contract\/token-api\.ts';/gm) ??
        []) {
        expect(statement, file).toMatch(/^(?:import|export) type \{/);
      }
      expect(text, file).not.toMatch(
        /\b(window|document|localStorage|process|Buffer|require)\b[.(]/,
      );
    }
  });
});

describe('npm run build:client', () => {
  it('builds a small ESM bundle that works on its own', async () => {
    execFileSync('npm', ['run', '-s', 'build:client'], { cwd: root, stdio: 'pipe' });
    const file = join(root, 'dist/client/index.js');
    const code = readFileSync(file);
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(gzipped).toBeLessThan(6 * 1024);
    expect(code.toString()).not.toMatch(/\brequire\(|from"node:|from 'node:/);

    const kit = (await import(
      pathToFileURL(file).href
    )) as typeof import('../../functions/client/index.ts');
    expect(Object.keys(kit)).toEqual(
      expect.arrayContaining([
        'createTokenClient',
        'TokenServiceError',
        'keepZimTokenFresh',
        'keepExpressTokenFresh',
      ]),
    );
    const body = tokenBody();
    const fetch = scriptedFetch(
      { status: 403, body: { code: 'privilege_denied', detail: 'no', requestId: 'r1' } },
      { status: 200, body },
    );
    const client = kit.createTokenClient({
      endpoint: 'http://x.test/token',
      getIdToken: () => 'id',
      fetch,
    });
    const error = await client.getToken({ roomId: 'r' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(kit.TokenServiceError);
    expect(error).toMatchObject({ code: 'privilege_denied', status: 403, requestId: 'r1' });
    await expect(client.getToken()).resolves.toEqual(body);
  });
});
