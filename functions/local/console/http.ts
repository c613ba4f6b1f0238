// HTTP plumbing of the console's routes: JSON answers, bounded JSON bodies, and the
// same-origin loopback guard every API call passes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http-helpers.ts';

/** The largest body any console API takes (a pasted token is at most 16 KiB). */
export const MAX_BODY_BYTES = 32 * 1024;
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/** DNS rebinding and cross-site requests: only this server's own loopback origin may call. */
export function isSameLoopbackOrigin(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  const hostname = host.replace(/:\d+$/, '');
  if (!LOOPBACK_NAMES.has(hostname)) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${host}`;
}

export type JsonBody =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: 400 | 413; code: string; message: string };

const NOT_OBJECT = {
  ok: false,
  status: 400,
  code: 'invalid_request',
  message: 'the body is not a JSON object',
} as const;

/** The body as a JSON object, read up to MAX_BODY_BYTES (the rest is drained, not kept). */
export async function readJson(req: IncomingMessage): Promise<JsonBody> {
  let text: string | null | undefined;
  try {
    text = await readBody(req, MAX_BODY_BYTES);
  } catch {
    return NOT_OBJECT;
  }
  if (text === undefined) {
    return {
      ok: false,
      status: 413,
      code: 'payload_too_large',
      message: `the body is over ${MAX_BODY_BYTES} bytes`,
    };
  }
  if (text === null) return NOT_OBJECT;
  try {
    const value: unknown = JSON.parse(text);
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    return isObject ? { ok: true, body: value as Record<string, unknown> } : NOT_OBJECT;
  } catch {
    return NOT_OBJECT;
  }
}
