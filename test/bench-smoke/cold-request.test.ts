// The cold-request and burst harness measures what it claims (nothing here is timed): its child
// really imports the deployed bundle and answers 200 with a token made from the stand-in's
// secret, fetched once by a signed GetSecretValue; a failing child is an error, not a figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDeployedBundle } from '../bench/bundle.ts';
import {
  COLD_SECRET_NAME,
  coldEnv,
  coldSecretString,
  HANDLER_DRIVER,
  runCold,
} from '../bench/cold-request.ts';
import { restTokenEvent } from '../bench/fixtures.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';

let fake: FakeSecretsManager;

beforeAll(async () => {
  fake = await startFakeSecretsManager({
    secretName: COLD_SECRET_NAME,
    secretString: coldSecretString(),
  });
});
afterAll(async () => {
  await fake.close();
});

describe('cold request harness', () => {
  it('runs the deployed bundle to a 200 that fetched the secret once, signed', async () => {
    const event = JSON.stringify(restTokenEvent());
    const run = await withDeployedBundle((file, flags) =>
      runCold(['-e', HANDLER_DRIVER, file, event], coldEnv(fake.url), flags),
    );
    expect(run.cpuMs).toBeGreaterThan(0);
    expect(run.innerMs).toBeGreaterThan(0);
    expect(run.wallMs).toBeGreaterThan(run.innerMs);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.target).toBe('secretsmanager.GetSecretValue');
    expect(fake.calls[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIABENCH/);
  }, 60_000);

  it('rejects when the handler does not answer 200 (here: a binary secret)', async () => {
    fake.reset(undefined); // a binary secret: the handler cannot use it and answers 5xx
    const event = JSON.stringify(restTokenEvent());
    await expect(
      withDeployedBundle((file, flags) =>
        runCold(['-e', HANDLER_DRIVER, file, event], coldEnv(fake.url), flags),
      ),
    ).rejects.toThrow(/cold child failed \(exit 4\)/);
  }, 60_000);
});
