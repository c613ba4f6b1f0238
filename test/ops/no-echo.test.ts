// npm run ops never prints a ServerSecret it was given: not a secret typed as an argument or as a
// --secret-file path (position and length only), and not an AWS error that quotes the request
// (the function's redaction rule: name, HTTP status, request ID). Child processes, captured
// stderr, the real SDK against the local Secrets Manager stand-in. (status: status.test.ts.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';
import { tempDirs } from '../support/temp-dir.ts';
import { awsEnv, type Run, runOps } from './support.ts';

const SECRET = 'Zq7!pL2#vN9$xR4%tB6&mK8(wD3)yF5*';
const STORED = JSON.stringify({ appId: 99, serverSecret: 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7cF0hJ' });
const fixtures = tempDirs('zego-ops-echo-');

let sm: FakeSecretsManager;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sm = await startFakeSecretsManager({ secretName: 'ZegoSecret' });
  env = awsEnv({ secretsManager: sm.url });
});
afterAll(async () => {
  await sm?.close();
});
beforeEach(() => {
  sm.reset(STORED);
});

function expectNoSecret(run: Run): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(0, 10));
  }
}

const putSecret = (...args: string[]) => ['put-secret', '--secret-id', 'ZegoSecret', ...args];

describe('arguments and paths', () => {
  it('a stray argument, an unknown option and an unknown command: position and length', async () => {
    const [stray, option, command] = await Promise.all([
      runOps(putSecret('--app-id', '5', SECRET), { env }),
      runOps(putSecret(`--${SECRET}`), { env }),
      runOps([SECRET], { env }),
    ]);
    for (const run of [stray, option, command]) {
      expect(run.code).toBe(2);
      expectNoSecret(run);
    }
    expect(stray.stderr).toMatch(/unexpected argument 6 \(32 characters, not shown\)/);
    expect(option.stderr).toMatch(/unknown option: argument 4 \(34 characters, not shown\)/);
    expect(command.stderr).toMatch(/unknown command argument 1 \(32 characters, not shown\)/);
    expect(sm.puts).toEqual([]);
  });

  it('an unreadable --secret-file: the problem and the path length, nothing written', async () => {
    const run = await runOps(putSecret('--app-id', '5', '--secret-file', SECRET), { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /cannot read --secret-file \(a path of 32 characters, not shown\): ENOENT, no such file.*Nothing written/,
    );
    expectNoSecret(run);
    expect(sm.puts).toEqual([]);
  });
});

describe('AWS errors', () => {
  it('an endpoint quoting the request body: name, status and request ID only', async () => {
    sm.quoting.add('PutSecretValue');
    const run = await runOps(putSecret('--app-id', '5'), { env, stdin: `${SECRET}\n` });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /PutSecretValue ZegoSecret failed: ValidationException HTTP 400 after 1 attempt\(s\) \(request fake-[0-9a-f]+\)\n$/,
    );
    expectNoSecret(run);
    expect(run.stderr).not.toContain('Invalid request');
  });
});

describe('the secret file', () => {
  it.each([
    [
      'the JSON value after a UTF-8 byte order mark',
      `\uFEFF${JSON.stringify({ appId: 42, serverSecret: SECRET })}\n`,
      [],
    ],
    ['the secret after a UTF-8 byte order mark', `\uFEFF${SECRET}\r\n`, ['--app-id', '42']],
  ])('may hold %s', async (_, content, extra) => {
    const file = fixtures.file('zego.json', content);
    const run = await runOps(putSecret('--secret-file', file, ...extra), { env });
    expect(run.code, run.stderr).toBe(0);
    expect(sm.puts.map((p) => JSON.parse(p))).toEqual([{ appId: 42, serverSecret: SECRET }]);
    expectNoSecret(run);
  });
});
