import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/cli.ts';
import { decodeToken } from '../../functions/core/index.ts';
import { referenceGcm04 } from '../support/reference-token.ts';
import { tempDirs } from '../support/temp-dir.ts';

const secret = 'fa94dd0f974cf2e293728a526b028271';
const run = promisify(execFile);
const fixtures = tempDirs('zego-cli-');
const repoRoot = new URL('../..', import.meta.url).pathname;

async function cli(argv: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    env: options.env ?? { ZEGO_SERVER_SECRET: secret },
    readStdin: async () => options.stdin,
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}

describe('generate', () => {
  it('makes a privilege token whose fields decode back', async () => {
    const { code, out } = await cli([
      'generate',
      '--app-id',
      '1234567890',
      '--user-id',
      'alice',
      '--room',
      'r1',
      '--publish',
      '--stream',
      'r1_alice',
      '--stream',
      'r1_cam2',
      '--ttl',
      '600',
    ]);
    expect(code).toBe(0);
    const decoded = decodeToken(out.trim(), secret);
    expect(decoded).toMatchObject({
      version: '04',
      cipher: 'gcm',
      appId: 1234567890,
      userId: 'alice',
    });
    expect(decoded.expiresAt - decoded.issuedAt).toBe(600);
    expect(decoded.privilege).toEqual({
      roomId: 'r1',
      loginRoom: true,
      publishStream: true,
      streamIds: ['r1_alice', 'r1_cam2'],
    });
  });

  it('makes a basic token by default, and CBC / Token03 on request', async () => {
    const basic = await cli(['generate', '--app-id', '7', '--user-id', 'u']);
    expect(decodeToken(basic.out.trim(), secret).payload).toBe('');
    const cbc = await cli(['generate', '--app-id', '7', '--user-id', 'u', '--cipher', 'cbc']);
    expect(decodeToken(cbc.out.trim(), secret).cipher).toBe('cbc');
    const t03 = await cli([
      'generate',
      '--app-id',
      '7',
      '--user-id',
      'u',
      '--version',
      '03',
      '--room',
      'r',
      '--no-login',
    ]);
    const decoded03 = decodeToken(t03.out.trim(), secret);
    expect(decoded03.version).toBe('03');
    expect(decoded03.privilege).toEqual({
      roomId: 'r',
      loginRoom: false,
      publishStream: false,
      streamIds: null,
    });
  });

  it('reads the secret from --secret-file or stdin, and the app ID from ZEGO_APP_ID', async () => {
    const file = fixtures.file('secret', `${secret}\n`);
    const fromFile = await cli(
      ['generate', '--app-id', '9', '--user-id', 'u', '--secret-file', file],
      { env: {} },
    );
    expect(decodeToken(fromFile.out.trim(), secret).appId).toBe(9);
    const fromStdin = await cli(['generate', '--user-id', 'u'], {
      env: { ZEGO_APP_ID: '11' },
      stdin: `${secret}\n`,
    });
    expect(decodeToken(fromStdin.out.trim(), secret).appId).toBe(11);
  });

  it('--kit prints a kit token; --json prints the details', async () => {
    const kit = await cli([
      'generate',
      '--app-id',
      '5',
      '--user-id',
      'u',
      '--room',
      'r',
      '--kit',
      '--user-name',
      'Zoë',
    ]);
    const [token, tail] = kit.out.trim().split('#');
    expect(decodeToken(token as string, secret).userId).toBe('u');
    expect(JSON.parse(Buffer.from(tail as string, 'base64').toString())).toEqual({
      userID: 'u',
      roomID: 'r',
      userName: 'Zo%C3%AB',
      appID: 5,
    });
    const json = await cli(['generate', '--app-id', '5', '--user-id', 'u', '--json']);
    const parsed = JSON.parse(json.out);
    expect(parsed.expiresAt - parsed.issuedAt).toBe(3600);
    expect(decodeToken(parsed.token, secret).userId).toBe('u');
  });

  it.each([
    [['generate', '--user-id', 'u'], 2, /--app-id is required/],
    [['generate', '--app-id', '1'], 2, /--user-id is required/],
    [['generate', '--app-id', 'x1', '--user-id', 'u'], 2, /whole number/],
    [['generate', '--app-id', '1', '--user-id', 'u', '--publish', '--no-publish'], 2, /contradict/],
    [
      ['generate', '--app-id', '1', '--user-id', 'u', '--stream', 's'],
      2,
      /--stream needs --publish/,
    ],
    [
      ['generate', '--app-id', '1', '--user-id', 'u', '--secret', secret],
      2,
      /unknown option --secret\b/,
    ],
    [['generate', '--app-id', '1', '--user-id', 'u', '--ttl', '30'], 1, /invalid_ttl/],
    [['generate', '--app-id', '1', '--user-id', 'a b'], 1, /invalid_user_id/],
    [['frobnicate'], 2, /unknown command/],
  ])('%j exits %d', async (argv, expectedCode, message) => {
    const { code, err, out } = await cli(argv);
    expect(code).toBe(expectedCode);
    expect(err).toMatch(message);
    expect(out).toBe('');
    expect(err).not.toContain(secret);
  });

  it('without any secret source it says where a secret may come from', async () => {
    const { code, err } = await cli(['generate', '--app-id', '1', '--user-id', 'u'], { env: {} });
    expect(code).toBe(2);
    expect(err).toMatch(/ZEGO_SERVER_SECRET/);
  });
});

describe('decode and inspect', () => {
  const ctime = 1_700_000_000;
  const expired = referenceGcm04(
    { appId: 3, userId: 'old', secret, nonce: 1, ctime, expire: ctime + 60, payload: '' },
    Buffer.alloc(12, 9),
  );

  it('decode prints every contract field, exit 0 even when expired', async () => {
    const { code, out } = await cli(['decode', expired]);
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual([
      'version',
      'cipher',
      'appId',
      'userId',
      'nonce',
      'issuedAt',
      'expiresAt',
      'expired',
      'payload',
      'privilege',
    ]);
    expect(parsed).toMatchObject({ appId: 3, userId: 'old', expired: true, privilege: null });
  });

  it('decode - reads the token from stdin', async () => {
    const { code, out } = await cli(['decode', '-'], { stdin: `${expired}\n` });
    expect(code).toBe(0);
    expect(JSON.parse(out).userId).toBe('old');
  });

  it('decode - with the secret also expected on stdin is a usage error', async () => {
    const { code, err } = await cli(['decode', '-'], { env: {}, stdin: expired });
    expect(code).toBe(2);
    expect(err).toMatch(/--secret-file/);
  });

  it('a wrong secret or a malformed token exits 1 with a one-line reason', async () => {
    for (const [argv, env] of [
      [['decode', expired], { ZEGO_SERVER_SECRET: '0123456789abcdef0123456789abcdef' }],
      [['decode', '04notbase64!'], { ZEGO_SERVER_SECRET: secret }],
      [['decode', 'xyz'], { ZEGO_SERVER_SECRET: secret }],
    ] as const) {
      const { code, err, out } = await cli([...argv], { env: { ...env } });
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('inspect needs no secret', async () => {
    const { code, out } = await cli(['inspect', expired], { env: {} });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      version: '04',
      cipher: 'gcm',
      expiresAt: ctime + 60,
      expired: true,
    });
  });
});

describe('as a process', () => {
  it('npm run -s token -- generate … | decode round-trips, secret only in the environment', async () => {
    const env = { ...process.env, ZEGO_SERVER_SECRET: secret };
    const made = await run(
      'npm',
      [
        'run',
        '-s',
        'token',
        '--',
        'generate',
        '--app-id',
        '1234567890',
        '--user-id',
        'alice',
        '--room',
        'r1',
        '--publish',
      ],
      { cwd: repoRoot, env },
    );
    const token = made.stdout.trim();
    const decoded = await run('npm', ['run', '-s', 'token', '--', 'decode', token], {
      cwd: repoRoot,
      env,
    });
    const fields = JSON.parse(decoded.stdout);
    expect(fields).toMatchObject({ appId: 1234567890, userId: 'alice', expired: false });
    expect(fields.privilege).toEqual({
      roomId: 'r1',
      loginRoom: true,
      publishStream: true,
      streamIds: null,
    });
  });

  it('the zego-token bin exits non-zero with a one-line reason for a wrong secret', async () => {
    const token = referenceGcm04(
      { appId: 1, userId: 'u', secret, nonce: 1, ctime: 1, expire: 61, payload: '' },
      Buffer.alloc(12, 1),
    );
    const failure = await run(join(repoRoot, 'functions/cli/zego-token.mjs'), ['decode', token], {
      cwd: repoRoot,
      env: { ...process.env, ZEGO_SERVER_SECRET: 'ffffffffffffffffffffffffffffffff' },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim()).toMatch(/^zego-token: decrypt_failed: [^\n]+$/);
  });
});
