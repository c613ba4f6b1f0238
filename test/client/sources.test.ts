// The kit's sources as the package is built from them: they import only each other (and the
// contract's wire types, type-only), and touch no DOM or Node globals by name, so the same
// modules run in browsers, React Native and Node. The built package is tested as an app gets it
// in test/packages/client-consumer.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const srcDir = join(root, 'functions/client/src');

const CONTRACT_TYPES = '../../contract/token-api.ts';

describe('the kit sources', () => {
  it('take the wire types from a contract file that imports nothing', () => {
    const text = readFileSync(join(root, 'functions/contract/token-api.ts'), 'utf8');
    expect(text).not.toMatch(/^\s*import\b|\bimport\(|\brequire\(/m);
  });

  it('import nothing but each other, and touch no DOM or Node globals', () => {
    const files = readdirSync(srcDir).filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'react-native.ts']));
    for (const file of files) {
      const text = readFileSync(join(srcDir, file), 'utf8');
      const specifiers = [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/g)].map(
        (m) => m[1] ?? m[2],
      );
      for (const specifier of specifiers) {
        // The one exception: the contract's wire types, type-only (erased from the JS).
        if (specifier === CONTRACT_TYPES) continue;
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w-]+\.ts$/);
      }
      for (const statement of text.match(
        /^(?:import|export)[^;]*'\.\.\/\.\.\/contract\/[^']+';/gm,
      ) ?? []) {
        expect(statement, file).toMatch(/^(?:import|export) type \{/);
      }
      expect(text, file).not.toMatch(
        /\b(window|document|localStorage|process|Buffer|require|atob|btoa)\b[.(]/,
      );
    }
  });
});
