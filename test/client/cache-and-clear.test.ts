// createTokenClient's cache: keyed by the user the ID token names (its `iss` and `sub`, read
// without verification) and the request, never the raw JWT; clear() voids everything under way;
// Retry-After is read only in its two standard forms.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from 'zego-token-client';
import { clientWith, outcome, problemBody, scriptedFetch, tokenBody } from './support.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
});
afterEach(() => vi.useRealTimers());

let issued = 0;
/** A signed-looking JWT (HS256 with a test key: the kit never verifies, the service does). */
function jwt(claims: Record<string, unknown>): string {
  issued += 1;
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iat: issued, jti: `j${issued}`, ...claims })}`;
  return `${unsigned}.${createHmac('sha256', 'test').update(unsigned).digest('base64url')}`;
}

const ISS = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example';

describe('the cache is keyed by the user and the request', () => {
  it('a fresh JWT for the same user on every call still hits the cache', async () => {
    const fetch = scriptedFetch(
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
    );
    const getIdToken = vi.fn(() => jwt({ iss: ISS, sub: 'user-1' }));
    const client = clientWith(fetch, { getIdToken });
    const first = await client.getToken();
    const second = await client.getToken();
    expect(getIdToken).toHaveBeenCalledTimes(2);
    expect(new Set(fetch.calls.map((c) => c.headers.Authorization)).size).toBe(1);
    expect(second.token).toBe(first.token);
  });

  it('another sub, or the same sub from another issuer, is another user', async () => {
    const fetch = scriptedFetch(
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
    );
    let claims = { iss: ISS, sub: 'user-1' };
    const client = clientWith(fetch, { getIdToken: () => jwt(claims) });
    const a = await client.getToken();
    claims = { iss: ISS, sub: 'user-2' };
    const b = await client.getToken();
    claims = { iss: `${ISS}-other`, sub: 'user-1' };
    const c = await client.getToken();
    expect(fetch.calls).toHaveLength(3);
    expect(new Set([a.token, b.token, c.token]).size).toBe(3);
  });

  it('a non-ASCII sub keys the cache too', async () => {
    const fetch = scriptedFetch(
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
    );
    let sub = 'Zoë';
    const client = clientWith(fetch, { getIdToken: () => jwt({ sub }) });
    await client.getToken();
    await client.getToken();
    expect(fetch.calls).toHaveLength(1);
    sub = 'Zoé';
    await client.getToken();
    expect(fetch.calls).toHaveLength(2);
  });

  it('an ID token that is not a readable JWT is keyed by itself', async () => {
    const fetch = scriptedFetch(
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
    );
    let idToken = 'opaque-1';
    const client = clientWith(fetch, { getIdToken: () => idToken });
    await client.getToken();
    await client.getToken();
    expect(fetch.calls).toHaveLength(1);
    idToken = 'opaque-2';
    await client.getToken();
    idToken = 'a.!!!.b'; // a JWT shape whose payload is not base64url
    await client.getToken();
    expect(fetch.calls).toHaveLength(3);
  });
});

describe('clear()', () => {
  it('a request under way rejects with `cleared`, its exchange is aborted, and nothing is cached', async () => {
    const fetch = scriptedFetch(
      { status: 200, body: tokenBody(), delayMs: 1000 },
      { status: 200, body: tokenBody() },
    );
    const client = clientWith(fetch);
    const before = outcome(client.getToken());
    await vi.advanceTimersByTimeAsync(500);
    client.clear();
    await vi.advanceTimersByTimeAsync(0); // no time passes: the call is voided at once
    expect(before.error).toMatchObject({ code: 'cleared', status: 0 });
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    const after = await client.getToken();
    expect(fetch.calls).toHaveLength(2);
    expect(after.token).not.toBe(before.value?.token);
  });

  it('clear() in the same tick as getToken voids that call', async () => {
    const fetch = scriptedFetch(
      { status: 200, body: tokenBody() },
      { status: 200, body: tokenBody() },
    );
    const client = clientWith(fetch, { getIdToken: async () => 'id' });
    const voided = client.getToken();
    client.clear();
    await expect(voided).rejects.toMatchObject({ code: 'cleared' });
    expect(fetch.calls).toHaveLength(0);
    await client.getToken();
    expect(fetch.calls).toHaveLength(1);
  });

  it('an answer arriving after clear() is not cached, and a later caller does not join it', async () => {
    // A fetch that ignores the abort: its answer still arrives, late.
    let release: (() => void) | undefined;
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls += 1;
      const body = JSON.stringify(tokenBody());
      if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
      return { status: 200, headers: { get: () => null }, text: async () => body };
    };
    const client = clientWith(fetch);
    const before = outcome(client.getToken());
    await vi.advanceTimersByTimeAsync(10);
    client.clear();
    const after = outcome(client.getToken());
    await vi.advanceTimersByTimeAsync(10);
    release?.();
    await vi.advanceTimersByTimeAsync(10);
    expect(before.error).toMatchObject({ code: 'cleared' });
    expect(after.value?.token).toMatch(/^04/);
    expect(calls).toBe(2);
    await client.getToken();
    expect(calls).toBe(2); // the second answer is cached; the voided first one never was
  });
});

describe('Retry-After', () => {
  const throttled = (value: string) =>
    scriptedFetch({
      status: 429,
      body: problemBody(429, 'throttled'),
      headers: { 'Retry-After': value },
    });

  it.each([
    ['-5'],
    ['1.5'],
    ['+1'],
    ['1e1'],
    ['2030-01-01T00:00:00Z'],
    ['soon'],
    ['sun, 06 nov 1994 08:49:37 gmt'],
    ['Mon, 06 Nov 1994 08:49:37 GMT'], // 6 Nov 1994 was a Sunday
    ['Sunday, 06-Nov-94 08:49:37 GMT'],
  ])('ignores %j: the error has no retryAfterSeconds', async (value) => {
    const error = await clientWith(throttled(value), { retry: { maxAttempts: 1 } })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'throttled', status: 429 });
    expect(error).toHaveProperty('retryAfterSeconds', undefined);
  });

  it.each([
    ['0', 0],
    [' 7 ', 7],
    [new Date(Date.parse('2026-12-01T10:00:05Z')).toUTCString(), 5],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 0],
  ])('reads %j as %i s', async (value, seconds) => {
    const error = await clientWith(throttled(value), { retry: { maxAttempts: 1 } })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toHaveProperty('retryAfterSeconds', seconds);
  });

  it('an ignored value falls back to the normal backoff instead of retrying at once', async () => {
    const fetch = scriptedFetch(
      { status: 429, body: problemBody(429, 'throttled'), headers: { 'Retry-After': '-5' } },
      { status: 200, body: tokenBody() },
    );
    outcome(clientWith(fetch).getToken());
    await vi.advanceTimersByTimeAsync(249);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
  });
});
