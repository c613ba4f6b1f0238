// The migration guide's code is the code that compiles: every file in docs/snippets/ is shown in
// the guide exactly once, byte for byte; the SDK versions the guide names are the installed ones
// the snippets are checked against; the snippets' TypeScript project (run by `npm run typecheck`)
// is strict, and it does refuse SDK calls of the wrong shape. The guide names no local path.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/markdown.ts';
import { GUIDE, shownSnippets } from './support/snippets.ts';

const guide = readFileSync(join(ROOT, GUIDE), 'utf8');
const SNIPPETS = 'docs/snippets';
const snippetFiles = readdirSync(join(ROOT, SNIPPETS))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => `${SNIPPETS}/${name}`)
  .sort();
const SDKS = [
  'zego-zim-web',
  'zego-express-engine-webrtc',
  'zego-zim-react-native',
  'zego-express-engine-reactnative',
];
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const scratch = join(ROOT, '.tmp', `snippet-check-${process.pid}`);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tsc(project: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [TSC, '--noEmit', '-p', project], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the migration guide', () => {
  it('shows every snippet file exactly once, and exactly its code', () => {
    const shown = shownSnippets(guide);
    expect(snippetFiles.length).toBe(4);
    expect(shown.map((s) => s.file).sort()).toEqual(snippetFiles);
    for (const { file, shown: code } of shown) {
      expect(code, `${GUIDE} shows ${file} as it is (npx tsx test/docs/support/snippets.ts)`).toBe(
        readFileSync(join(ROOT, file), 'utf8'),
      );
    }
  });

  it('names the SDK versions that are installed, for each of the four SDKs', () => {
    for (const name of SDKS) {
      const installed = JSON.parse(
        readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ).version as string;
      const named = [...guide.matchAll(new RegExp(`${name}@(\\d+\\.\\d+\\.\\d+)`, 'g'))].map(
        (m) => m[1],
      );
      expect(named.length, `${GUIDE} names ${name}@<version>`).toBeGreaterThan(0);
      expect(new Set(named), name).toEqual(new Set([installed]));
    }
  });

  it('names no path on a machine (sources are cited by title)', () => {
    for (const pattern of [/\/work\//, /\.\.\/shared/, /shared\/seeds/, /\/home\//, /\/tmp\//]) {
      expect(guide).not.toMatch(pattern);
    }
  });
});

describe('the snippets project', () => {
  it('is strict and is part of npm run typecheck', () => {
    const config = JSON.parse(readFileSync(join(ROOT, SNIPPETS, 'tsconfig.json'), 'utf8'));
    expect(config.extends).toBe('../../tsconfig.json');
    const base = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
    expect(base.compilerOptions.strict).toBe(true);
    expect(config.compilerOptions.strict).not.toBe(false);
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.typecheck).toContain(`-p ${SNIPPETS}`);
  });

  it('compiles the snippets, and refuses SDK calls of the wrong shape', () => {
    expect(tsc(SNIPPETS)).toEqual({ status: 0, output: '' });

    // The same settings, over calls the ZEGO upgrade guides show but the typings refuse.
    mkdirSync(scratch, { recursive: true });
    writeFileSync(
      join(scratch, 'wrong.ts'),
      [
        "import ZegoExpressEngine from 'zego-express-engine-reactnative';",
        "import ZIM from 'zego-zim-react-native';",
        'export async function wrong(zim: ZIM, engine: ZegoExpressEngine) {',
        "  await zim.login({ userID: 'u', userName: 'n' }, 'token');",
        '  await ZegoExpressEngine.createEngineWithProfile({ appID: 1, scenario: 3 });',
        "  await engine.loginRoom('r', { userID: 'u', userName: 'n' }, { token: 't' });",
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({ extends: `../../${SNIPPETS}/tsconfig.json`, include: ['*.ts'] }),
    );
    const { status, output } = tsc(scratch);
    expect(status).not.toBe(0);
    expect(output).toMatch(/wrong\.ts\(4,\d+\): error TS2345/);
    expect(output).toMatch(/wrong\.ts\(5,\d+\): error TS2345[\s\S]*appSign/);
    expect(output).toMatch(/wrong\.ts\(6,\d+\): error TS2345[\s\S]*maxMemberCount/);
  }, 120_000);
});
