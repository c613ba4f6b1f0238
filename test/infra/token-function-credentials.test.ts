// The Lambda bundle's credentials: the deployed bundle of functions/token/handler.ts (real esbuild,
// infra/handler-bundle.ts, staged by TokenFunction as `cdk synth` stages it) is built with the SDK's default credential chain replaced by its environment link
// (infra/bundling.ts HANDLER_BUNDLE_ALIASES). The bundle is then run as Lambda would run it: a
// fresh Node process, the execution role's credentials in the environment, the real SDK client
// signing a real HTTP request to the local Secrets Manager stand-in.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenFunction } from '../../infra/constructs/token-function.ts';
import { restEvent } from '../support/api-gateway-events.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';
import { openToken } from '../support/open-token.ts';
import { CDK_JSON_FLAGS, withoutCfnValidation } from './support.ts';

const SECRET = '5f1c0e8a9b7d6c4e3a2f1b0c9d8e7f6a';
const SECRET_VALUE = JSON.stringify({ appId: 424242424, serverSecret: SECRET });
const ROLE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIAROLEKEYFROMLAMBDA',
  AWS_SECRET_ACCESS_KEY: 'role/secret/key/as/lambda/sets/it/00000',
  AWS_SESSION_TOKEN: 'role-session-token-from-lambda',
};

let outdir: string;
let bundleFile: string;
let code: string;
let fake: FakeSecretsManager;
let scratch: string;

beforeAll(async () => {
  const app = new App({ context: { ...CDK_JSON_FLAGS, 'aws:cdk:enable-asset-metadata': true } });
  outdir = app.outdir;
  const stack = new Stack(app, 'Credentials');
  new TokenFunction(stack, 'Fn', {
    logRetention: RetentionDays.ONE_WEEK,
    serviceName: 'svc',
    metricsNamespace: 'Ns',
    logLevel: 'INFO',
  });
  const template = withoutCfnValidation(() => Template.fromStack(stack));
  const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as {
    Metadata: Record<string, string>;
  };
  const assetDir = join(outdir, fn.Metadata['aws:asset:path'] as string);
  bundleFile = join(assetDir, 'index.mjs');
  // All of the bundle's code: index.mjs and the chunks it may load.
  code = readdirSync(assetDir)
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => readFileSync(join(assetDir, name), 'utf8'))
    .join('\n');
  fake = await startFakeSecretsManager({ secretName: 'zego/app' });
  scratch = mkdtempSync(join(tmpdir(), 'zego-credentials-'));
}, 120_000);

afterAll(async () => {
  await fake?.close();
  rmSync(outdir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  fake.reset(SECRET_VALUE);
});

// Imports the bundle, invokes it once with the event in argv[2], prints the answer's JSON last.
const DRIVER = [
  "const { pathToFileURL } = require('node:url');",
  'const context = { awsRequestId: "req-1", functionName: "fn", functionVersion: "$LATEST",',
  '  memoryLimitInMB: "256", getRemainingTimeInMillis: () => 10000 };',
  'import(pathToFileURL(process.argv[1]).href)',
  '  .then((m) => m.handler(JSON.parse(process.argv[2]), context))',
  "  .then((r) => { process.stdout.write('\\nANSWER ' + JSON.stringify(r) + '\\n'); },",
  '    (e) => { console.error(e); process.exit(2); });',
].join('\n');

interface Answer {
  statusCode: number;
  body: string;
}

/** Runs the bundled handler in a fresh process with exactly `env` (plus PATH and HOME). */
function invokeBundle(env: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', DRIVER, bundleFile, JSON.stringify(restEvent())], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: scratch,
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url,
        ZEGO_SECRET_ID: 'zego/app',
        POWERTOOLS_SERVICE_NAME: 'zego-token',
        POWERTOOLS_METRICS_NAMESPACE: 'ZegoToken',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => {
      const line = stdout.split('\n').find((l) => l.startsWith('ANSWER '));
      if (status !== 0 || line === undefined) {
        reject(new Error(`bundle exited ${status}: ${stderr.slice(0, 800)}`));
        return;
      }
      resolve(JSON.parse(line.slice('ANSWER '.length)) as Answer);
    });
  });
}

describe('TokenFunction bundle: credentials from the environment only', () => {
  it('leaves out the default chain (SSO, ini profiles, process, web identity, container)', () => {
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
