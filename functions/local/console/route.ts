// The developer console's routes on the local server (development only; the deployed stack has
// no such thing): the page under /console/ (and `/` redirects there), and a small JSON API the
// page calls —
//   GET  /console/api/info      the stack's mode and seeded users (no passwords)
//   POST /console/api/sign-in   {username} → InitiateAuth against the emulator → {idToken}
//   POST /console/api/inspect   {token, secretSource, secret?} → the token's fields
//   POST /console/api/generate  {appId, userId, secretSource, secret?, …} → a new token
//   POST /console/api/verify    {token, appId, userId, roomId?, secretSource, secret?} → checks
// A pasted secret arrives in a POST body (never a URL), is used for one call, and is neither
// stored nor logged. The API answers same-origin loopback requests only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isTokenError } from '#core';
import { drain } from '../http-helpers.ts';
import { consoleAsset, prepareConsoleAssets } from './assets.ts';
import { FieldError } from './fields.ts';
import { generateFromBody } from './generate.ts';
import { isSameLoopbackOrigin, readJson, sendJson } from './http.ts';
import { inspectAnyToken } from './inspect.ts';
import { verifyFromBody } from './verify.ts';

export interface ConsoleContext {
  mode: 'emulator' | 'cognito';
  users: readonly { username: string; groups: readonly string[] }[];
  publishGroup?: string;
  /** The stack's own app; its ServerSecret never leaves this process. */
  secret: { appId: number; serverSecret: string; generated: boolean };
  /** Signs a seeded user in with USER_PASSWORD_AUTH (emulator mode). */
  signIn(username: string): Promise<{ idToken: string }>;
}

/** Takes the request when it is for the console (returns true), else leaves it (false). */
export type ConsoleRequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const CONSOLE_PATH = '/console/';
const POST_ENDPOINTS = new Set(['sign-in', 'inspect', 'generate', 'verify']);

const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Own files only; the token endpoint may be a deployed API (https) or this server.
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https: http://127.0.0.1:* http://localhost:*; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

export function createConsoleHandler(context: ConsoleContext): ConsoleRequestHandler {
  prepareConsoleAssets();
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    // The server's root has nothing else to show: a browser opening it lands on the console.
    const isRoot = path === '/' && (method === 'GET' || method === 'HEAD');
    if (!isRoot && path !== '/console' && !path.startsWith(CONSOLE_PATH)) return false;
    serve(context, req, res, path).catch(() => {
      // Only fixed texts go out: an error here may carry request content.
      if (!res.headersSent) sendJson(res, 500, { code: 'console_error', message: 'console error' });
      else res.destroy();
    });
    return true;
  };
}

async function serve(
  context: ConsoleContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (path === '/console' || path === '/') {
    await drain(req);
    const status = path === '/' ? 302 : 308;
    res.writeHead(status, { Location: CONSOLE_PATH, 'Content-Length': 0 }).end();
    return;
  }
  const name = path.slice(CONSOLE_PATH.length);
  if (name.startsWith('api/')) return serveApi(context, req, res, name.slice(4), method);

  await drain(req);
  const asset = consoleAsset(name === '' ? 'index.html' : name);
  if (!asset || (method !== 'GET' && method !== 'HEAD')) {
    return sendJson(res, 404, { code: 'not_found', message: `no console file ${name}` });
  }
  const { body, contentType } = await asset;
  res.writeHead(200, {
    ...PAGE_SECURITY_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(method === 'HEAD' ? undefined : body);
}

async function serveApi(
  context: ConsoleContext,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: string,
  method: string,
): Promise<void> {
  if (!isSameLoopbackOrigin(req)) {
    await drain(req);
    return sendJson(res, 403, { code: 'forbidden', message: 'loopback, same-origin only' });
  }
  if (endpoint === 'info' && method === 'GET') {
    await drain(req);
    return sendJson(res, 200, {
      mode: context.mode,
      appId: context.secret.appId,
      secretGenerated: context.secret.generated,
      publishGroup: context.publishGroup ?? null,
      users: context.users.map((u) => ({
        username: u.username,
        groups: u.groups,
        mayPublish: context.publishGroup !== undefined && u.groups.includes(context.publishGroup),
      })),
    });
  }
  if (method !== 'POST' || !POST_ENDPOINTS.has(endpoint)) {
    await drain(req);
    return sendJson(res, 404, { code: 'not_found', message: `no console API ${endpoint}` });
  }
  // A JSON content type also makes a cross-site form post impossible (it needs a preflight).
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    await drain(req);
    return sendJson(res, 415, { code: 'unsupported_media_type', message: 'send JSON' });
  }
  const read = await readJson(req);
  if (!read.ok) return sendJson(res, read.status, { code: read.code, message: read.message });
  const body = read.body;
  const stackSecret = context.secret.serverSecret;
  try {
    if (endpoint === 'sign-in') return await signIn(context, res, body);
    if (endpoint === 'inspect') return inspect(context, res, body);
    if (endpoint === 'generate') return sendJson(res, 200, generateFromBody(body, stackSecret));
    return sendJson(res, 200, verifyFromBody(body, stackSecret));
  } catch (error) {
    // Field and token-rule errors name the field or rule, never a value (core/errors.ts).
    if (error instanceof FieldError) {
      return sendJson(res, 400, { code: 'invalid_request', message: error.message });
    }
    if (isTokenError(error))
      return sendJson(res, 400, { code: error.code, message: error.message });
    throw error;
  }
}

async function signIn(
  context: ConsoleContext,
  res: ServerResponse,
  body: Record<string, unknown>,
): Promise<void> {
  const username = body.username;
  if (context.mode !== 'emulator') {
    return sendJson(res, 409, {
      code: 'no_seeded_users',
      message: 'this stack trusts a real user pool: paste an ID token instead',
    });
  }
  if (typeof username !== 'string' || !context.users.some((u) => u.username === username)) {
    return sendJson(res, 404, { code: 'unknown_user', message: 'no such seeded user' });
  }
  try {
    const { idToken } = await context.signIn(username);
    return sendJson(res, 200, { idToken });
  } catch {
    return sendJson(res, 502, {
      code: 'sign_in_failed',
      message: `the Cognito emulator did not sign ${username} in`,
    });
  }
}

function inspect(context: ConsoleContext, res: ServerResponse, body: Record<string, unknown>) {
  const { token, secretSource, secret } = body;
  if (typeof token !== 'string' || token.trim() === '' || token.length > 16_384) {
    return sendJson(res, 400, { code: 'invalid_request', message: 'paste a token' });
  }
  let key: string | undefined;
  if (secretSource === 'stack') key = context.secret.serverSecret;
  else if (secretSource === 'given') {
    if (typeof secret !== 'string') {
      return sendJson(res, 400, { code: 'invalid_request', message: 'enter the ServerSecret' });
    }
    key = secret;
  } else if (secretSource !== 'none' && secretSource !== undefined) {
    return sendJson(res, 400, { code: 'invalid_request', message: 'unknown secretSource' });
  }
  const result = inspectAnyToken(token, key);
  if (!result.ok) return sendJson(res, 422, { code: result.code, message: result.message });
  return sendJson(res, 200, result.inspection);
}
