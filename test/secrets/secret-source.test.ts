import { describe, expect, it, vi } from 'vitest';
import {
  cachedSecretSource,
  InvalidSecretValueError,
  parseZegoAppSecret,
  type SecretRefreshFailure,
  SecretUnavailableError,
  staticSecretSource,
} from '../../functions/commons/secrets/secret-source.ts';

const SECRET_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SECRET_B = 'ffeeddccbbaa99887766554433221100';
const valueA = JSON.stringify({ appId: 1234567890, serverSecret: SECRET_A });
const valueB = JSON.stringify({ appId: 1234567890, serverSecret: SECRET_B });

function invalidProblems(text: string): readonly string[] {
  try {
    parseZegoAppSecret(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSecretValueError);
    return (error as InvalidSecretValueError).problems;
  }
  throw new Error('expected the value to be refused');
}

describe('parseZegoAppSecret', () => {
  it('reads appId and serverSecret, ignoring other members', () => {
    expect(
      parseZegoAppSecret(JSON.stringify({ appId: 1, serverSecret: SECRET_A, note: 'x' })),
    ).toEqual({
      appId: 1,
      serverSecret: SECRET_A,
    });
    expect(
      parseZegoAppSecret(JSON.stringify({ appId: '4294967295', serverSecret: SECRET_A })),
    ).toEqual({
      appId: 4294967295,
      serverSecret: SECRET_A,
    });
  });

  it('says what is wrong without quoting the value', () => {
    const notJson = `{"serverSecret": "${SECRET_A}"`;
    expect(invalidProblems(notJson)).toEqual(['the value is not valid JSON']);
    expect(invalidProblems('[1,2]')).toEqual(['the value must be a JSON object']);
    expect(invalidProblems(JSON.stringify({ serverSecret: SECRET_A }))).toEqual(['appId missing']);
    expect(invalidProblems(JSON.stringify({ appId: 7 }))).toEqual(['serverSecret missing']);
    expect(invalidProblems('{}')).toEqual(['appId missing', 'serverSecret missing']);

    const short = SECRET_A.slice(0, 31);
    const problems = invalidProblems(JSON.stringify({ appId: 4_294_967_296, serverSecret: short }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/appId must be an integer/);
    expect(problems[1]).toMatch(/32 printable ASCII characters/);
    // AppID 0 is the stack's placeholder: named as such, with the command that replaces it.
    expect(invalidProblems(JSON.stringify({ appId: 0, serverSecret: SECRET_A }))).toEqual([
      expect.stringMatching(/placeholder.*npm run ops -- put-secret/),
    ]);
    for (const text of [notJson, JSON.stringify({ appId: 0, serverSecret: short })]) {
      try {
        parseZegoAppSecret(text);
      } catch (error) {
        expect(String((error as Error).message)).not.toContain(short);
        expect(String((error as Error).stack)).not.toContain(short);
      }
    }
  });
});

describe('staticSecretSource', () => {
  it('serves the value it was given, validated up front', async () => {
    const source = staticSecretSource({ appId: 99, serverSecret: SECRET_A });
    await expect(source.get()).resolves.toEqual({ appId: 99, serverSecret: SECRET_A });
    expect(() => staticSecretSource({ appId: 99, serverSecret: 'short' })).toThrow(
      InvalidSecretValueError,
    );
  });
});

/** A loader whose answers the test scripts, with a counter and a manual clock. */
function harness(options: { ttlSeconds?: number; maxStaleSeconds?: number } = {}) {
  let t = 1_000_000;
  const answers: Array<() => Promise<string>> = [];
  const failures: SecretRefreshFailure[] = [];
  let loads = 0;
  let loaded = 0;
  const source = cachedSecretSource({
    load: () => {
      loads += 1;
      const next = answers.shift();
      return next ? next() : Promise.resolve(valueA);
    },
    ttlSeconds: options.ttlSeconds ?? 300,
    maxStaleSeconds: options.maxStaleSeconds ?? 900,
    retryBackoffSeconds: 5,
    now: () => t,
    observer: {
      loaded: () => {
        loaded += 1;
      },
      refreshFailed: (failure) => {
        failures.push(failure);
      },
    },
  });
  return {
    source,
    answers,
    failures,
    loads: () => loads,
    loaded: () => loaded,
    advance: (seconds: number) => {
      t += seconds * 1000;
    },
  };
}

describe('cachedSecretSource', () => {
  it('serves from cache within the TTL and picks up a rotated value after it', async () => {
    const h = harness({ ttlSeconds: 300 });
    await expect(h.source.get()).resolves.toEqual({ appId: 1234567890, serverSecret: SECRET_A });
    h.answers.push(() => Promise.resolve(valueB));
    h.advance(299);
    await expect(h.source.get()).resolves.toMatchObject({ serverSecret: SECRET_A });
    expect(h.loads()).toBe(1);
    h.advance(1);
    // Past the TTL: the last good value answers at once, one refresh runs behind it.
    await expect(h.source.get()).resolves.toMatchObject({ serverSecret: SECRET_A });
    await expect(h.source.get()).resolves.toMatchObject({ serverSecret: SECRET_B });
    expect(h.loads()).toBe(2);
    expect(h.loaded()).toBe(2);
  });

  it('shares one fetch among concurrent first callers', async () => {
    const h = harness();
    let release: (value: string) => void = () => undefined;
    h.answers.push(() => new Promise((resolve) => (release = resolve)));
    const all = Promise.all(Array.from({ length: 100 }, () => h.source.get()));
    release(valueA);
    const values = await all;
    expect(h.loads()).toBe(1);
    expect(new Set(values.map((v) => v.serverSecret))).toEqual(new Set([SECRET_A]));
  });

  it('without a good value: unavailable with Retry-After, no refetch during the backoff', async () => {
    const h = harness();
    h.answers.push(() => Promise.reject(new Error('connect ECONNREFUSED')));
    const first = await h.source.get().catch((error: unknown) => error);
    expect(first).toBeInstanceOf(SecretUnavailableError);
    expect((first as SecretUnavailableError).retryAfterSeconds).toBe(5);
    expect(h.failures).toEqual([
      expect.objectContaining({
        kind: 'fetch',
        servingStale: false,
        problem: 'Error: connect ECONNREFUSED',
      }),
    ]);

    h.advance(3);
    const second = await h.source.get().catch((error: unknown) => error);
    expect((second as SecretUnavailableError).retryAfterSeconds).toBe(2);
    expect(h.loads()).toBe(1);

    h.advance(2);
    await expect(h.source.get()).resolves.toMatchObject({ serverSecret: SECRET_A });
    expect(h.loads()).toBe(2);
  });

  it('keeps serving the last good value for the stale window while refreshes fail', async () => {
    const h = harness({ ttlSeconds: 300, maxStaleSeconds: 900 });
    await h.source.get();
    h.advance(300);
    h.answers.push(() => Promise.reject(new Error('throttled')));
    await expect(h.source.get()).resolves.toMatchObject({ serverSecret: SECRET_A });
    expect(h.failures.at(-1)).toMatchObject({ kind: 'fetch', servingStale: true });
    // Within the backoff: stale value, no new fetch.
    h.advance(1);
    await expect(h.source.get()).resolves.toMatchObject({ serverSecret: SECRET_A });
    expect(h.loads()).toBe(2);

    // Keep failing until the value is older than TTL + stale window.
    for (let i = 0; i < 10; i++) h.answers.push(() => Promise.reject(new Error('down')));
    h.advance(898); // 1199 s after the load: still inside 300 + 900
    await expect(h.source.get()).resolves.toMatchObject({ serverSecret: SECRET_A });
    h.advance(5); // 1204 s: past the window
    await expect(h.source.get()).rejects.toBeInstanceOf(SecretUnavailableError);
    expect(h.failures.at(-1)).toMatchObject({ servingStale: false });
  });

  it('treats an unusable value as a failed refresh: stale if possible, else an invalid-secret error', async () => {
    const fresh = harness();
    fresh.answers.push(() => Promise.resolve('{"appId":1}'));
    await expect(fresh.source.get()).rejects.toBeInstanceOf(InvalidSecretValueError);
    expect(fresh.failures).toEqual([
      expect.objectContaining({
        kind: 'invalid',
        problem: expect.stringContaining('serverSecret missing'),
      }),
    ]);
    // During the backoff the same answer, without a fetch.
    await expect(fresh.source.get()).rejects.toBeInstanceOf(InvalidSecretValueError);
    expect(fresh.loads()).toBe(1);

    const warm = harness();
    await warm.source.get();
    warm.advance(301);
    warm.answers.push(() =>
      Promise.resolve(JSON.stringify({ appId: 5, serverSecret: 'x'.repeat(31) })),
    );
    await expect(warm.source.get()).resolves.toMatchObject({ serverSecret: SECRET_A });
    expect(warm.failures.at(-1)).toMatchObject({ kind: 'invalid', servingStale: true });
    expect(JSON.stringify(warm.failures)).not.toContain('x'.repeat(31));
  });

  it('recovers when the loader throws synchronously', async () => {
    let calls = 0;
    let t = 0;
    const source = cachedSecretSource({
      load: () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return Promise.resolve(valueA);
      },
      ttlSeconds: 60,
      maxStaleSeconds: 0,
      retryBackoffSeconds: 1,
      now: () => t,
    });
    await expect(source.get()).rejects.toBeInstanceOf(SecretUnavailableError);
    t += 1000;
    await expect(source.get()).resolves.toMatchObject({ serverSecret: SECRET_A });
    expect(calls).toBe(2);
  });
});

describe('cachedSecretSource: stale-while-revalidate', () => {
  /** A loader that never settles until released, on a manual clock. */
  function hanging(options: { maxStaleSeconds?: number; loadTimeoutMs?: number } = {}) {
    let t = 0;
    let loads = 0;
    const pending: Array<(text: string) => void> = [];
    const source = cachedSecretSource({
      load: () => {
        loads += 1;
        if (loads === 1) return Promise.resolve(valueA);
        return new Promise<string>((resolve) => pending.push(resolve));
      },
      ttlSeconds: 1,
      maxStaleSeconds: options.maxStaleSeconds ?? 900,
      retryBackoffSeconds: 1,
      loadTimeoutMs: options.loadTimeoutMs ?? 5000,
      now: () => t,
    });
    return {
      source,
      pending,
      loads: () => loads,
      advance: (ms: number) => {
        t += ms;
      },
    };
  }

  it('answers from the last good value while the refresh hangs, with one refresh in flight', async () => {
    const h = hanging();
    await h.source.get();
    h.advance(1500);
    const answers = await Promise.all(Array.from({ length: 50 }, () => h.source.get()));
    expect(new Set(answers.map((a) => a.serverSecret))).toEqual(new Set([SECRET_A]));
    expect(h.loads()).toBe(2);
    expect(h.pending).toHaveLength(1);

    h.pending[0]?.(valueB);
    await vi.waitFor(() =>
      expect(h.source.get()).resolves.toMatchObject({ serverSecret: SECRET_B }),
    );
    expect(h.loads()).toBe(2);
  });

  it('a caller with no usable value waits at most the load limit', async () => {
    const h = hanging({ maxStaleSeconds: 0, loadTimeoutMs: 30 });
    await h.source.get();
    h.advance(1500);
    const error = await h.source.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect((error as SecretUnavailableError).retryAfterSeconds).toBe(1);
  });

  it('abandons a fetch older than the load limit (frozen sandbox) and starts a new one', async () => {
    const h = hanging({ maxStaleSeconds: 0 });
    await h.source.get();
    h.advance(1500);
    // An invocation starts a fetch, then the sandbox freezes: that fetch never settles.
    void h.source.get().catch(() => undefined);
    expect(h.loads()).toBe(2);
    // Thawed much later: the next caller does not join the dead fetch.
    h.advance(60_000);
    const next = h.source.get();
    expect(h.loads()).toBe(3);
    h.pending[1]?.(valueB);
    await expect(next).resolves.toMatchObject({ serverSecret: SECRET_B });
    // The dead fetch settling late changes nothing.
    h.pending[0]?.(valueA);
    await expect(h.source.get()).resolves.toMatchObject({ serverSecret: SECRET_B });
  });
});
