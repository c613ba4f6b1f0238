// The real SDK client (as the function builds it) against a local Secrets Manager endpoint on
// 127.0.0.1 that injects throttling, 5xx, slow answers, a malformed value and a rotation.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  InvalidSecretValueError,
  type SecretRefreshFailure,
  SecretUnavailableError,
} from '../../functions/commons/secrets/secret-source.ts';
import {
  createSecretsManagerClient,
  type SecretsManagerCallLimits,
  secretsManagerSecretSource,
} from '../../functions/commons/secrets/secrets-manager.ts';
import {
  type FakeSecretsManager,
  HTML_ERROR_PAGE,
  RAW_REQUEST_ID,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';

const SECRET = '0123456789abcdef0123456789abcdef';
const ROTATED = 'fedcba9876543210fedcba9876543210';
const value = (serverSecret: string) => JSON.stringify({ appId: 1234567890, serverSecret });
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-key' };

let fake: FakeSecretsManager;

beforeAll(async () => {
  fake = await startFakeSecretsManager({ secretName: 'zego/app' });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset(value(SECRET));
});

const FAST: Partial<SecretsManagerCallLimits> = {
  connectionTimeoutMs: 500,
  requestTimeoutMs: 300,
  maxAttempts: 2,
  totalTimeoutMs: 3000,
};

function build(options: { limits?: Partial<SecretsManagerCallLimits>; endpoint?: boolean } = {}) {
  const failures: SecretRefreshFailure[] = [];
  let t = 0;
  const limits = options.limits ?? FAST;
  const client = createSecretsManagerClient(limits, {
    region: 'eu-west-1',
    credentials,
    ...(options.endpoint === false ? {} : { endpoint: fake.url }),
  });
  const source = secretsManagerSecretSource({
    secretId: 'zego/app',
    cacheSeconds: 300,
    maxStaleSeconds: 900,
    client,
    limits,
    now: () => t,
    observer: { refreshFailed: (failure) => failures.push(failure) },
  });
  return {
    source,
    failures,
    advance: (seconds: number) => {
      t += seconds * 1000;
    },
  };
}

describe('Secrets Manager source with the real SDK client on a local endpoint', () => {
  it('fetches GetSecretValue over the JSON 1.1 protocol, signed', async () => {
    const { source } = build();
    await expect(source.get()).resolves.toEqual({ appId: 1234567890, serverSecret: SECRET });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({
      target: 'secretsmanager.GetSecretValue',
      secretId: 'zego/app',
      authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//),
    });
  });

  it('honours AWS_ENDPOINT_URL_SECRETS_MANAGER when no endpoint is configured in code', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = fake.url;
    try {
      const { source } = build({ endpoint: false });
      await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET });
      expect(fake.calls).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = saved;
    }
  });

  it('retries one throttled answer', async () => {
    fake.inject({ kind: 'throttle' });
    const { source } = build();
    await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET });
    expect(fake.calls).toHaveLength(2);
  });

  it('gives up after maxAttempts throttled answers and reports unavailable', async () => {
    fake.inject({ kind: 'throttle' }, { kind: 'throttle' });
    const { source, failures } = build();
    const error = await source.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect(fake.calls).toHaveLength(2);
    expect(failures[0]?.problem).toMatch(/^ThrottlingException HTTP 400 after 2 attempt\(s\)/);
  });

  it('retries a 5xx answer', async () => {
    fake.inject({ kind: 'server-error', status: 503 });
    const { source } = build();
    await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET });
    expect(fake.calls).toHaveLength(2);
  });

  it('does not retry an unknown secret', async () => {
    fake.inject({ kind: 'not-found' });
    const { source, failures } = build();
    await expect(source.get()).rejects.toBeInstanceOf(SecretUnavailableError);
    expect(fake.calls).toHaveLength(1);
    expect(failures[0]?.problem).toMatch(/^ResourceNotFoundException/);
  });

  it('times out answers slower than the request timeout, on every attempt', async () => {
    fake.inject({ kind: 'slow', ms: 5000 }, { kind: 'slow', ms: 5000 });
    const { source, failures } = build();
    const started = performance.now();
    const error = await source.get().catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect(fake.calls).toHaveLength(2);
    // Two 300 ms attempts plus the SDK's retry delay, far below the 5 s answer.
    expect(elapsed).toBeLessThan(2500);
    // The request timeout itself fired (it only warns without throwOnRequestTimeout).
    expect(failures[0]?.problem).toMatch(
      /TimeoutError.*exceeded the configured 300 ms requestTimeout/,
    );
  });

  it('accepts an answer that is slow but within the timeout', async () => {
    fake.inject({ kind: 'slow', ms: 100 });
    const { source } = build();
    await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET });
    expect(fake.calls).toHaveLength(1);
  });

  it('stops a fetch at the total time limit whatever the per-attempt limits', async () => {
    fake.inject({ kind: 'slow', ms: 5000 });
    const { source, failures } = build({
      limits: {
        connectionTimeoutMs: 5000,
        requestTimeoutMs: 10_000,
        maxAttempts: 2,
        totalTimeoutMs: 400,
      },
    });
    const started = performance.now();
    await expect(source.get()).rejects.toBeInstanceOf(SecretUnavailableError);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(failures[0]?.problem).toMatch(/Abort|abort/);
  });

  it('refuses a malformed value without revealing it', async () => {
    const leaked = 'tooshort-but-still-secret';
    fake.secretString = JSON.stringify({ appId: 1234567890, serverSecret: leaked });
    const { source, failures } = build();
    const error = await source.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSecretValueError);
    expect((error as Error).message).toMatch(/32 printable ASCII characters/);
    expect((error as Error).message).not.toContain(leaked);
    expect(JSON.stringify(failures)).not.toContain(leaked);
  });

  it('logs an HTML error page (a proxy in the way) by name, status and request ID, without its text', async () => {
    fake.inject({ kind: 'html-error' }, { kind: 'html-error' });
    const { source, failures } = build();
    await expect(source.get()).rejects.toBeInstanceOf(SecretUnavailableError);
    expect(fake.calls).toHaveLength(2);
    expect(failures[0]?.problem).toBe(
      `SyntaxError HTTP 502 after 2 attempt(s) (request ${RAW_REQUEST_ID})`,
    );
    for (const piece of ['<', 'html', 'upstream', 'Bad Gateway']) {
      expect(HTML_ERROR_PAGE).toContain(piece);
      expect(JSON.stringify(failures)).not.toContain(piece);
    }
  });

  it('logs a cut-off JSON answer without any of its text', async () => {
    const leaked = 'abcdef0123456789abcdef';
    fake.secretString = JSON.stringify({ appId: 1234567890, serverSecret: `0123456789${leaked}` });
    fake.inject({ kind: 'truncated-json' }, { kind: 'truncated-json' });
    const { source, failures } = build();
    await expect(source.get()).rejects.toBeInstanceOf(SecretUnavailableError);
    expect(failures[0]?.problem).toMatch(
      new RegExp(`^SyntaxError HTTP 200 after \\d attempt\\(s\\) \\(request ${RAW_REQUEST_ID}\\)$`),
    );
    for (const piece of ['0123456789', 'serverSecret', 'appId', 'zego/app', 'position']) {
      expect(JSON.stringify(failures)).not.toContain(piece);
    }
  });

  it('picks up a rotation after the TTL and serves the last good value while the store fails', async () => {
    const { source, advance, failures } = build();
    await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET });
    fake.secretString = value(ROTATED);
    advance(200);
    await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET });
    advance(100);
    // Stale-while-revalidate: the old value answers at once, the refresh brings the new one.
    await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET });
    await vi.waitFor(() => expect(source.get()).resolves.toMatchObject({ serverSecret: ROTATED }));
    expect(fake.calls).toHaveLength(2);

    advance(300);
    fake.inject({ kind: 'server-error' }, { kind: 'server-error' });
    await expect(source.get()).resolves.toMatchObject({ serverSecret: ROTATED });
    await vi.waitFor(() =>
      expect(failures.at(-1)).toMatchObject({ kind: 'fetch', servingStale: true }),
    );
    expect(fake.calls).toHaveLength(4);
  });

  it('answers from the last good value at once while Secrets Manager hangs', async () => {
    const { source, advance } = build();
    await source.get();
    advance(301);
    fake.inject({ kind: 'hang' });
    // Resolved while the store still holds the refresh open: nobody waited for it.
    await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET });
    await vi.waitFor(() => expect(fake.hanging).toBe(1));
    await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET });
    expect(fake.calls).toHaveLength(2);
  });

  it('after a freeze with a fetch on a dead connection, the next invocation fetches anew', async () => {
    // Limits far above the test's length: the hung fetch never times out here, as in a sandbox
    // frozen mid-fetch whose timers did not run.
    const { source, advance } = build({
      limits: { ...FAST, requestTimeoutMs: 60_000, totalTimeoutMs: 60_000 },
    });
    await source.get();
    advance(301);
    fake.inject({ kind: 'hang' });
    await source.get();
    await vi.waitFor(() => expect(fake.hanging).toBe(1));
    // Thawed 30 minutes later: past TTL + stale window, so only a fetch can answer.
    advance(1800);
    fake.secretString = value(ROTATED);
    await expect(source.get()).resolves.toMatchObject({ serverSecret: ROTATED });
    expect(fake.calls).toHaveLength(3);
  });
});
