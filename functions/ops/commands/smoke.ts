// smoke: after a deploy, check the endpoint end to end with a temporary test user — 200 with a
// token that opens with the stored secret and is bound to that user, 401 without a JWT, 403 for
// a refused request — and print a pass/fail table. Exit 1 on any failure.
import { randomBytes } from 'node:crypto';
import { parseZegoAppSecret, type ZegoAppSecret } from '#commons/secrets/secret-source.ts';
import { FUNCTION_ENV as ENV, envList, FUNCTION_SETTINGS } from '#contract/env.ts';
import { splitList } from '#contract/list-syntax.ts';
import { decodeToken } from '#core';
import {
  cognito,
  functionConfiguration,
  lambda,
  readSecretString,
  secretsManager,
} from '../aws.ts';
import { type Command, stringOption } from '../command.ts';
import { failureText, type OpsIo } from '../io.ts';
import {
  resolveFunctionName,
  resolveOutputs,
  STACK_HELP,
  STACK_OPTIONS,
  type StackRef,
  stackRef,
} from '../stack.ts';
import {
  createUser,
  deleteUser,
  expectedUserId,
  generatePassword,
  jwtClaims,
  signInForIdToken,
} from '../users.ts';

interface Row {
  check: string;
  result: 'PASS' | 'FAIL' | 'SKIP';
  detail: string;
}

export const smokeCommand: Command = {
  name: 'smoke',
  summary: 'check the deployed endpoint end to end with a temporary test user',
  options: {
    ...STACK_OPTIONS,
    endpoint: { type: 'string' },
    'user-pool-id': { type: 'string' },
    'client-id': { type: 'string' },
    'secret-id': { type: 'string' },
    'function-name': { type: 'string' },
    'publish-groups': { type: 'string' },
    'user-id-claim': { type: 'string' },
  },
  help: `Usage: npm run ops -- smoke [options]

Creates a temporary user (in no group), signs it in, and checks the token endpoint:
  - 200 with a token that decodes with the stored secret (read with GetSecretValue using your
    credentials, never printed) and carries that user's userId and the stored AppID;
  - 401 without a JWT;
  - 403 user_id_mismatch when asking for another user's userId;
  - 403 privilege_denied when the user (outside the publish groups) asks to publish
    (skipped when anyone may publish).
Deletes the user, prints a pass/fail table, exits 1 on any failure.

The publish groups and userId claim are read from the function's configuration unless given.

Options:
  --endpoint URL         token endpoint (default: the stack's TokenEndpoint output)
  --user-pool-id ID      default: the stack's UserPoolId output
  --client-id ID         default: the stack's UserPoolClientId output
  --secret-id ID         default: the stack's SecretArn output
  --function-name NAME   default: the stack's TokenFunction resource
  --publish-groups A,B   the function's ${ENV.publishGroups} (default: read from the function)
  --user-id-claim NAME   the function's ${ENV.userIdClaim} (default: read from the function)
${STACK_HELP}

Against the local stack (npm start), e.g.:
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=http://127.0.0.1:PORT npm run ops -- smoke \\
    --endpoint http://127.0.0.1:3000/token --user-pool-id ID --client-id ID --secret-id ID \\
    --publish-groups publishers`,
  async run(values, io) {
    const ref = stackRef(values as { stack?: string; region?: string });
    const targets = await resolveOutputs(ref, values, [
      'tokenEndpoint',
      'userPoolId',
      'clientId',
      'secretId',
    ]);
    const stored = await storedSecret(ref, targets.secretId);
    const policy = await functionPolicy(ref, values);
    const rows = await runChecks(ref, targets, stored, policy);
    printTable(io, rows);
    return rows.some((r) => r.result === 'FAIL') ? 1 : 0;
  },
};

async function storedSecret(ref: StackRef, secretId: string): Promise<ZegoAppSecret> {
  const client = secretsManager(ref);
  try {
    return parseZegoAppSecret(await readSecretString(client, secretId));
  } finally {
    client.destroy();
  }
}

interface Policy {
  publishGroups: string[] | undefined;
  userIdClaim: string;
  note?: string;
}

async function functionPolicy(ref: StackRef, values: Record<string, unknown>): Promise<Policy> {
  const groups = stringOption(values as never, 'publish-groups');
  const claim = stringOption(values as never, 'user-id-claim');
  if (groups !== undefined && claim !== undefined)
    return { publishGroups: splitList(groups), userIdClaim: claim };
  const client = lambda(ref);
  try {
    const name = await resolveFunctionName(ref, values['function-name']);
    const env = (await functionConfiguration(client, name)).Environment?.Variables ?? {};
    return {
      publishGroups: groups !== undefined ? splitList(groups) : envList(env, ENV.publishGroups),
      userIdClaim: claim ?? env[ENV.userIdClaim] ?? FUNCTION_SETTINGS.userIdClaim.defaultValue,
    };
  } catch (error) {
    return {
      publishGroups: groups === undefined ? undefined : splitList(groups),
      userIdClaim: claim ?? 'sub',
      note: failureText(error),
    };
  } finally {
    client.destroy();
  }
}

async function post(endpoint: string, idToken: string | undefined, body: unknown) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(idToken ? { Authorization: `Bearer ${idToken}` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the status alone is checked
  }
  return { status: response.status, json };
}

async function check(
  rows: Row[],
  name: string,
  run: () => Promise<Omit<Row, 'check'>>,
): Promise<void> {
  try {
    rows.push({ check: name, ...(await run()) });
  } catch (error) {
    rows.push({ check: name, result: 'FAIL', detail: failureText(error) });
  }
}

function expectStatus(
  answer: { status: number; json: Record<string, unknown> },
  status: number,
  code: string,
) {
  const ok = answer.status === status && (code === '' || answer.json.code === code);
  const got = `got ${answer.status}${answer.json.code ? ` ${String(answer.json.code)}` : ''}`;
  return { result: ok ? ('PASS' as const) : ('FAIL' as const), detail: got };
}

async function runChecks(
  ref: StackRef,
  targets: { tokenEndpoint: string; userPoolId: string; clientId: string },
  stored: ZegoAppSecret,
  policy: Policy,
): Promise<Row[]> {
  const rows: Row[] = [];
  const client = cognito(ref);
  const username = `zego-smoke-${randomBytes(6).toString('hex')}@example.com`;
  const password = generatePassword();
  let idToken: string | undefined;
  let created = false;
  try {
    await check(rows, 'sign in a temporary user', async () => {
      await createUser(client, targets.userPoolId, {
        username,
        email: username,
        password,
        groups: [],
      });
      created = true;
      idToken = await signInForIdToken(client, targets.clientId, username, password);
      return { result: 'PASS', detail: username };
    });
    if (idToken === undefined) return rows;
    const jwt = idToken;
    const userId = expectedUserId(jwtClaims(jwt), policy.userIdClaim);

    await check(rows, '200: token for that user, opens with the stored secret', async () => {
      const answer = await post(targets.tokenEndpoint, jwt, {});
      if (answer.status !== 200) return expectStatus(answer, 200, '');
      const decoded = decodeToken(String(answer.json.token), stored.serverSecret);
      const problems = [
        decoded.userId !== userId && `userId ${decoded.userId}, expected ${userId}`,
        decoded.appId !== stored.appId && `appId ${decoded.appId}, expected ${stored.appId}`,
        decoded.expired && 'already expired',
        answer.json.userId !== decoded.userId && 'response userId differs from the token',
      ].filter(Boolean);
      return problems.length === 0
        ? { result: 'PASS', detail: `userId ${userId}, AppID ${decoded.appId}` }
        : { result: 'FAIL', detail: problems.join('; ') };
    });
    await check(rows, '401 without a JWT', async () =>
      expectStatus(await post(targets.tokenEndpoint, undefined, {}), 401, ''),
    );
    await check(rows, "403 for another user's userId", async () =>
      expectStatus(
        await post(targets.tokenEndpoint, jwt, { userId: `${userId}x`.slice(-32) }),
        403,
        'user_id_mismatch',
      ),
    );
    await check(rows, '403 publish outside the publish groups', async () => {
      if (policy.publishGroups === undefined) {
        return {
          result: 'SKIP',
          detail: `publish groups unknown (${policy.note ?? 'pass --publish-groups'})`,
        };
      }
      if (policy.publishGroups.length === 0)
        return { result: 'SKIP', detail: 'anyone may publish' };
      const body = { roomId: 'zego-smoke', privileges: { loginRoom: true, publishStream: true } };
      return expectStatus(await post(targets.tokenEndpoint, jwt, body), 403, 'privilege_denied');
    });
  } finally {
    if (created) {
      await check(rows, 'delete the temporary user', async () => {
        await deleteUser(client, targets.userPoolId, username);
        return { result: 'PASS', detail: '' };
      });
    }
    client.destroy();
  }
  return rows;
}

function printTable(io: OpsIo, rows: Row[]): void {
  const width = Math.max(...rows.map((r) => r.check.length));
  for (const row of rows) {
    io.stdout(`${row.result.padEnd(4)}  ${row.check.padEnd(width)}  ${row.detail}\n`);
  }
  const failed = rows.filter((r) => r.result === 'FAIL').length;
  io.stdout(failed === 0 ? 'smoke: all checks passed\n' : `smoke: ${failed} check(s) failed\n`);
}
