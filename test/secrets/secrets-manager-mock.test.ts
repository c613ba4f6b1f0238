// The Secrets Manager source against a mocked SDK client (aws-sdk-client-mock).
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  InvalidSecretValueError,
  type SecretRefreshFailure,
  SecretUnavailableError,
} from '../../functions/commons/secrets/secret-source.ts';
import { secretsManagerSecretSource } from '../../functions/commons/secrets/secrets-manager.ts';

const SECRET = '0123456789abcdef0123456789abcdef';
const VALUE = JSON.stringify({ appId: 1234567890, serverSecret: SECRET });

const client = new SecretsManagerClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-key' },
});
const sm = mockClient(client);

afterEach(() => {
  sm.reset();
});

function source(failures: SecretRefreshFailure[] = [], now = () => 0) {
  return secretsManagerSecretSource({
    secretId: 'zego/app',
    cacheSeconds: 300,
    maxStaleSeconds: 900,
    client,
    now,
    observer: { refreshFailed: (failure) => failures.push(failure) },
  });
}

describe('secretsManagerSecretSource (mocked client)', () => {
  it('reads the secret by its ID with GetSecretValue, bounded by an abort signal', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'zego/app' }).resolves({ SecretString: VALUE });
    await expect(source().get()).resolves.toEqual({ appId: 1234567890, serverSecret: SECRET });
    const calls = sm.commandCalls(GetSecretValueCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ SecretId: 'zego/app' });
    const options = (calls[0]?.args as unknown[] | undefined)?.[1] as { abortSignal?: unknown };
    expect(options?.abortSignal).toBeInstanceOf(AbortSignal);
  });

  it('makes exactly one call for 100 concurrent first requests', async () => {
    sm.on(GetSecretValueCommand).callsFake(
      () => new Promise((resolve) => setTimeout(() => resolve({ SecretString: VALUE }), 20)),
    );
    const s = source();
    const values = await Promise.all(Array.from({ length: 100 }, () => s.get()));
    expect(values.every((v) => v.serverSecret === SECRET)).toBe(true);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('refuses a binary secret as an invalid value', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });
    const failures: SecretRefreshFailure[] = [];
    await expect(source(failures).get()).rejects.toBeInstanceOf(InvalidSecretValueError);
    expect(failures[0]).toMatchObject({
      kind: 'invalid',
      problem: expect.stringMatching(/SecretString/),
    });
  });

  it('reports an SDK failure by name, status and request ID, and answers unavailable', async () => {
    sm.on(GetSecretValueCommand).rejects(
      new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret.",
        $metadata: {
          httpStatusCode: 400,
          attempts: 1,
          requestId: 'a1b2c3d4-0000-4000-8000-00000000abcd',
        },
      }),
    );
    const failures: SecretRefreshFailure[] = [];
    const error = await source(failures)
      .get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretUnavailableError);
    // The message comes from the response body: left out, the request ID finds it in AWS.
    expect(failures[0]?.problem).toBe(
      'ResourceNotFoundException HTTP 400 after 1 attempt(s) (request a1b2c3d4-0000-4000-8000-00000000abcd)',
    );
  });

  it('picks up a rotated value once the TTL has passed', async () => {
    const rotated = '99999999999999999999999999999999';
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: VALUE })
      .resolves({ SecretString: JSON.stringify({ appId: 1234567890, serverSecret: rotated }) });
    let t = 0;
    const s = source([], () => t);
    await expect(s.get()).resolves.toMatchObject({ serverSecret: SECRET });
    t += 299_000;
    await expect(s.get()).resolves.toMatchObject({ serverSecret: SECRET });
    t += 1_000;
    // Past the TTL the last good value answers at once while one refresh runs behind it.
    await expect(s.get()).resolves.toMatchObject({ serverSecret: SECRET });
    await vi.waitFor(() => expect(s.get()).resolves.toMatchObject({ serverSecret: rotated }));
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
