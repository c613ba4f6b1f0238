// create-user and smoke against the local stack (cognito-local, the API Gateway stand-in and the
// real handler), with the stored secret served by the Secrets Manager stand-in.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken } from '../../functions/core/index.ts';
import { type LocalStack, startLocalStack } from '../../functions/local/stack.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';
import { awsEnv, runOps } from './support.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const APP_ID = 987_654_321;
const SECRET = randomBytes(16).toString('hex');

let stack: LocalStack;
let sm: FakeSecretsManager;
let env: NodeJS.ProcessEnv;
let local: string[];

beforeAll(async () => {
  [stack, sm] = await Promise.all([
    startLocalStack({
      env: {},
      port: 0,
      quiet: true,
      secret: { appId: APP_ID, serverSecret: SECRET, generated: false },
    }),
    startFakeSecretsManager({ secretName: 'zego/app' }),
  ]);
  sm.reset(JSON.stringify({ appId: APP_ID, serverSecret: SECRET }));
  env = awsEnv({ cognito: stack.cognito.endpoint, secretsManager: sm.url });
  local = [
    '--user-pool-id',
    stack.cognito.userPoolId as string,
    '--client-id',
    stack.cognito.clientIds[0] as string,
  ];
});

afterAll(async () => {
  await Promise.all([stack?.stop(), sm?.close()]);
});

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe('create-user', () => {
  it('creates a user in a group and prints an ID token the local API accepts', async () => {
    const run = await runOps(
      ['create-user', '--email', 'carol@example.com', '--group', 'publishers', '--json', ...local],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, string>;
    expect(claims(out.idToken as string)).toMatchObject({
      'cognito:username': 'carol@example.com',
      'cognito:groups': ['publishers'],
      token_use: 'id',
      sub: out.sub,
    });
    expect(out.userId).toBe(out.sub?.replaceAll('-', ''));
    expect(out.password).toMatch(/^.{24,}$/);
    const answer = await fetch(`${stack.url}/token`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${out.idToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ roomId: 'r1', privileges: { loginRoom: true, publishStream: true } }),
    });
    expect(answer.status).toBe(200);
    const token = ((await answer.json()) as { token: string }).token;
    expect(decodeToken(token, SECRET).userId).toBe(out.userId);
  });

  it('takes a piped password with --prompt-password (not printed) and refuses an empty one', async () => {
    const password = 'Piped-Passw0rd!x';
    const run = await runOps(
      ['create-user', '--email', 'dave@example.com', '--prompt-password', ...local],
      {
        env,
        stdin: `${password}\n`,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(password);
    expect(run.stderr).toMatch(/^Created dave@example.com/m);
    // stdout is the ID token alone, for ID_TOKEN=$(…).
    expect(claims(run.stdout.trim())['cognito:username']).toBe('dave@example.com');
    const empty = await runOps(
      ['create-user', '--email', 'erin@example.com', '--prompt-password', ...local],
      {
        env,
        stdin: '\n',
      },
    );
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/password is empty/);
  });
});

describe('smoke', () => {
  const smokeArgs = () => [
    'smoke',
    '--endpoint',
    `${stack.url}/token`,
    '--secret-id',
    'zego/app',
    '--publish-groups',
    'publishers',
    '--user-id-claim',
    'sub',
    ...local,
  ];

  it('passes every check against the local stack and prints the table', async () => {
    const run = await runOps(smokeArgs(), { env });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((l) => l.slice(0, 4))).toEqual([
      'PASS',
      'PASS',
      'PASS',
      'PASS',
      'PASS',
      'PASS',
      'smok',
    ]);
    expect(run.stdout).toMatch(
      /PASS +200: token for that user, opens with the stored secret +userId [0-9a-f]{32}, AppID 987654321/,
    );
    expect(run.stdout).toMatch(
      /PASS +403 publish outside the publish groups +got 403 privilege_denied/,
    );
    expect(run.stdout).toMatch(/smoke: all checks passed/);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('fails (exit 1) when the stored secret is not the one the service signs with', async () => {
    sm.reset(JSON.stringify({ appId: APP_ID, serverSecret: randomBytes(16).toString('hex') }));
    try {
      const run = await runOps(smokeArgs(), { env });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/FAIL +200: token for that user.*does not decrypt/);
      expect(run.stdout).toMatch(/smoke: 1 check\(s\) failed/);
    } finally {
      sm.reset(JSON.stringify({ appId: APP_ID, serverSecret: SECRET }));
    }
  });

  it('fails every HTTP check when --endpoint points elsewhere', async () => {
    const args = smokeArgs();
    args[2] = `${stack.url}/nowhere`;
    const run = await runOps(args, { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /FAIL +200: token for that user, opens with the stored secret +got 404/,
    );
    expect(run.stdout).toMatch(/FAIL +401 without a JWT +got 404/);
  });
});
