// The CLI's help, --version, duration TTLs, 64-byte user IDs, generate --json, verify's exit
// codes and the order of secret sources (with a real pseudo-terminal for the hidden prompt).
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/cli.ts';
import { openToken } from '../support/open-token.ts';
import { referenceGcm04 } from '../support/reference-token.ts';
import { tempDirs } from '../support/temp-dir.ts';

const secret = '7c1e5a0b9d3f4e2a8b6c0d1e2f3a4b5c';
const other = 'ffffffffffffffffffffffffffffffff';
const repoRoot = new URL('../..', import.meta.url).pathname;
const tsx = join(repoRoot, 'node_modules/.bin/tsx');
const main = join(repoRoot, 'functions/cli/main.ts');

async function cli(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; stdin?: string; prompt?: () => Promise<string> } = {},
) {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    env: options.env ?? { ZEGO_SERVER_SECRET: secret },
    readStdin: async () => options.stdin,
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    promptSecret: options.prompt,
    version: '9.9.9',
  });
  return { code, out, err };
}

const now = Math.floor(Date.now() / 1000);
const validToken = referenceGcm04(
  { appId: 8, userId: 'v', secret, nonce: 5, ctime: now, expire: now + 600, payload: '' },
  Buffer.alloc(12, 3),
);
const expiredToken = referenceGcm04(
  { appId: 8, userId: 'old', secret, nonce: 5, ctime: now - 7200, expire: now - 3600, payload: '' },
  Buffer.alloc(12, 4),
);

describe('help and version', () => {
  it.each(['generate', 'decode', 'verify', 'inspect'])(
    '%s --help and help <command> exit 0',
    async (name) => {
      const flag = await cli([name, '--help'], { env: {} });
      const word = await cli(['help', name], { env: {} });
      expect(flag.code).toBe(0);
      expect(flag.out).toMatch(new RegExp(`^Usage: zego-token ${name}`));
      expect(word.out).toBe(flag.out);
    },
  );

  it('--version prints the version; help for an unknown command is a usage error', async () => {
    expect((await cli(['--version'])).out).toBe('9.9.9\n');
    expect((await cli(['help', 'nope'])).code).toBe(2);
  });

  it('as a process: generate --help exits 0, --version is the package version', async () => {
    const run = promisify(execFile);
    const help = await run(tsx, [main, 'generate', '--help'], { cwd: repoRoot });
    expect(help.stdout).toMatch(/--ttl DURATION/);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect((await run(tsx, [main, '--version'], { cwd: repoRoot })).stdout.trim()).toBe(
      pkg.version,
    );
  });
});

describe('generate', () => {
  it.each([
    ['90s', 90],
    ['10m', 600],
    ['1h', 3600],
    ['7d', 604_800],
    ['120', 120],
  ])('--ttl %s lasts %d seconds', async (ttl, seconds) => {
    const { code, out } = await cli(['generate', '--app-id', '1', '--user-id', 'u', '--ttl', ttl]);
    expect(code).toBe(0);
    const opened = openToken(out.trim(), secret).plaintext;
    expect((opened.expire as number) - (opened.ctime as number)).toBe(seconds);
  });

  it('refuses a malformed duration (2) and one outside ZEGO bounds (1)', async () => {
    expect((await cli(['generate', '--app-id', '1', '--user-id', 'u', '--ttl', '5x'])).code).toBe(
      2,
    );
    const short = await cli(['generate', '--app-id', '1', '--user-id', 'u', '--ttl', '30s']);
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/invalid_ttl/);
    expect((await cli(['generate', '--app-id', '1', '--user-id', 'u', '--ttl', '25d'])).code).toBe(
      1,
    );
  });

  it('--user-id-max-bytes 64 admits a 64-byte user ID (Express), 32 is the default', async () => {
    const id64 = 'a'.repeat(64);
    expect((await cli(['generate', '--app-id', '1', '--user-id', id64])).err).toMatch(
      /invalid_user_id/,
    );
    const ok = await cli([
      'generate',
      '--app-id',
      '1',
      '--user-id',
      id64,
      '--user-id-max-bytes',
      '64',
    ]);
    expect(ok.code).toBe(0);
    expect(openToken(ok.out.trim(), secret).plaintext.user_id).toBe(id64);
    expect(
      (
        await cli([
          'generate',
          '--app-id',
          '1',
          '--user-id',
          `${id64}b`,
          '--user-id-max-bytes',
          '64',
        ])
      ).code,
    ).toBe(1);
    expect(
      (await cli(['generate', '--app-id', '1', '--user-id', 'u', '--user-id-max-bytes', '48']))
        .code,
    ).toBe(2);
  });

  it('--json prints every field inside the token, as an independent decoder reads them', async () => {
    const { code, out } = await cli([
      'generate',
      '--app-id',
      '77',
      '--user-id',
      'alice',
      '--room',
      'r1',
      '--publish',
      '--stream',
      's1',
      '--ttl',
      '10m',
      '--json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    const opened = openToken(json.token, secret);
    expect(json).toMatchObject({
      version: '04',
      cipher: 'gcm',
      appId: opened.plaintext.app_id,
      userId: opened.plaintext.user_id,
      nonce: opened.plaintext.nonce,
      issuedAt: opened.plaintext.ctime,
      expiresAt: opened.plaintext.expire,
      payload: opened.plaintext.payload,
      ttlSeconds: 600,
      privilege: { roomId: 'r1', loginRoom: true, publishStream: true, streamIds: ['s1'] },
    });
    expect(opened.privilege).toEqual({
      room_id: 'r1',
      privilege: { '1': 1, '2': 1 },
      stream_id_list: ['s1'],
    });
  });
});

describe('verify', () => {
  it('exits 0 for a valid token, 3 when expired, 1 for a wrong secret or a malformed token', async () => {
    const valid = await cli(['verify', validToken]);
    expect(valid.code).toBe(0);
    expect(valid.out).toMatch(/^valid: appId 8, userId v, expires /);
    const expired = await cli(['verify', expiredToken]);
    expect(expired.code).toBe(3);
    expect(expired.err).toMatch(/expired/);
    expect((await cli(['verify', validToken], { env: { ZEGO_SERVER_SECRET: other } })).code).toBe(
      1,
    );
    expect((await cli(['verify', '04bm90IGEgdG9rZW4='])).code).toBe(1);
    expect((await cli(['verify'])).code).toBe(2);
  });

  it('decode still prints an expired token (exit 0)', async () => {
    const decoded = await cli(['decode', expiredToken]);
    expect(decoded.code).toBe(0);
    expect(JSON.parse(decoded.out)).toMatchObject({ userId: 'old', expired: true });
  });

  it('as a process, the exit codes are the documented ones', async () => {
    const code = (token: string, env: NodeJS.ProcessEnv) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(tsx, [main, 'verify', token], {
          cwd: repoRoot,
          env: { ...process.env, ...env },
        });
        child.stdin.end();
        child.on('close', resolve);
      });
    expect(await code(validToken, { ZEGO_SERVER_SECRET: secret })).toBe(0);
    expect(await code(expiredToken, { ZEGO_SERVER_SECRET: secret })).toBe(3);
    expect(await code(validToken, { ZEGO_SERVER_SECRET: other })).toBe(1);
  });
});

describe('secret sources, in order: --secret-file, ZEGO_SERVER_SECRET, stdin, prompt', () => {
  const file = tempDirs('zego-cli-').file('secret', `${secret}\n`);
  const asked = () => Promise.reject(new Error('the prompt must not be used'));

  it('--secret-file beats the environment and stdin', async () => {
    const r = await cli(['verify', validToken, '--secret-file', file], {
      env: { ZEGO_SERVER_SECRET: other },
      stdin: other,
      prompt: asked,
    });
    expect(r.code).toBe(0);
  });

  it('the environment beats stdin and the prompt', async () => {
    const r = await cli(['verify', validToken], {
      env: { ZEGO_SERVER_SECRET: secret },
      stdin: other,
      prompt: asked,
    });
    expect(r.code).toBe(0);
  });

  it('piped stdin beats the prompt; the prompt is used only on a terminal with nothing else', async () => {
    expect(
      (await cli(['verify', validToken], { env: {}, stdin: secret, prompt: asked })).code,
    ).toBe(0);
    let prompted = 0;
    const r = await cli(['verify', validToken], {
      env: {},
      stdin: undefined,
      prompt: async () => {
        prompted += 1;
        return secret;
      },
    });
    expect(r.code).toBe(0);
    expect(prompted).toBe(1);
  });

  it('prompts on a real pseudo-terminal without echoing the secret', async () => {
    const child = spawn(
      'script',
      ['-q', '-e', '-c', `${tsx} ${main} verify ${validToken}`, '/dev/null'],
      {
        cwd: repoRoot,
        env: { ...process.env, ZEGO_SERVER_SECRET: '' },
      },
    );
    let screen = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (!typed && screen.includes('input hidden): ')) {
        typed = true;
        child.stdin.write(`${secret}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/valid: appId 8/);
    expect(screen).not.toContain(secret);
  });
});
