// zego-token-client as an app team gets it: `npm pack -w zego-token-client` (its prepack builds
// dist/), the tarball installed into a fresh app folder outside the repository next to the four
// real ZEGO SDK packages, TypeScript 5.9, @types/node and @types/react; the app code in
// test/packages/client-consumer-app/ typechecked under bundler (Web, React Native), nodenext
// (ESM and CommonJS) and node10 with strict flags and skipLibCheck false; and the Node parts run
// in plain Node against the local stack started with `npm start`.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUDGETS,
  type PackResult,
  pack,
  webEntryBytes,
} from '../../functions/client/scripts/size.ts';
import { jwtPayload } from '../e2e/support/jwt.ts';
import { openToken } from '../support/open-token.ts';
import { lockedVersion } from './construct-consumer-support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./client-consumer-app', import.meta.url));
const WORK = mkdtempSync(join(tmpdir(), 'zego-client-consumer-'));
const APP = join(WORK, 'app');
const KIT = join(APP, 'node_modules', 'zego-token-client');
const TSC = join(APP, 'node_modules/typescript/bin/tsc');

/**
 * What the app installs next to the tarball: the four SDKs the kit is typed against, TypeScript,
 * and React Native with its peers, at the versions the repository's lockfile has (React Native's
 * own typings are compiled too, with skipLibCheck false: pinned, so a new release of them cannot
 * fail this test for reasons outside the kit). @types/react is not in the repository.
 */
const APP_PACKAGES = [
  ...[
    'zego-zim-web',
    'zego-express-engine-webrtc',
    'zego-zim-react-native',
    'zego-express-engine-reactnative',
    'typescript',
    '@types/node',
    'react',
    'react-native',
  ].map((name) => `${name}@${lockedVersion(name)}`),
  '@types/react@19.3.3',
];

const execFileAsync = promisify(execFile);

/** The environment of a developer's shell, without this test run's npm, vitest or ZEGO settings. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|ZEGO_|COGNITO_|POWERTOOLS_|PORT$|VITEST|NODE_OPTIONS$)/i.test(name)) continue;
    env[name] = value;
  }
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

const compiled = new Map<string, Promise<RunResult>>();

/**
 * `tsc -p <folder> --listFiles` in the app, once per folder: the typecheck test reads it, and the
 * Node folders' runs use the out/main.js it emitted.
 */
function compile(folder: string): Promise<RunResult> {
  let result = compiled.get(folder);
  if (!result) {
    result = run(process.execPath, [TSC, '-p', folder, '--listFiles'], APP);
    compiled.set(folder, result);
  }
  return result;
}

/** tsc reported nothing: no diagnostic, exit code 0. */
function expectNoDiagnostics(result: RunResult): void {
  const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
  expect(errors).toEqual([]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

let packed: PackResult;

beforeAll(async () => {
  packed = pack(WORK);
  cpSync(FIXTURE, APP, { recursive: true });
  const install = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', packed.filename, ...APP_PACKAGES],
    APP,
  );
  expect(install.code, install.stderr).toBe(0);
}, 10 * 60_000);

afterAll(() => {
  rmSync(WORK, { recursive: true, force: true });
});

describe('npm pack -w zego-token-client', () => {
  it('makes a tarball with built JS, .d.ts, README and LICENSE, no .ts source and no dependencies', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'dist/esm/index.js',
        'dist/esm/react-native.js',
        'dist/cjs/index.cjs',
        'dist/cjs/react-native.cjs',
        'dist/types/client/src/index.d.ts',
        'dist/types/client/src/index.d.cts',
        'dist/types/client/src/react-native.d.ts',
        'dist/types/client/src/react-native.d.cts',
        'dist/types/contract/token-api.d.ts',
        'react-native/package.json',
      ]),
    );
    expect(
      paths.filter((path) => /\.[cm]?tsx?$/.test(path) && !/\.d\.[cm]?ts$/.test(path)),
    ).toEqual([]);
    expect(paths.filter((path) => /^(src|scripts|test)\//.test(path))).toEqual([]);

    const manifest = JSON.parse(readFileSync(join(KIT, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'zego-token-client',
      license: 'MIT',
      sideEffects: false,
    });
    expect(manifest.version).toMatch(/^0\.\d+\.\d+$/);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      expect(manifest[field], field).toBeUndefined();
    }
    for (const entry of ['.', './react-native']) {
      for (const condition of ['import', 'require']) {
        expect(Object.keys(manifest.exports[entry][condition])[0], `${entry} ${condition}`).toBe(
          'types',
        );
      }
    }
    expect(readFileSync(join(KIT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('installs at most 200 KiB, and its web entry is at most 4 KiB minified and gzipped', async () => {
    // npm installs exactly the tarball's files: the installed size is its unpacked size.
    const installed = packed.unpackedSize;
    const web = await webEntryBytes(join(KIT, 'dist/esm/index.js'));
    console.log(
      `zego-token-client ${packed.version}: tarball ${packed.size} bytes, installed ${installed} bytes, ` +
        `web entry ${web.min} bytes minified, ${web.gzip} bytes gzipped`,
    );
    expect(installed).toBeLessThanOrEqual(BUDGETS.installedBytes);
    expect(web.gzip).toBeLessThanOrEqual(BUDGETS.webGzipBytes);
  });
});

describe('an app outside the repo typechecks with zero errors (strict, skipLibCheck false)', () => {
  it.each([
    ['web', 'bundler, DOM, Web SDKs', ['index.d.ts']],
    ['rn', 'bundler, React Native SDKs', ['react-native.d.ts']],
    ['node-esm', 'nodenext ESM', ['index.d.ts', 'react-native.d.ts']],
    ['node-cjs', 'nodenext CommonJS', ['index.d.cts', 'react-native.d.cts']],
    ['legacy', 'node10 CommonJS', ['index.d.ts', 'react-native.d.ts']],
  ])(
    '%s (%s)',
    async (folder, _setup, declarations) => {
      const result = await compile(folder);
      expectNoDiagnostics(result);
      // The kit's own declarations were part of the program (not an untyped fallback).
      for (const file of declarations) {
        expect(result.stdout).toContain(
          `node_modules/zego-token-client/dist/types/client/src/${file}`,
        );
      }
    },
    180_000,
  );
});

describe('the app runs in plain Node against the local stack (npm start)', () => {
  const appId = 1_000_000_000 + (randomBytes(4).readUInt32BE(0) % 1_000_000_000);
  const secret = randomBytes(16).toString('hex');
  const stateDir = join(WORK, 'state');
  let stack: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  let endpoint = '';
  const idTokens = { alice: '', bob: '' };

  beforeAll(async () => {
    const env = cleanEnv({
      PORT: '0',
      ZEGO_APP_ID: String(appId),
      ZEGO_SERVER_SECRET: secret,
      ZEGO_LOCAL_STATE_DIR: stateDir,
    });
    const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: 'pipe' });
    stack = child;
    exited = new Promise((resolve) => child.once('exit', resolve));
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const deadline = Date.now() + 90_000;
    while (!out.includes('Press Ctrl-C to stop.')) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`npm start did not come up:\n${out}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = /POST (http:\/\/127\.0\.0\.1:(\d+))\/token/.exec(out);
    endpoint = `${url?.[1]}/token`;
    for (const user of ['alice', 'bob'] as const) {
      const token = await run(
        'npm',
        ['run', '-s', 'dev:token', '--', user],
        ROOT,
        cleanEnv({ PORT: url?.[2] ?? '', ZEGO_LOCAL_STATE_DIR: stateDir }),
      );
      expect(token.code, token.stderr).toBe(0);
      idTokens[user] = token.stdout.trim();
    }
  }, 120_000);

  afterAll(async () => {
    if (stack?.pid && stack.exitCode === null) {
      process.kill(-stack.pid, 'SIGINT');
      const timer = setTimeout(() => {
        if (stack?.pid && stack.exitCode === null) process.kill(-stack.pid, 'SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
  }, 30_000);

  /** Runs the folder's compiled out/main.js with Node, returning its JSON report. */
  async function runApp(folder: string): Promise<Record<string, unknown>> {
    expectNoDiagnostics(await compile(folder));
    const result = await run(
      process.execPath,
      [join(APP, folder, 'out', 'main.js')],
      join(APP, folder),
      cleanEnv({
        TOKEN_ENDPOINT: endpoint,
        ALICE_ID_TOKEN: idTokens.alice,
        BOB_ID_TOKEN: idTokens.bob,
      }),
    );
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout.trim()) as Record<string, unknown>;
  }

  const aliceUserId = () => String(jwtPayload(idTokens.alice).sub).replaceAll('-', '');

  it('ESM: a basic token, a typed refusal, and the React Native Express binder renewing', async () => {
    const report = (await runApp('node-esm')) as {
      basic: { token: string; userId: string; appId: number };
      refusal: Record<string, unknown> & { requestId?: string };
      login: { token: string; roomId: string };
      renewal: Array<{ roomID: string; token: string }>;
    };
    expect(report.basic.userId).toBe(aliceUserId());
    expect(report.basic.appId).toBe(appId);
    const basic = openToken(report.basic.token, secret);
    expect(basic.plaintext).toMatchObject({ app_id: appId, user_id: aliceUserId() });
    expect(basic.privilege).toBeNull();

    expect(report.refusal).toMatchObject({
      isTokenServiceError: true,
      sameClassInBothEntries: true,
      name: 'TokenServiceError',
      code: 'privilege_denied',
      status: 403,
    });
    expect(report.refusal.requestId).toMatch(/\S/);

    // renewToken(roomID, token) was called once, with a new token for that room and user.
    expect(report.renewal).toHaveLength(1);
    const [renewal] = report.renewal;
    expect(renewal?.roomID).toBe('room-1');
    expect(renewal?.token).not.toBe(report.login.token);
    const renewed = openToken(renewal?.token ?? '', secret);
    expect(renewed.plaintext).toMatchObject({ app_id: appId, user_id: aliceUserId() });
    expect(renewed.privilege).toMatchObject({ room_id: 'room-1', privilege: { '1': 1, '2': 1 } });
  }, 120_000);

  it.each([
    ['node-cjs', 'nodenext CommonJS'],
    ['legacy', 'node10 CommonJS'],
  ])(
    '%s (%s): require() gets a basic token and a typed refusal',
    async (folder) => {
      const report = (await runApp(folder)) as {
        module: string;
        basic: { token: string; userId: string };
        refusal: Record<string, unknown>;
      };
      expect(report.module).toBe('commonjs');
      expect(report.basic.userId).toBe(aliceUserId());
      expect(openToken(report.basic.token, secret).plaintext).toMatchObject({ app_id: appId });
      expect(report.refusal).toEqual({
        code: 'privilege_denied',
        status: 403,
        sameClassInBothEntries: true,
      });
    },
    120_000,
  );
});
