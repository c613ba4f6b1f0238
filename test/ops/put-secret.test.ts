// put-secret, status and rotate against local stand-ins of CloudFormation, Secrets Manager and
// Lambda, run as child processes with the secret piped on stdin or in a file.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeCloudFormation } from '../support/fake-cloudformation.ts';
import type { FakeLambda } from '../support/fake-lambda.ts';
import type { FakeSecretsManager } from '../support/fake-secrets-manager.ts';
import { tempDirs } from '../support/temp-dir.ts';
import {
  DEPLOYED_FUNCTION,
  DEPLOYED_SECRET_ARN,
  type Run,
  runOps,
  startDeployedStack,
} from './support.ts';

const SECRET = 'Zq7!pL2#vN9$xR4%tB6&mK8(wD3)yF5*';
const NEW_SECRET = 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7cF0hJ';
// The stack's placeholder: appId 0 and a random 32-character serverSecret.
const PLACEHOLDER = JSON.stringify({ appId: 0, serverSecret: 'Pl4ceh0lderPl4ceh0lderPl4ceh0ld3' });

let cfn: FakeCloudFormation;
let sm: FakeSecretsManager;
let fn: FakeLambda;
let env: NodeJS.ProcessEnv;
const fixtures = tempDirs('zego-ops-');

function noSecretIn(run: Run, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

beforeAll(async () => {
  ({
    cfn,
    sm,
    lambda: fn,
    env,
  } = await startDeployedStack({
    ApiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/',
    TokenEndpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/token',
    UserPoolId: 'eu-west-1_Pool1',
    UserPoolClientId: 'client1',
  }));
});

afterAll(async () => {
  await Promise.all([cfn?.close(), sm?.close(), fn?.close()]);
});

beforeEach(() => {
  sm.reset(PLACEHOLDER);
  fn.functions.set(DEPLOYED_FUNCTION, {
    revision: 1,
    variables: { ZEGO_SECRET_ID: DEPLOYED_SECRET_ARN, ZEGO_PUBLISH_GROUPS: 'hosts' },
  });
  fn.updates.length = 0;
  fn.denied.clear();
});

describe('help', () => {
  it.each(['put-secret', 'status', 'create-user', 'smoke', 'rotate'])(
    '%s --help and help <command> exit 0',
    async (name) => {
      const [flag, word] = await Promise.all([
        runOps([name, '--help'], { env }),
        runOps(['help', name], { env }),
      ]);
      expect(flag.code).toBe(0);
      expect(flag.stdout).toMatch(new RegExp(`^Usage: npm run ops -- ${name}`));
      expect(word.stdout).toBe(flag.stdout);
    },
  );

  it('an unknown option or command is a usage error (exit 2)', async () => {
    const [option, command] = await Promise.all([
      runOps(['put-secret', '--secret', 'x'], { env }),
      runOps(['deploy'], { env }),
    ]);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/unknown option --secret\n/);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/unknown command "deploy"/);
  });
});

describe('put-secret', () => {
  it('stores the piped ServerSecret with the AppID, finding the secret from the stack outputs', async () => {
    const run = await runOps(['put-secret', '--app-id', '1234567890'], {
      env,
      stdin: `${SECRET}\n`,
      npm: true,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(sm.puts.map((p) => JSON.parse(p))).toEqual([
      { appId: 1234567890, serverSecret: SECRET },
    ]);
    expect(sm.calls.at(-1)?.secretId).toBe(DEPLOYED_SECRET_ARN);
    expect(run.stdout).toMatch(/Stored AppID 1234567890/);
    noSecretIn(run, SECRET);
  });

  it('reads the JSON value from --secret-file, and writes nothing when it is stored already', async () => {
    const file = fixtures.file('zego.json', JSON.stringify({ appId: 42, serverSecret: SECRET }));
    const first = await runOps(['put-secret', '--secret-file', file], { env });
    expect(first.code, first.stderr).toBe(0);
    const again = await runOps(['put-secret', '--secret-file', file], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already holds this value/);
    expect(sm.puts).toHaveLength(1);
    noSecretIn(first, SECRET);
  });

  it.each([
    ['an empty value', '\n', /exactly 32 printable ASCII characters.*empty/],
    ['31 characters', `${SECRET.slice(0, 31)}\n`, /exactly 32 printable ASCII characters/],
    ['non-ASCII characters', `${'é'.repeat(32)}\n`, /exactly 32 printable ASCII characters/],
    ['the placeholder JSON', PLACEHOLDER, /placeholder/],
    ['broken JSON', '{"appId": 5, ', /not valid JSON/],
  ])('refuses %s: exit 1, clear reason, nothing written', async (_, stdin, message) => {
    const run = await runOps(['put-secret', '--app-id', '5'], { env, stdin });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Nothing written/);
    expect(sm.puts).toEqual([]);
    noSecretIn(run, SECRET.slice(0, 31), 'Pl4ceh0lder');
  });

  it('refuses AppID 0 and asks for an AppID when none is given (usage, exit 2)', async () => {
    const zero = await runOps(['put-secret', '--app-id', '0'], { env, stdin: SECRET });
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/AppID 0 is the placeholder/);
    const none = await runOps(['put-secret'], { env, stdin: SECRET });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--app-id/);
    expect(sm.puts).toEqual([]);
  });

  it('an unknown stack is a clear error and nothing is written', async () => {
    const run = await runOps(['put-secret', '--app-id', '5', '--stack', 'NoSuchStack'], {
      env,
      stdin: SECRET,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/stack "NoSuchStack" does not exist in eu-west-1/);
    expect(sm.puts).toEqual([]);
    noSecretIn(run, SECRET);
  });

  it('missing permission to write (AccessDeniedException) is a clear error and nothing is written', async () => {
    sm.denied.add('PutSecretValue');
    const run = await runOps(['put-secret', '--app-id', '5'], { env, stdin: SECRET });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /PutSecretValue .* failed: AccessDeniedException.*lack this permission.*Nothing written/,
    );
    expect(sm.puts).toEqual([]);
    expect(JSON.parse(sm.secretString as string).appId).toBe(0);
    noSecretIn(run, SECRET);
  });

  it('--secret-id overrides the stack output (no CloudFormation call needed)', async () => {
    const before = cfn.actions.length;
    const run = await runOps(
      ['put-secret', '--app-id', '7', '--secret-id', 'ZegoSecret', '--stack', 'Gone'],
      {
        env,
        stdin: SECRET,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(cfn.actions.length).toBe(before);
    expect(JSON.parse(sm.puts[0] as string).appId).toBe(7);
  });
});

describe('status', () => {
  it('reports the placeholder (exit 1), then ready once the secret is set (exit 0), never the secret', async () => {
    const placeholder = await runOps(['status'], { env });
    expect(placeholder.code).toBe(1);
    expect(placeholder.stdout).toMatch(/TokenEndpoint\s+https:\/\/abc\.execute-api/);
    expect(placeholder.stdout).toMatch(/Secret: +NOT READY — still the placeholder/);
    expect(placeholder.stdout).toMatch(/Function: ready — zego-token-fn .* configuration valid/);

    sm.reset(JSON.stringify({ appId: 99, serverSecret: SECRET }));
    const ready = await runOps(['status'], { env });
    expect(ready.code, ready.stdout).toBe(0);
    expect(ready.stdout).toMatch(/Secret: +ready — AppID 99/);
    noSecretIn(ready, SECRET);
  });

  it('names an invalid function setting and an invalid stored value by rule', async () => {
    sm.reset(JSON.stringify({ appId: 99, serverSecret: 'short' }));
    fn.functions.set(DEPLOYED_FUNCTION, {
      revision: 1,
      variables: { ZEGO_SECRET_ID: DEPLOYED_SECRET_ARN, ZEGO_MAX_TTL_SECONDS: '5' },
    });
    const run = await runOps(['status'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Secret: +NOT READY — .*exactly 32 printable ASCII/);
    expect(run.stdout).toMatch(/Function: NOT READY — invalid setting: ZEGO_MAX_TTL_SECONDS/);
    noSecretIn(run, 'short');
  });
});

describe('rotate', () => {
  beforeEach(() => sm.reset(JSON.stringify({ appId: 99, serverSecret: SECRET })));

  it('stores the new ServerSecret under the stored AppID and forces new execution environments', async () => {
    const run = await runOps(['rotate'], { env, stdin: `${NEW_SECRET}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(sm.puts.map((p) => JSON.parse(p))).toEqual([{ appId: 99, serverSecret: NEW_SECRET }]);
    expect(fn.updates).toHaveLength(1);
    // Every other variable kept; one marker added.
    expect(fn.updates[0]).toMatchObject({
      ZEGO_SECRET_ID: DEPLOYED_SECRET_ARN,
      ZEGO_PUBLISH_GROUPS: 'hosts',
    });
    expect(Date.parse(fn.updates[0]?.ZEGO_SECRET_REFRESHED_AT ?? '')).toBeGreaterThan(
      Date.now() - 60_000,
    );
    noSecretIn(run, SECRET, NEW_SECRET);
  });

  it('refuses the ServerSecret stored now (nothing written, nothing refreshed)', async () => {
    const run = await runOps(['rotate'], { env, stdin: SECRET });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the one stored now/);
    expect(sm.puts).toEqual([]);
    expect(fn.updates).toEqual([]);
  });

  it('--refresh-only touches only the function; a denied update is a clear error', async () => {
    const ok = await runOps(['rotate', '--refresh-only'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(sm.puts).toEqual([]);
    expect(fn.updates).toHaveLength(1);
    fn.denied.add('UpdateFunctionConfiguration');
    const denied = await runOps(['rotate', '--refresh-only'], { env });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(
      /UpdateFunctionConfiguration zego-token-fn failed: AccessDeniedException/,
    );
  });
});
