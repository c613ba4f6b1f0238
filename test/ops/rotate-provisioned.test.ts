// rotate (and rotate --refresh-only) reach what the API invokes. With provisioned concurrency the
// API invokes the `live` alias, a published version whose environments a configuration change
// leaves alone: rotate publishes a version from the refreshed configuration and moves the alias
// to it, waits for its provisioned environments, and says so. Against the Lambda stand-in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIVE_ALIAS } from '../../functions/contract/service.ts';
import type { FakeCloudFormation } from '../support/fake-cloudformation.ts';
import type { FakeLambda } from '../support/fake-lambda.ts';
import type { FakeSecretsManager } from '../support/fake-secrets-manager.ts';
import {
  DEPLOYED_SECRET_ARN as ARN,
  DEPLOYED_FUNCTION as FN,
  runOps,
  startDeployedStack,
} from './support.ts';

const OLD = 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7cF0hJ';
const NEW = 'Zq7!pL2#vN9$xR4%tB6&mK8(wD3)yF5*';
const DEPLOYED = { ZEGO_SECRET_ID: ARN, ZEGO_PUBLISH_GROUPS: 'hosts' };

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
  sm.reset(JSON.stringify({ appId: 99, serverSecret: OLD }));
  lambda.operations.length = 0;
  lambda.updates.length = 0;
  lambda.denied.clear();
});

/** As `cdk deploy -c provisionedConcurrency=2` leaves it: version 1 behind the live alias. */
function deployedWithProvisionedConcurrency(): void {
  lambda.functions.set(FN, {
    revision: 1,
    variables: { ...DEPLOYED },
    versions: { '1': { ...DEPLOYED } },
    alias: { name: LIVE_ALIAS, version: '1', revision: 1, provisioned: 2, pendingPolls: 2 },
  });
}

describe('rotate with provisioned concurrency', () => {
  it('publishes a version from the refreshed configuration and moves the live alias to it', async () => {
    deployedWithProvisionedConcurrency();
    const before = lambda.invokedVariables(FN);
    const run = await runOps(['rotate'], { env, stdin: `${NEW}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(sm.puts[0] as string)).toEqual({ appId: 99, serverSecret: NEW });

    // What the API invokes changed configuration: new execution environments.
    const fn = lambda.functions.get(FN);
    expect(fn?.alias?.version).toBe('2');
    const invoked = lambda.invokedVariables(FN);
    expect(invoked).toEqual({ ...DEPLOYED, ZEGO_SECRET_REFRESHED_AT: expect.any(String) });
    expect(invoked).not.toEqual(before);
    expect(lambda.operations).toEqual([
      'GetFunctionConfiguration',
      'UpdateFunctionConfiguration',
      'GetFunctionConfiguration',
      `GetAlias ${LIVE_ALIAS}`,
      'PublishVersion',
      `UpdateAlias ${LIVE_ALIAS}`,
      'GetProvisionedConcurrencyConfig',
      'GetProvisionedConcurrencyConfig',
      'GetProvisionedConcurrencyConfig',
    ]);
    expect(run.stdout).toMatch(
      /published version 2 and moved alias live, which the API invokes, from version 1 to 2\. Its provisioned concurrency is READY \(2 of 2 environments/,
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain(NEW);
  }, 30_000);

  it('--refresh-only does the same without storing anything', async () => {
    deployedWithProvisionedConcurrency();
    const run = await runOps(['rotate', '--refresh-only'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(sm.puts).toEqual([]);
    expect(lambda.functions.get(FN)?.alias?.version).toBe('2');
    expect(run.stdout).toMatch(/moved alias live, which the API invokes, from version 1 to 2/);
  }, 30_000);

  it('names the missing permission when it may not publish; the alias stays', async () => {
    deployedWithProvisionedConcurrency();
    lambda.denied.add('PublishVersion');
    const run = await runOps(['rotate', '--refresh-only'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /PublishVersion zego-token-fn failed: AccessDeniedException HTTP 403/,
    );
    expect(lambda.functions.get(FN)?.alias?.version).toBe('1');
  });
});

describe('rotate without provisioned concurrency', () => {
  it('updates the function the API invokes ($LATEST) and publishes nothing', async () => {
    lambda.functions.set(FN, { revision: 1, variables: { ...DEPLOYED } });
    const run = await runOps(['rotate', '--refresh-only'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(lambda.invokedVariables(FN)).toEqual({
      ...DEPLOYED,
      ZEGO_SECRET_REFRESHED_AT: expect.any(String),
    });
    expect(lambda.operations).not.toContain('PublishVersion');
    expect(run.stdout).toMatch(/the API invokes the function itself/);
  });
});
