// createTokenClient's bounds: the 64 KiB cap on an answer's body (Content-Length, streamed read,
// text() fallback), the total time limit of getToken, getIdToken's own limit, and AbortSignal.
// Fake timers throughout; test/client/bounds-http.test.ts does the body cap over real HTTP.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FetchLike, type FetchResponseLike, TokenServiceError } from 'zego-token-client';
import { clientWith, ENDPOINT, outcome, scriptedFetch, tokenBody } from './support.ts';

const LIMIT = 64 * 1024;
const TEN_MB = 10 * 1024 * 1024;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
});
afterEach(() => vi.useRealTimers());

/** A body of `total` bytes in 16 KiB chunks, counting what was pulled and whether it was cancelled. */
function countingStream(total: number, byte = 0x20) {
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = Math.min(16 * 1024, total - stats.pulled);
      if (size <= 0) return controller.close();
      stats.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(byte));
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

/** One fixed answer; `text()` is counted, so a test can tell whether the body was read whole. */
function answering(response: Partial<FetchResponseLike> & { status: number }) {
  const texts = { calls: 0 };
  const headers = new Map<string, string>();
  const fetch: FetchLike = async () => ({
    headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
    text: async () => {
      texts.calls += 1;
      return '';
    },
    ...response,
  });
  return { fetch, texts, headers };
}

describe('an answer larger than 64 KiB is refused as invalid_response', () => {
  it('from its Content-Length, without reading the body (10 MB)', async () => {
    const { stream, stats } = countingStream(TEN_MB);
    const { fetch, texts, headers } = answering({ status: 200, body: stream });
    headers.set('content-length', String(TEN_MB));
    const error = await clientWith(fetch)
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenServiceError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect((error as TokenServiceError).detail).toContain('over 65536 bytes');
    expect(texts.calls).toBe(0);
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeLessThanOrEqual(16 * 1024); // at most the stream's own first pull
  });

  it('while streaming a body without Content-Length: reading stops just past 64 KiB (10 MB)', async () => {
    const { stream, stats } = countingStream(TEN_MB);
    const { fetch, texts } = answering({ status: 200, body: stream });
    await expect(clientWith(fetch).getToken()).rejects.toMatchObject({
      code: 'invalid_response',
      status: 200,
    });
    expect(texts.calls).toBe(0);
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeGreaterThan(LIMIT);
    expect(stats.pulled).toBeLessThanOrEqual(LIMIT + 2 * 16 * 1024);
  });

  it('where the platform has no body stream (React Native), after text(), counting UTF-8 bytes', async () => {
    const big = answering({ status: 200, text: async () => ' '.repeat(TEN_MB) });
    await expect(clientWith(big.fetch).getToken()).rejects.toMatchObject({
      code: 'invalid_response',
    });
    // 40,000 characters but 80,000 bytes: refused by its UTF-8 size, not its length.
    const wide = answering({ status: 200, text: async () => 'é'.repeat(40_000) });
    await expect(clientWith(wide.fetch).getToken()).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('an error answer too (a 502 page of 10 MB), keeping its status', async () => {
    const { stream } = countingStream(TEN_MB);
    const { fetch } = answering({ status: 502, body: stream });
    await expect(clientWith(fetch, { retry: { maxAttempts: 1 } }).getToken()).rejects.toMatchObject(
      { code: 'invalid_response', status: 502 },
    );
  });

  it.each(['stream', 'text'] as const)(
    'a body of exactly 64 KiB is read; one byte more is refused (%s)',
    async (how) => {
      const json = JSON.stringify(tokenBody({ kitToken: 'é'.repeat(100) }));
      const bytes = (text: string) => new TextEncoder().encode(text);
      const padded = (size: number) => json + ' '.repeat(size - bytes(json).length);
      const respond = (text: string) =>
        how === 'text'
          ? answering({ status: 200, text: async () => text }).fetch
          : answering({ status: 200, body: new Response(text).body }).fetch;
      const ok = await clientWith(respond(padded(LIMIT))).getToken();
      expect(ok.kitToken).toBe('é'.repeat(100));
      await expect(clientWith(respond(padded(LIMIT + 1))).getToken()).rejects.toMatchObject({
        code: 'invalid_response',
      });
    },
  );
});

describe('time limits', () => {
  it('a hanging endpoint settles at totalTimeoutMs (15 s by default), attempt timeouts included', async () => {
    const fetch = scriptedFetch({ hang: true });
    const state = outcome(clientWith(fetch).getToken());
    await vi.advanceTimersByTimeAsync(14_999);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.done).toBe(true);
    expect(state.error).toMatchObject({ code: 'network_error', status: 0 });
    // 10 s for the first attempt, the rest of the budget for the second.
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls.every((call) => call.signal?.aborted)).toBe(true);
  });

  it('a shorter totalTimeoutMs cuts the first attempt short', async () => {
    const fetch = scriptedFetch({ hang: true });
    const state = outcome(clientWith(fetch, { totalTimeoutMs: 4000 }).getToken());
    await vi.advanceTimersByTimeAsync(3999);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.error).toMatchObject({
      code: 'network_error',
      detail: `No answer from ${ENDPOINT} within 4000 ms.`,
    });
    expect(fetch.calls).toHaveLength(1);
  });

  it('the time getIdToken takes counts toward totalTimeoutMs', async () => {
    const fetch = scriptedFetch({ hang: true });
    const getIdToken = () =>
      new Promise<string>((resolve) => setTimeout(() => resolve('id'), 3000));
    const state = outcome(clientWith(fetch, { getIdToken, totalTimeoutMs: 5000 }).getToken());
    await vi.advanceTimersByTimeAsync(4999);
    expect(state.done).toBe(false);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.error).toMatchObject({ code: 'network_error' });
  });

  it('a getIdToken that never answers fails as id_token_unavailable after idTokenTimeoutMs', async () => {
    const fetch = scriptedFetch({ status: 200, body: tokenBody() });
    const getIdToken = () => new Promise<string>(() => undefined);
    const state = outcome(clientWith(fetch, { getIdToken, idTokenTimeoutMs: 2000 }).getToken());
    await vi.advanceTimersByTimeAsync(1999);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.error).toMatchObject({
      code: 'id_token_unavailable',
      detail: 'getIdToken did not answer within 2000 ms.',
    });
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('AbortSignal', () => {
  it('an aborted getToken rejects at once with `aborted`, and aborts its HTTP request', async () => {
    const fetch = scriptedFetch({ hang: true });
    const controller = new AbortController();
    const state = outcome(clientWith(fetch).getToken({}, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    expect(fetch.calls).toHaveLength(1);
    controller.abort(new Error('user left the page'));
    await vi.advanceTimersByTimeAsync(0); // pending callbacks run, but no time passes: "at once"
    expect(state.done).toBe(true);
    expect(state.error).toBeInstanceOf(TokenServiceError);
    expect(state.error).toMatchObject({ code: 'aborted', status: 0 });
    expect((state.error as Error).cause).toEqual(new Error('user left the page'));
    expect(fetch.calls[0]?.signal?.aborted).toBe(true);
  });

  it('an already-aborted signal rejects before asking for the ID token or the service', async () => {
    const fetch = scriptedFetch({ status: 200, body: tokenBody() });
    const getIdToken = vi.fn(() => 'id');
    const client = clientWith(fetch, { getIdToken });
    await expect(client.getToken({}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(getIdToken).not.toHaveBeenCalled();
    expect(fetch.calls).toHaveLength(0);
  });

  it('aborting one caller leaves a request another caller shares running', async () => {
    const body = tokenBody();
    const fetch = scriptedFetch({ status: 200, body, delayMs: 1000 });
    const client = clientWith(fetch);
    const controller = new AbortController();
    const leaving = outcome(client.getToken({ roomId: 'r' }, { signal: controller.signal }));
    const staying = outcome(client.getToken({ roomId: 'r' }));
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    await vi.advanceTimersByTimeAsync(500);
    expect(leaving.error).toMatchObject({ code: 'aborted' });
    expect(staying.value).toEqual(body);
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.signal?.aborted).toBe(false);
  });

  it('an abort during the wait between retries ends the call with no further attempt', async () => {
    const fetch = scriptedFetch({ status: 500, body: { code: 'internal_error' } });
    const controller = new AbortController();
    const state = outcome(clientWith(fetch).getToken({}, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100); // first attempt failed; waiting 250 ms
    expect(fetch.calls).toHaveLength(1);
    controller.abort();
    await vi.runAllTimersAsync();
    expect(state.error).toMatchObject({ code: 'aborted' });
    expect(fetch.calls).toHaveLength(1);
  });
});
