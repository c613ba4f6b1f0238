// createTokenClient with a scripted fetch and vitest's fake timers: request shape, cache,
// single flight, every error status, retries and their bounds, malformed bodies.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenClient, TokenServiceError } from 'zego-token-client';
import {
  type Answer,
  clientWith,
  ENDPOINT,
  outcome,
  problemBody,
  scriptedFetch,
  tokenBody,
} from './support.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('a successful request', () => {
  it('POSTs the body with the ID token and resolves to the typed response', async () => {
    const body = tokenBody({
      roomId: 'room-1',
      privileges: { loginRoom: true, publishStream: true },
    });
    const fetch = scriptedFetch({ status: 200, body });
    const client = clientWith(fetch, { getIdToken: async () => 'id-token-async' });
    const request = { roomId: 'room-1', privileges: { loginRoom: true, publishStream: true } };
    await expect(client.getToken(request)).resolves.toEqual(body);
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]).toMatchObject({
      url: ENDPOINT,
      headers: { Authorization: 'Bearer id-token-async', 'Content-Type': 'application/json' },
      body: request,
    });
  });

  it('sends {} for a basic token', async () => {
    const fetch = scriptedFetch({ status: 200, body: tokenBody() });
    await clientWith(fetch).getToken();
    expect(fetch.calls[0]?.body).toEqual({});
  });

  it('uses the global fetch when none is given, looked up at call time', async () => {
    const fetch = scriptedFetch({ status: 200, body: tokenBody() });
    const client = createTokenClient({ endpoint: ENDPOINT, getIdToken: () => 'x' });
    vi.stubGlobal('fetch', fetch);
    await client.getToken();
    expect(fetch.calls).toHaveLength(1);
  });

  it('refuses to run without any fetch', async () => {
    vi.stubGlobal('fetch', undefined);
    const client = createTokenClient({ endpoint: ENDPOINT, getIdToken: () => 'x' });
    await expect(client.getToken()).rejects.toThrow(/pass createTokenClient\(\{ fetch \}\)/);
  });

  it('reports a failing or empty getIdToken as id_token_unavailable, without calling the service', async () => {
    const fetch = scriptedFetch({ status: 200, body: tokenBody() });
    const failing = clientWith(fetch, {
      getIdToken: () => Promise.reject(new Error('signed out')),
    });
    await expect(failing.getToken()).rejects.toMatchObject({
      code: 'id_token_unavailable',
      status: 0,
    });
    const empty = clientWith(fetch, { getIdToken: () => '' });
    await expect(empty.getToken()).rejects.toMatchObject({ code: 'id_token_unavailable' });
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('single flight and cache', () => {
  it('shares one HTTP call between concurrent identical requests (key order does not matter)', async () => {
    const fetch = scriptedFetch({ status: 200, body: tokenBody() });
    const client = clientWith(fetch);
    const results = await Promise.all([
      client.getToken({ roomId: 'r', ttlSeconds: 600 }),
      client.getToken({ ttlSeconds: 600, roomId: 'r' }),
      client.getToken({ roomId: 'r', ttlSeconds: 600 }),
    ]);
    expect(fetch.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
  });

  it('makes separate calls for different requests', async () => {
    const fetch = scriptedFetch(
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
    );
    const client = clientWith(fetch);
    const [a, b] = await Promise.all([
      client.getToken({ roomId: 'a' }),
      client.getToken({ roomId: 'b' }),
    ]);
    expect(fetch.calls.map((c) => c.body)).toEqual([{ roomId: 'a' }, { roomId: 'b' }]);
    expect(a.token).not.toBe(b.token);
  });

  it('reuses a cached token while more than 90 s are left, then fetches a new one', async () => {
    const fetch = scriptedFetch(
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
    );
    const client = clientWith(fetch);
    const first = await client.getToken();
    vi.advanceTimersByTime((3600 - 91) * 1000);
    expect((await client.getToken()).token).toBe(first.token);
    vi.advanceTimersByTime(2000); // 89 s left: no longer comfortable
    const second = await client.getToken();
    expect(second.token).not.toBe(first.token);
    expect(fetch.calls).toHaveLength(2);
  });

  it('measures the lifetime on the local clock, so a device clock off by hours does no harm', async () => {
    // The server's issuedAt is 5 hours behind this device: the token still counts as fresh.
    const skewed = tokenBody({}, Math.floor(Date.now() / 1000) - 5 * 3600);
    const fetch = scriptedFetch({ status: 200, body: skewed }, { status: 200, body: tokenBody() });
    const client = clientWith(fetch);
    await client.getToken();
    await client.getToken();
    expect(fetch.calls).toHaveLength(1);
  });

  it('never hands a cached token to another ID token, and forgets everything on clear()', async () => {
    let idToken = 'alice';
    const fetch = scriptedFetch(
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
    );
    const client = clientWith(fetch, { getIdToken: () => idToken });
    const alice = await client.getToken();
    idToken = 'bob';
    const bob = await client.getToken();
    expect(bob.token).not.toBe(alice.token);
    expect(fetch.calls.map((c) => c.headers.Authorization)).toEqual(['Bearer alice', 'Bearer bob']);
    client.clear();
    await client.getToken();
    expect(fetch.calls).toHaveLength(3);
  });
});

describe('errors that are never retried', () => {
  it.each([
    [400, 'invalid_request'],
    [400, 'invalid_room_id'],
    [401, 'unauthenticated'],
    [403, 'privilege_denied'],
    [403, 'user_id_mismatch'],
    [404, 'not_found'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
  ])('%i %s rejects at once with the problem fields', async (status, code) => {
    const fetch = scriptedFetch({
      status,
      body: problemBody(status, code),
      headers: { 'Content-Type': 'application/problem+json' },
    });
    const error = await clientWith(fetch)
      .getToken({ roomId: 'r' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenServiceError);
    expect(error).toMatchObject({
      code,
      status,
      detail: `detail of ${code}`,
      requestId: `req-${code}`,
    });
    expect((error as Error).message).toBe(`${code} (HTTP ${status}): detail of ${code}`);
    expect(fetch.calls).toHaveLength(1);
  });

  it.each([
    ['not JSON', 'Internal Server Error <html>'],
    ['a JSON array', '[1,2]'],
    ['an object without token', JSON.stringify({ ...tokenBody(), token: undefined })],
    ['a wrong version', JSON.stringify(tokenBody({ version: '05' as '04' }))],
    [
      'a token that does not start with its version',
      JSON.stringify({ ...tokenBody(), token: '03abc' }),
    ],
    ['a string appId', JSON.stringify({ ...tokenBody(), appId: '1234567890' })],
    ['an empty userId', JSON.stringify(tokenBody({ userId: '' }))],
    ['expiry before issue', JSON.stringify(tokenBody({ expiresAt: 5, issuedAt: 10 }))],
    ['malformed privileges', JSON.stringify({ ...tokenBody(), privileges: { loginRoom: 'yes' } })],
    ['streamIds not strings', JSON.stringify({ ...tokenBody(), streamIds: [1] })],
    ['an empty body', ''],
  ])('a 200 with %s is invalid_response', async (_, text) => {
    const fetch = scriptedFetch({ status: 200, text });
    const error = await clientWith(fetch)
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenServiceError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect((error as TokenServiceError).detail).toMatch(
      /^The service answered 200 with an unexpected body: .+\.$/,
    );
    expect(fetch.calls).toHaveLength(1);
  });

  it('a 4xx without problem+json is invalid_response with its status and the header request ID', async () => {
    const fetch = scriptedFetch({
      status: 403,
      text: '<html>Forbidden</html>',
      headers: { 'x-amzn-RequestId': 'hdr-1' },
    });
    await expect(clientWith(fetch).getToken()).rejects.toMatchObject({
      code: 'invalid_response',
      status: 403,
      requestId: 'hdr-1',
      detail: 'The service answered HTTP 403 without a problem+json body.',
    });
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('retries', () => {
  it('waits Retry-After before retrying a 429, then succeeds', async () => {
    const body = tokenBody();
    const fetch = scriptedFetch(
      { status: 429, body: problemBody(429, 'throttled'), headers: { 'Retry-After': '1' } },
      { status: 200, body },
    );
    const state = outcome(clientWith(fetch).getToken());
    await vi.advanceTimersByTimeAsync(999);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
    await vi.runAllTimersAsync();
    expect(state.value).toEqual(body);
  });

  it('spreads retries after Retry-After over the following second, never sooner', async () => {
    const fetch = scriptedFetch(
      { status: 429, body: problemBody(429, 'throttled'), headers: { 'Retry-After': '1' } },
      { status: 200, body: tokenBody() },
    );
    const state = outcome(clientWith(fetch, { random: () => 0.75 }).getToken());
    await vi.advanceTimersByTimeAsync(1749);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
    await vi.runAllTimersAsync();
    expect(state.value?.token).toMatch(/^04/);
  });

  it('waits Retry-After (seconds or HTTP date) before retrying a 503 secret_unavailable', async () => {
    const date = new Date(Date.now() + 3000).toUTCString();
    const fetch = scriptedFetch(
      {
        status: 503,
        body: problemBody(503, 'secret_unavailable'),
        headers: { 'Retry-After': '2' },
      },
      {
        status: 503,
        body: problemBody(503, 'secret_unavailable'),
        headers: { 'Retry-After': date },
      },
      { status: 200, body: tokenBody() },
    );
    const state = outcome(clientWith(fetch).getToken());
    await vi.advanceTimersByTimeAsync(1999);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999); // the date was 3 s ahead when set; 1 s of it has passed
    expect(fetch.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1001);
    expect(fetch.calls).toHaveLength(3);
    await vi.runAllTimersAsync();
    expect(state.value?.token).toMatch(/^04/);
  });

  it('does not wait for a Retry-After longer than allowed: rejects at once with retryAfterSeconds', async () => {
    const fetch = scriptedFetch({
      status: 429,
      body: problemBody(429, 'throttled'),
      headers: { 'Retry-After': '60' },
    });
    await expect(clientWith(fetch).getToken()).rejects.toMatchObject({
      code: 'throttled',
      status: 429,
      retryAfterSeconds: 60,
    });
    expect(fetch.calls).toHaveLength(1);
  });

  it('gives up on repeated 429s after maxAttempts and returns the last problem', async () => {
    const fetch = scriptedFetch({
      status: 429,
      body: problemBody(429, 'throttled'),
      headers: { 'Retry-After': '1' },
    });
    const state = outcome(clientWith(fetch, { retry: { maxAttempts: 3 } }).getToken());
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(3);
    expect(state.error).toMatchObject({ code: 'throttled', retryAfterSeconds: 1 });
  });

  it.each([500, 502, 504])(
    'retries %i with exponential backoff and jitter from the injected random',
    async (status) => {
      const fetch = scriptedFetch({ status, body: problemBody(status, 'internal_error') });
      const timesOfCalls: number[] = [];
      const started = Date.now();
      const recording: typeof fetch = Object.assign(
        (url: string, init: Parameters<typeof fetch>[1]) => {
          timesOfCalls.push(Date.now() - started);
          return fetch(url, init);
        },
        { calls: fetch.calls },
      );
      // random 0 → half of each step: 250, 500, 1000 ms (steps 500, 1000, 2000).
      const state = outcome(clientWith(recording, { random: () => 0 }).getToken());
      await vi.runAllTimersAsync();
      expect(timesOfCalls).toEqual([0, 250, 750, 1750]);
      expect(state.error).toMatchObject({ code: 'internal_error', status });
    },
  );

  it('spreads retries with the random source (full step when it is near 1)', async () => {
    const fetch = scriptedFetch(
      { status: 500, body: problemBody(500, 'internal_error') },
      { status: 200, body: tokenBody() },
    );
    outcome(clientWith(fetch, { random: () => 0.999 }).getToken());
    await vi.advanceTimersByTimeAsync(499);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
  });

  it('retries a network error and reports network_error when it persists', async () => {
    const fetch = scriptedFetch({ network: true });
    const state = outcome(clientWith(fetch, { random: () => 0.5 }).getToken());
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(4);
    expect(state.error).toMatchObject({ code: 'network_error', status: 0 });
    expect((state.error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('abandons an attempt after timeoutMs (aborting the fetch) and retries it', async () => {
    const fetch = scriptedFetch({ hang: true }, { status: 200, body: tokenBody() });
    const state = outcome(clientWith(fetch, { timeoutMs: 2000, random: () => 0 }).getToken());
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(2);
    expect(state.value?.token).toMatch(/^04/);
  });

  it('a persistent timeout ends as network_error saying so', async () => {
    const fetch = scriptedFetch({ hang: true });
    const state = outcome(
      clientWith(fetch, { timeoutMs: 1000, retry: { maxAttempts: 2 } }).getToken(),
    );
    await vi.runAllTimersAsync();
    expect(state.error).toMatchObject({
      code: 'network_error',
      detail: `No answer from ${ENDPOINT} within 1000 ms.`,
    });
  });

  it('stops retrying when the next wait would pass totalTimeoutMs', async () => {
    const fetch = scriptedFetch({
      status: 503,
      body: problemBody(503, 'secret_unavailable'),
      headers: { 'Retry-After': '3' },
    });
    const state = outcome(
      clientWith(fetch, { retry: { maxAttempts: 10 }, totalTimeoutMs: 7000 }).getToken(),
    );
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(3); // at 0, 3 s, 6 s; a fourth would start at 9 s
    expect(state.error).toMatchObject({
      code: 'secret_unavailable',
      status: 503,
      retryAfterSeconds: 3,
    });
  });

  it('retries a 502 whose body is an HTML page and reports it as invalid_response with status 502', async () => {
    const fetch = scriptedFetch({ status: 502, text: '<html>Bad Gateway</html>' });
    const state = outcome(clientWith(fetch, { retry: { maxAttempts: 2 } }).getToken());
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(2);
    expect(state.error).toMatchObject({ code: 'invalid_response', status: 502 });
  });

  it('single flight holds across retries: concurrent callers share every attempt', async () => {
    const answers: Answer[] = [
      { status: 500, body: problemBody(500, 'internal_error') },
      { status: 200, body: tokenBody() },
    ];
    const fetch = scriptedFetch(...answers);
    const client = clientWith(fetch, { random: () => 0 });
    const a = outcome(client.getToken());
    const b = outcome(client.getToken());
    await vi.runAllTimersAsync();
    expect(fetch.calls).toHaveLength(2);
    expect(a.value?.token).toBe(b.value?.token);
  });
});
