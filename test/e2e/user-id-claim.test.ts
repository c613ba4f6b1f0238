// The userId claim on the local stack with the real emulator: the seeded app client has the same
// write attributes as the stack's (the claim left out), a custom:<name> claim set by an admin
// becomes the ZEGO userId, and a user cannot rewrite the default claim (sub) on themselves (the
// userId is the sub without hyphens, 32 bytes).
// cognito-local stores an app client's write attributes but does not enforce them on
// UpdateUserAttributes (real Cognito answers NotAuthorizedException), so that part is covered by
// the stack's template tests (test/infra/user-id-claim.test.ts).
import { randomBytes } from 'node:crypto';
import {
  AdminUpdateUserAttributesCommand,
  DescribeUserPoolClientCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorClient, signIn } from '../../functions/local/seed.ts';
import { type LocalStack, startLocalStack } from '../../functions/local/stack.ts';
import { openToken } from '../support/open-token.ts';
import { postToken } from './support/http.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const APP_ID = 1_234_567_890;
const SECRET = randomBytes(16).toString('hex');

async function start(env: Record<string, string>): Promise<LocalStack> {
  return startLocalStack({
    env,
    port: 0,
    quiet: true,
    secret: { appId: APP_ID, serverSecret: SECRET, generated: false },
  });
}

function user(stack: LocalStack, name: string) {
  const found = stack.users.find((u) => u.username === name);
  if (!found) throw new Error(`no seeded user ${name}`);
  return found;
}

async function issuedUserId(stack: LocalStack, idToken: string): Promise<string> {
  const answer = await postToken(stack.url, idToken);
  expect(answer.status, answer.text).toBe(200);
  const body = answer.json() as { token: string; userId: string };
  expect(openToken(body.token, SECRET).plaintext.user_id).toBe(body.userId);
  return body.userId;
}

describe('custom:zego_id as the userId claim', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await start({ ZEGO_USER_ID_CLAIM: 'custom:zego_id' });
  }, 30_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('the seeded app client cannot write the claim', async () => {
    const client = emulatorClient(stack.cognito.endpoint as string);
    try {
      const described = await client.send(
        new DescribeUserPoolClientCommand({
          UserPoolId: stack.cognito.userPoolId,
          ClientId: stack.cognito.clientIds[0],
        }),
      );
      const written = described.UserPoolClient?.WriteAttributes ?? [];
      expect(written).toContain('email');
      expect(written).not.toContain('custom:zego_id');
    } finally {
      client.destroy();
    }
  });

  it('an admin-set value is the ZEGO userId', async () => {
    const alice = user(stack, 'alice');
    const client = emulatorClient(stack.cognito.endpoint as string);
    try {
      await client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: stack.cognito.userPoolId,
          Username: 'alice',
          UserAttributes: [{ Name: 'custom:zego_id', Value: 'zego_alice_01' }],
        }),
      );
    } finally {
      client.destroy();
    }
    const session = await signIn(
      stack.cognito.endpoint as string,
      stack.cognito.clientIds[0] as string,
      'alice',
      alice.password,
    );
    expect(await issuedUserId(stack, session.idToken)).toBe('zego_alice_01');
  });
});

describe('sub (the default claim)', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await start({});
  }, 30_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('a user cannot rewrite it with their own access token; the userId stays their sub', async () => {
    const alice = user(stack, 'alice');
    const endpoint = stack.cognito.endpoint as string;
    const clientId = stack.cognito.clientIds[0] as string;
    const session = await signIn(endpoint, clientId, 'alice', alice.password);
    const client = emulatorClient(endpoint);
    try {
      await expect(
        client.send(
          new UpdateUserAttributesCommand({
            AccessToken: session.accessToken,
            UserAttributes: [{ Name: 'sub', Value: user(stack, 'bob').sub }],
          }),
        ),
      ).rejects.toThrow(/sub/);
    } finally {
      client.destroy();
    }
    const again = await signIn(endpoint, clientId, 'alice', alice.password);
    expect(await issuedUserId(stack, again.idToken)).toBe(alice.sub.replaceAll('-', ''));
  });
});
