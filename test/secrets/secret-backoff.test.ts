// The back-off after a failed secret fetch does not depend on the cache time: with
// ZEGO_SECRET_CACHE_SECONDS=0 a failing Secrets Manager still gets at most one call per 5-second
// back-off interval from one execution environment, and concurrent requests share one fetch.
// First on a manual clock (a 30-second outage), then with the real SDK client and the Lambda
// entry module against the local stand-in answering 500.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cachedSecretSource,
  RETRY_BACKOFF_SECONDS,
  SecretUnavailableError,
} from '../../functions/commons/secrets/secret-source.ts';
import { lambdaContext, restEvent } from '../support/api-gateway-events.ts';
import { captureOutput } from '../support/capture-output.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';
import { invoke } from '../support/invoke.ts';
import { loadLambdaEntry, restoreEnv } from '../support/lambda-entry.ts';

const VALUE = JSON.stringify({
  appId: 1234567890,
  serverSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
});

/** A source with the given TTL whose loader fails (or answers) as told, on a manual clock. */
function onManualClock(ttlSeconds: number) {
  let t = 0;
  const loadsAt: number[] = [];
  let answer: () => Promise<string> = () => Promise.reject(new Error('HTTP 500'));
  const source = cachedSecretSource({
    load: () => {
      loadsAt.push(t);
      return answer();
    },
    ttlSeconds,
    maxStaleSeconds: 900,
    now: () => t,
  });
  return {
    source,
    loadsAt,
    answerWith: (next: () => Promise<string>) => {
      answer = next;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('the back-off after a failed fetch (manual clock)', () => {
  it('is 5 s, not the cache time', () => {
    expect(RETRY_BACKOFF_SECONDS).toBe(5);
  });

  it.each([0, 1, 300])(
    'with cache %i s and no good value: one fetch per back-off interval over 30 s',
    async (ttl) => {
      const h = onManualClock(ttl);
      // A request every 10 ms for 30 s; each is refused with Retry-After while the back-off runs.
      for (let elapsed = 0; elapsed < 30_000; elapsed += 10) {
        const error = await h.source.get().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(SecretUnavailableError);
        h.advance(10);
      }
      expect(h.loadsAt).toEqual([0, 5000, 10_000, 15_000, 20_000, 25_000]);
    },
  );

  it('with cache 0 and a good value that goes stale: the same, while requests get the value', async () => {
    const h = onManualClock(0);
    h.answerWith(() => Promise.resolve(VALUE));
    await h.source.get();
    h.answerWith(() => Promise.reject(new Error('HTTP 500')));
    for (let elapsed = 0; elapsed < 30_000; elapsed += 10) {
      h.advance(10);
      await expect(h.source.get()).resolves.toMatchObject({ appId: 1234567890 });
      // Let the background refresh settle before the next request.
      await Promise.resolve();
    }
    // The first load at 0, then a refresh at 10 ms and one per back-off interval after it.
    expect(h.loadsAt).toEqual([0, 10, 5010, 10_010, 15_010, 20_010, 25_010]);
  });

  it('with cache 0: concurrent requests share one fetch, failing or not', async () => {
    const h = onManualClock(0);
    let release: (text: string) => void = () => undefined;
    h.answerWith(() => new Promise((resolve) => (release = resolve)));
    const first = Promise.all(Array.from({ length: 50 }, () => h.source.get()));
    release(VALUE);
    await first;
    expect(h.loadsAt).toHaveLength(1);

    let fail: (error: Error) => void = () => undefined;
    h.answerWith(() => new Promise((_, reject) => (fail = reject)));
    h.advance(1);
    const stale = Promise.all(Array.from({ length: 50 }, () => h.source.get()));
    fail(new Error('HTTP 500'));
    await stale;
    expect(h.loadsAt).toHaveLength(2);
  });
});

describe('the Lambda entry with cache 0 against a Secrets Manager answering 500', () => {
  let fake: FakeSecretsManager;

  beforeAll(async () => {
    fake = await startFakeSecretsManager({ secretName: 'zego/app' });
  });
  afterAll(async () => {
    await fake.close();
    restoreEnv();
  });
  beforeEach(() => {
    fake.reset(VALUE);
  });

  const loadEntry = () =>
    loadLambdaEntry(fake.url, { ZEGO_SECRET_ID: 'zego/app', ZEGO_SECRET_CACHE_SECONDS: '0' });

  it('makes one call per back-off interval (6 s: the first fetch and one retry)', async () => {
    const output = captureOutput();
    try {
      const handler = await loadEntry();
      fake.outage = { kind: 'server-error', status: 500 };
      const started = performance.now();
      const statuses = new Set<number>();
      // Four clients sending requests back to back for 6 s.
      const client = async (n: number) => {
        for (let i = 0; performance.now() - started < 6000; i++) {
          const answer = await invoke(
            handler,
            restEvent({ requestId: `r-${n}-${i}` }),
            lambdaContext(),
          );
          statuses.add(answer.status);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      await Promise.all([0, 1, 2, 3].map(client));
      expect([...statuses]).toEqual([503]);
      // The first fetch retries once at once (the SDK's attempt limit, 2); the fetch after the
      // failure makes one attempt, 5 s later, and its back-off runs past the end of the 6 s.
      const at = fake.calls.map((call) => call.at);
      expect(at).toHaveLength(3);
      const [first, retry, next] = at as [number, number, number];
      expect(retry - first).toBeLessThan(1000);
      expect(next - retry).toBeGreaterThanOrEqual(RETRY_BACKOFF_SECONDS * 1000 - 10);
    } finally {
      output.restore();
    }
  }, 20_000);

  it('shares one call among 50 concurrent first requests with cache 0', async () => {
    const output = captureOutput();
    try {
      const handler = await loadEntry();
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          invoke(handler, restEvent({ requestId: `c-${i}` }), lambdaContext()),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      expect(fake.calls).toHaveLength(1);
    } finally {
      output.restore();
    }
  });
});
