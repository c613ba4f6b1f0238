// status compares the secret the function reads with the one asked about by what Secrets Manager
// resolves them to (name, ARN, partial ARN), and reports a failed read by the redaction rule.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeCloudFormation } from '../support/fake-cloudformation.ts';
import type { FakeLambda } from '../support/fake-lambda.ts';
import type { FakeSecretsManager } from '../support/fake-secrets-manager.ts';
import {
  DEPLOYED_SECRET_ARN as ARN,
  DEPLOYED_FUNCTION as FN,
  runOps,
  startDeployedStack,
} from './support.ts';

const SECRET = 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7cF0hJ';
const PARTIAL_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ZegoSecret';

let cfn: FakeCloudFormation;
let sm: FakeSecretsManager;
let lambda: FakeLambda;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ cfn, sm, lambda, env } = await startDeployedStack());
});
afterAll(async () => {
  await Promise.all([cfn?.close(), sm?.close(), lambda?.close()]);
});
beforeEach(() => {
  sm.reset(JSON.stringify({ appId: 99, serverSecret: SECRET }));
});

function functionReads(secretId: string): void {
  lambda.functions.set(FN, { revision: 1, variables: { ZEGO_SECRET_ID: secretId } });
}

describe('status --secret-id', () => {
  it.each([
    ['a name, the function the ARN', 'ZegoSecret', ARN],
    ['the ARN, the function the name', ARN, 'ZegoSecret'],
    ['a partial ARN, the function the ARN', PARTIAL_ARN, ARN],
    ['the ARN, the function a partial ARN', ARN, PARTIAL_ARN],
  ])('%s: one secret, ready', async (_, asked, configured) => {
    functionReads(configured);
    const run = await runOps(['status', '--secret-id', asked], { env });
    expect(run.stdout).toMatch(/Function: ready — zego-token-fn .* reads /);
    expect(run.code, run.stdout).toBe(0);
  });

  it('another secret is still NOT READY', async () => {
    functionReads('arn:aws:secretsmanager:eu-west-1:123456789012:secret:OtherSecret-XyZ123');
    const run = await runOps(['status', '--secret-id', 'ZegoSecret'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /Function: NOT READY — zego-token-fn reads .*OtherSecret.*, not ZegoSecret/,
    );
  });
});

describe('status when the read fails', () => {
  it('gives the error name, status and request ID, never the quoted request', async () => {
    functionReads(ARN);
    sm.quoting.add('GetSecretValue');
    const run = await runOps(['status'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /Secret: +NOT READY — GetSecretValue .* failed: ValidationException HTTP 400 after 1 attempt\(s\) \(request fake-[0-9a-f]+\)\n/,
    );
    expect(run.stdout).not.toContain('Invalid request');
    expect(run.stdout).not.toContain('SecretId');
  });
});
