// The CI gate on the bundled handler's size (infra/check-bundle-size.ts), run as CI runs it
// against small synthetic cloud assemblies: the code a cold start loads (index.mjs and the chunks
// it imports statically) and all the code (chunks loaded on demand too) have a budget each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HANDLER_INIT_SIZE_BUDGET_BYTES, HANDLER_SIZE_BUDGET_BYTES } from '../../infra/bundling.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];

/** A module of exactly `bytes` bytes: `head` (import statements) padded with spaces. */
function module(bytes: number, head = ''): Buffer {
  return Buffer.concat([Buffer.from(head), Buffer.alloc(bytes - Buffer.byteLength(head), 0x20)]);
}

interface Files {
  /** index.mjs; undefined: none. */
  index?: Buffer;
  /** Other files of the asset, by name. */
  more?: Record<string, Buffer>;
}

function assembly(files: Files): string {
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
  if (files.index !== undefined) writeFileSync(join(dir, 'asset.abc', 'index.mjs'), files.index);
  for (const [name, contents] of Object.entries(files.more ?? {})) {
    writeFileSync(join(dir, 'asset.abc', name), contents);
  }
  return dir;
}

function check(dir: string) {
  const run = spawnSync(tsx, [join(root, 'infra', 'check-bundle-size.ts'), dir], {
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('check-bundle-size', () => {
  it('passes code loaded at init exactly at its budget, and fails it one byte over', () => {
    const at = check(assembly({ index: module(HANDLER_INIT_SIZE_BUDGET_BYTES) }));
    expect(at.output).toMatch(
      new RegExp(
        `^ok {3}Fn: ${kib(HANDLER_INIT_SIZE_BUDGET_BYTES)} KiB loaded at a cold start ` +
          `\\(budget ${kib(HANDLER_INIT_SIZE_BUDGET_BYTES)} KiB\\)`,
        'm',
      ),
    );
    expect(at.status).toBe(0);
    const over = check(assembly({ index: module(HANDLER_INIT_SIZE_BUDGET_BYTES + 1) }));
    expect(over.output).toMatch(/^FAIL Fn: /m);
    expect(over.status).toBe(1);
  });

  it('counts a chunk imported statically as loaded at init, one imported on demand only in all code', () => {
    const half = HANDLER_INIT_SIZE_BUDGET_BYTES / 2;
    const statically = check(
      assembly({
        index: module(half, 'import "./chunk-ABCD1234.mjs";\n'),
        more: { 'chunk-ABCD1234.mjs': module(half + 1) },
      }),
    );
    expect(statically.output).toMatch(/^FAIL Fn: 256\.0 KiB loaded at a cold start/m);
    expect(statically.status).toBe(1);

    const onDemand = check(
      assembly({
        index: module(half, 'export const load = () => import("./lazy-ABCD1234.mjs");\n'),
        more: { 'lazy-ABCD1234.mjs': module(half + 1) },
      }),
    );
    expect(onDemand.output).toMatch(
      /^ok {3}Fn: 128\.0 KiB loaded at a cold start .*, 256\.0 KiB of code in all/m,
    );
    expect(onDemand.status).toBe(0);
  });

  it('fails all code over its budget, counting chunks but not maps', () => {
    const index = module(64 * 1024, 'export const load = () => import("./lazy-ABCD1234.mjs");\n');
    const rest = HANDLER_SIZE_BUDGET_BYTES - 64 * 1024;
    const within = check(
      assembly({
        index,
        more: { 'lazy-ABCD1234.mjs': module(rest), 'index.mjs.map': module(rest) },
      }),
    );
    expect(within.status).toBe(0);
    const over = check(assembly({ index, more: { 'lazy-ABCD1234.mjs': module(rest + 1) } }));
    expect(over.output).toMatch(
      new RegExp(
        `^FAIL Fn: 64\\.0 KiB loaded at a cold start .*, ${kib(HANDLER_SIZE_BUDGET_BYTES)} KiB of code in all`,
        'm',
      ),
    );
    expect(over.status).toBe(1);
  });

  it('fails when bundling did not produce index.mjs, or nothing was synthesized', () => {
    expect(check(assembly({}))).toMatchObject({ status: 1, output: /missing/ });
    const empty = mkdtempSync(join(tmpdir(), 'bundle-size-'));
    dirs.push(empty);
    expect(check(empty)).toMatchObject({ status: 1, output: /run "npm run -s synth" first/ });
  });
});
