// The Lambda bundle's credentials: the deployed bundle of functions/token/handler.ts (real esbuild,
// infra/handler-bundle.ts; TokenFunction stages this directory byte for byte, as
// construct-rest.test.ts checks) is built with the SDK's default credential chain replaced by its
// environment link (infra/bundling.ts HANDLER_BUNDLE_ALIASES). The bundle is then run as Lambda
// would run it: a fresh Node process, the execution role's credentials in the environment, the
// real SDK client signing a real HTTP request to the local Secrets Manager stand-in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handlerBundleDir } from '../../infra/constructs/handler-bundle-dir.ts';
import { restEvent } from '../support/api-gateway-events.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';
import { openToken } from '../support/open-token.ts';
import { type BundleAnswer, bundleCode, runBundle } from './run-bundle.ts';

const SECRET = '5f1c0e8a9b7d6c4e3a2f1b0c9d8e7f6a';
const SECRET_VALUE = JSON.stringify({ appId: 424242424, serverSecret: SECRET });
const ROLE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIAROLEKEYFROMLAMBDA',
  AWS_SECRET_ACCESS_KEY: 'role/secret/key/as/lambda/sets/it/00000',
  AWS_SESSION_TOKEN: 'role-session-token-from-lambda',
};

const BUNDLE_DIR = handlerBundleDir(false);
let fake: FakeSecretsManager;
let scratch: string;

beforeAll(async () => {
  fake = await startFakeSecretsManager({ secretName: 'zego/app' });
  scratch = mkdtempSync(join(tmpdir(), 'zego-credentials-'));
});

afterAll(async () => {
  await fake?.close();
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  fake.reset(SECRET_VALUE);
});

/** Invokes the bundled handler once in a fresh process, `env` added to the function's variables. */
async function invokeBundle(env: Record<string, string>): Promise<BundleAnswer> {
  const run = await runBundle({
    node: process.execPath,
    bundleDir: BUNDLE_DIR,
    steps: [{ event: restEvent() }],
    env: {
      HOME: scratch,
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url,
      ZEGO_SECRET_ID: 'zego/app',
      POWERTOOLS_SERVICE_NAME: 'zego-token',
      POWERTOOLS_METRICS_NAMESPACE: 'ZegoToken',
      ...env,
    },
  });
  const answer = run.answers[0];
  if (answer === undefined) throw new Error('the bundle gave no answer');
  return answer;
}

describe('TokenFunction bundle: credentials from the environment only', () => {
  it('leaves out the default chain (SSO, ini profiles, process, web identity, container)', () => {
    // All of the bundle's code: index.mjs and the chunks it may load.
    const code = bundleCode(BUNDLE_DIR);
    // Strings each of those providers needs, all present before the alias.
    for (const marker of [
      'sso_start_url',
      'credential_process',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AssumeRoleWithWebIdentity',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      'GetRoleCredentials',
    ]) {
      expect(code.includes(marker), marker).toBe(false);
    }
    // The environment link is there, read under its documented names.
    expect(code.includes('AWS_SESSION_TOKEN')).toBe(true);
    expect(code.includes('AWS_SECRET_ACCESS_KEY')).toBe(true);
  });

  it('fetches the secret signed with the role credentials from the environment', async () => {
    const answer = await invokeBundle(ROLE_CREDENTIALS);
    expect(answer.statusCode).toBe(200);
    const token = (JSON.parse(answer.body) as { token: string }).token;
    expect(openToken(token, SECRET).plaintext.app_id).toBe(424242424);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.target).toBe('secretsmanager.GetSecretValue');
    expect(fake.calls[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAROLEKEYFROMLAMBDA\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request,/,
    );
    expect(fake.calls[0]?.securityToken).toBe(ROLE_CREDENTIALS.AWS_SESSION_TOKEN);
  });

  it('does not fall back to a shared credentials file when the environment has none', async () => {
    // The full chain (as in local runs) would sign with this profile; the bundle must not.
    const credentialsFile = join(scratch, 'credentials');
    writeFileSync(
      credentialsFile,
      '[default]\naws_access_key_id = AKIAFROMPROFILEFILE0\naws_secret_access_key = from-file\n',
    );
    const answer = await invokeBundle({ AWS_SHARED_CREDENTIALS_FILE: credentialsFile });
    expect(answer.statusCode).toBeGreaterThanOrEqual(500);
    expect(answer.body).not.toContain(SECRET);
    expect(fake.calls).toHaveLength(0);
  });
});
