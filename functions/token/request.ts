// The request body: size, media type, encoding, JSON, then each field's type and value.
// Type errors and unknown fields are `invalid_request`; a value that breaks a ZEGO rule gets
// that rule's code (invalid_room_id, invalid_stream_id, invalid_user_name).

import type { HttpRequestView } from '#commons/http/event.ts';
import { HttpProblem } from '#commons/http/problem.ts';
import type { ProblemCode } from '#contract/problems.ts';
import type { TokenRequest } from '#contract/token-api.ts';
import { isTokenError, validateRoomId, validateStreamId, validateUserName } from '#core';

const MAX_BODY_BYTES = 4096;

const FIELDS = new Set([
  'roomId',
  'privileges',
  'streamIds',
  'ttlSeconds',
  'cipher',
  'version',
  'userId',
  'userName',
  'format',
]);
const PRIVILEGE_FIELDS = new Set(['loginRoom', 'publishStream']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function invalid(detail: string): HttpProblem {
  return new HttpProblem('invalid_request', detail);
}

/** A caller-supplied name, quoted and shortened, for a detail message. */
function quoted(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}

function tooLarge(): HttpProblem {
  return new HttpProblem('payload_too_large', `The body must be at most ${MAX_BODY_BYTES} bytes.`);
}

/** The JSON value of the body, or undefined when the body is empty. */
export function readJsonBody(request: HttpRequestView): unknown {
  const raw = request.body;
  if (raw === undefined || raw === '') return undefined;
  // Any encoding of more than 4 KiB is longer than this; no need to decode it to refuse it.
  if (raw.length > MAX_BODY_BYTES * 2) throw tooLarge();

  const bytes = request.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  const size = bytes === undefined ? Buffer.byteLength(raw, 'utf8') : bytes.length;
  if (size > MAX_BODY_BYTES) throw tooLarge();
  if (size === 0) return undefined;

  const contentType = request.header('content-type');
  const [mediaType = '', ...params] = (contentType ?? '').split(';');
  const charset = params
    .map((param) => param.trim().toLowerCase())
    .find((param) => param.startsWith('charset='));
  if (
    mediaType.trim().toLowerCase() !== 'application/json' ||
    (charset !== undefined && charset.replaceAll('"', '') !== 'charset=utf-8')
  ) {
    throw new HttpProblem(
      'unsupported_media_type',
      'The body must be JSON, sent with "Content-Type: application/json".',
      { headers: { 'Accept-Post': 'application/json' } },
    );
  }

  let text = raw;
  if (bytes !== undefined) {
    try {
      text = utf8.decode(bytes);
    } catch {
      throw invalid('The body is not valid UTF-8.');
    }
  }

  try {
    return JSON.parse(text);
  } catch {
    throw invalid('The body is not valid JSON.');
  }
}

function withRule<T>(code: ProblemCode, prefix: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!isTokenError(error)) throw error;
    throw new HttpProblem(code, `${prefix}${error.message}.`);
  }
}

function optional(body: Record<string, unknown>, name: string): unknown {
  const value = body[name];
  return value === null ? undefined : value;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = optional(body, name);
  if (value !== undefined && typeof value !== 'string') throw invalid(`${name} must be a string.`);
  return value;
}

function optionalChoice<T extends string>(
  body: Record<string, unknown>,
  name: string,
  choices: readonly T[],
): T | undefined {
  const value = optional(body, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw invalid(`${name} must be one of ${choices.map((c) => `"${c}"`).join(', ')}.`);
  }
  return value as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readPrivileges(body: Record<string, unknown>): TokenRequest['privileges'] {
  const value = optional(body, 'privileges');
  if (value === undefined) return undefined;
  if (!isObject(value)) throw invalid('privileges must be an object.');
  for (const key of Object.keys(value)) {
    if (!PRIVILEGE_FIELDS.has(key)) throw invalid(`Unknown field privileges.${quoted(key)}.`);
  }
  const privileges: NonNullable<TokenRequest['privileges']> = {};
  for (const key of ['loginRoom', 'publishStream'] as const) {
    const flag = value[key] === null ? undefined : value[key];
    if (flag === undefined) continue;
    if (typeof flag !== 'boolean') throw invalid(`privileges.${key} must be a boolean.`);
    privileges[key] = flag;
  }
  return privileges;
}

function readStreamIds(body: Record<string, unknown>): string[] | undefined {
  const value = optional(body, 'streamIds');
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid('streamIds must be an array of strings.');
  if (value.length === 0) {
    throw invalid('streamIds must not be empty; omit it to allow any stream.');
  }
  return value.map((item: unknown, index) => {
    if (typeof item !== 'string') throw invalid(`streamIds[${index}] must be a string.`);
    return withRule('invalid_stream_id', `streamIds[${index}]: `, () => validateStreamId(item));
  });
}

/** Checks the shape and ZEGO's identifier rules; policy (who may have what) comes later. */
export function parseTokenRequest(value: unknown): TokenRequest {
  if (value === undefined) return {};
  if (!isObject(value)) throw invalid('The body must be a JSON object.');
  for (const key of Object.keys(value)) {
    if (!FIELDS.has(key)) throw invalid(`Unknown field ${quoted(key)}.`);
  }

  const request: TokenRequest = {};
  const roomId = optionalString(value, 'roomId');
  if (roomId !== undefined)
    request.roomId = withRule('invalid_room_id', '', () => validateRoomId(roomId));

  const privileges = readPrivileges(value);
  if (privileges !== undefined) request.privileges = privileges;
  const streamIds = readStreamIds(value);
  if (streamIds !== undefined) request.streamIds = streamIds;

  const ttl = optional(value, 'ttlSeconds');
  if (ttl !== undefined) {
    if (typeof ttl !== 'number') throw invalid('ttlSeconds must be a number.');
    request.ttlSeconds = ttl;
  }

  const cipher = optionalChoice(value, 'cipher', ['gcm', 'cbc'] as const);
  if (cipher !== undefined) request.cipher = cipher;
  const version = optionalChoice(value, 'version', ['04', '03'] as const);
  if (version !== undefined) request.version = version;
  const format = optionalChoice(value, 'format', ['token', 'kit'] as const);
  if (format !== undefined) request.format = format;

  const userId = optionalString(value, 'userId');
  if (userId !== undefined) request.userId = userId;
  const userName = optionalString(value, 'userName');
  if (userName !== undefined) {
    request.userName = withRule('invalid_user_name', '', () => validateUserName(userName));
  }
  return request;
}
