// The 64 KiB body cap over real HTTP, with the platform's own fetch (Node's): a local server
// offers 10 MB, with and without Content-Length; the kit refuses it as invalid_response and
// stops reading, so the server never gets to send most of it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenClient, TokenServiceError } from 'zego-token-client';

const TEN_MB = 10 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

let server: Server;
let endpoint = '';
/** Bytes the server managed to hand to the socket per request path, once the response ended. */
const sent = new Map<string, Promise<number>>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let written = 0;
    let finished: (bytes: number) => void = () => undefined;
    sent.set(req.url ?? '', new Promise((resolve) => (finished = resolve)));
    res.on('close', () => finished(written));
    res.writeHead(200, {
      'Content-Type': 'application/json',
      ...(req.url === '/with-length' ? { 'Content-Length': String(TEN_MB) } : {}),
    });
    const pump = () => {
      while (written < TEN_MB && !res.destroyed) {
        written += CHUNK.length;
        if (!res.write(CHUNK)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('a 10 MB answer over real HTTP', () => {
  it.each([
    ['/with-length', 'refused from its Content-Length'],
    ['/chunked', 'refused while streaming'],
  ])('%s is %s as invalid_response, without reading it whole', async (path) => {
    const client = createTokenClient({
      endpoint: `${endpoint}${path}`,
      getIdToken: () => 'id',
      retry: { maxAttempts: 1 },
    });
    const error = await client.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenServiceError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    // The kit cancelled the body: the server's response ended long before 10 MB were sent.
    const bytes = await sent.get(path);
    expect(bytes).toBeLessThan(TEN_MB / 2);
  });
});
