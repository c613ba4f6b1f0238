// The CI gate on the bundled handler's size (infra/check-bundle-size.ts), run as CI runs it
// against small synthetic cloud assemblies.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HANDLER_SIZE_BUDGET_BYTES } from '../../infra/bundling.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];

function assembly(bundleBytes: number | undefined, chunkBytes = 0): string {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-size-'));
  dirs.push(dir);
  const template = {
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Metadata: { 'aws:asset:path': 'asset.abc' } },
      Other: { Type: 'AWS::SNS::Topic' },
    },
  };
  writeFileSync(join(dir, 'Stack.template.json'), JSON.stringify(template));
  mkdirSync(join(dir, 'asset.abc'));
  if (bundleBytes !== undefined) {
    writeFileSync(join(dir, 'asset.abc', 'index.mjs'), Buffer.alloc(bundleBytes, 0x20));
  }
  if (chunkBytes > 0) {
    writeFileSync(join(dir, 'asset.abc', 'chunk-ABCD1234.mjs'), Buffer.alloc(chunkBytes, 0x20));
    // A source map is not code: it does not count.
    writeFileSync(join(dir, 'asset.abc', 'index.mjs.map'), Buffer.alloc(chunkBytes, 0x20));
  }
  return dir;
}

function check(dir: string) {
  const run = spawnSync(tsx, [join(root, 'infra', 'check-bundle-size.ts'), dir], {
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('check-bundle-size', () => {
  it('passes a handler exactly at the budget', () => {
    const result = check(assembly(HANDLER_SIZE_BUDGET_BYTES));
    expect(result.output).toMatch(
      /^ok {3}Fn: 416\.0 KiB of code, index\.mjs 416\.0 KiB \(budget 416\.0 KiB\)/m,
    );
    expect(result.status).toBe(0);
  });

  it('fails a handler one byte over the budget', () => {
    const result = check(assembly(HANDLER_SIZE_BUDGET_BYTES + 1));
    expect(result.output).toMatch(/^FAIL Fn: /m);
    expect(result.status).toBe(1);
  });

  it('counts the chunks beside index.mjs, not the maps', () => {
    const within = check(assembly(HANDLER_SIZE_BUDGET_BYTES - 1024, 1024));
    expect(within.status).toBe(0);
    const over = check(assembly(HANDLER_SIZE_BUDGET_BYTES - 1024, 1025));
    expect(over.output).toMatch(/^FAIL Fn: 416\.0 KiB of code, index\.mjs 415\.0 KiB/m);
    expect(over.status).toBe(1);
  });

  it('fails when bundling did not produce index.mjs, or nothing was synthesized', () => {
    expect(check(assembly(undefined))).toMatchObject({ status: 1, output: /missing/ });
    const empty = mkdtempSync(join(tmpdir(), 'bundle-size-'));
    dirs.push(empty);
    expect(check(empty)).toMatchObject({ status: 1, output: /run "npm run -s synth" first/ });
  });
});
