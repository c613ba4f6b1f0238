// Small node:http helpers of the local gateway: headers, bodies, the request target, time limits,
// random IDs.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// The gateway's own pool for trace and request IDs (not the token core's): one randomBytes call
// per few hundred requests instead of two per request.
const ID_POOL_BYTES = 4096;
let idPool = Buffer.alloc(0);
let idPoolOffset = 0;

/** `bytes` random bytes as text, for IDs. */
export function randomId(bytes: number, encoding: 'hex' | 'base64url'): string {
  if (idPoolOffset + bytes > idPool.length) {
    idPool = randomBytes(ID_POOL_BYTES);
    idPoolOffset = 0;
  }
  const text = idPool.toString(encoding, idPoolOffset, idPoolOffset + bytes);
  idPoolOffset += bytes;
  return text;
}

/** A request header as Node merged it (first value for Content-Type and the like). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The request target as a URL, or why there is none. Only origin-form (`/token?x=1`) names a
 * resource of this API; its path is taken as written (`//host/token` is the path
 * "//host/token", never a host). A target in absolute-form names a host, and API Gateway routes
 * by its own host name, so it is no route here (404); a target that is not a URL at all is a bad
 * request (400).
 */
export function requestTarget(
  raw: string,
): { url: URL } | { refused: 'missing_route' | 'bad_request' } {
  if (raw.startsWith('/')) {
    try {
      return { url: new URL(`http://local${raw}`) };
    } catch {
      return { refused: 'bad_request' };
    }
  }
  return URL.canParse(raw) || raw === '*'
    ? { refused: 'missing_route' }
    : { refused: 'bad_request' };
}

export function normaliseIp(address: string | undefined): string {
  if (!address) return '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Reads the body as UTF-8 text; `null` when empty; `undefined` when over `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) resolve(undefined);
      else resolve(size === 0 ? null : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    req.on('end', () => resolve());
    req.on('error', () => resolve());
    req.resume();
  });
}

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
