import { decryptCbc, decryptGcm } from './cipher.ts';
import { decodeBase64Strict, GCM_MODE, unpackEnvelope } from './envelope.ts';
import { TokenError } from './errors.ts';
import type { Cipher, TokenVersion } from './issuer.ts';
import { type Clock, systemClock } from './random.ts';
import { validateSecret } from './validation.ts';

export interface DecodedPrivilege {
  roomId: string;
  loginRoom: boolean;
  publishStream: boolean;
  streamIds: string[] | null;
}

export interface DecodedToken {
  version: TokenVersion;
  cipher: Cipher;
  appId: number;
  userId: string;
  /** Token04: the signed 32-bit integer. Token03: the exact digits of the 64-bit integer. */
  nonce: number | string;
  issuedAt: number;
  expiresAt: number;
  expired: boolean;
  /** Token04's payload string ("" for a basic token); null for Token03, which has none. */
  payload: string | null;
  privilege: DecodedPrivilege | null;
}

export interface InspectedToken {
  version: TokenVersion;
  cipher: Cipher;
  expiresAt: number;
  expired: boolean;
}

interface Opened {
  version: TokenVersion;
  cipher: Cipher;
  expire: number;
  iv: Buffer;
  ciphertext: Buffer;
}

function malformed(detail: string): never {
  throw new TokenError('malformed_token', `malformed token: ${detail}`);
}

/** Splits a token into version, cipher and envelope: everything readable without the secret. */
function open(token: unknown): Opened {
  if (typeof token !== 'string') malformed('not a string');
  const text = token.trim();
  const version = text.slice(0, 2);
  if (version !== '04' && version !== '03') {
    throw new TokenError('unsupported_token', 'unsupported token: it must start with "04" or "03"');
  }
  const envelope = unpackEnvelope(decodeBase64Strict(text.slice(2)));
  let cipher: Cipher;
  if (envelope.mode === undefined) cipher = 'cbc';
  else if (envelope.mode === GCM_MODE) cipher = 'gcm';
  else {
    throw new TokenError(
      'unsupported_token',
      `unsupported token: unknown mode byte ${envelope.mode}`,
    );
  }
  if (version === '03' && cipher !== 'cbc') malformed('Token03 has no GCM form');
  return {
    version,
    cipher,
    expire: envelope.expire,
    iv: envelope.iv,
    ciphertext: envelope.ciphertext,
  };
}

function nowSeconds(now: Clock): number {
  return Math.floor(now() / 1000);
}

/** Reads what a token shows without its secret: version, cipher and expiry. */
export function inspectToken(token: string, deps: { now?: Clock } = {}): InspectedToken {
  const opened = open(token);
  return {
    version: opened.version,
    cipher: opened.cipher,
    expiresAt: opened.expire,
    expired: opened.expire <= nowSeconds(deps.now ?? systemClock),
  };
}

type Json = Record<string, unknown>;

function parseObject(text: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // A wrong key usually fails the CBC padding; when it does not, the text is noise.
    throw new TokenError(
      'decrypt_failed',
      'the token does not decrypt: wrong secret or tampered token',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    malformed('plaintext is not a JSON object');
  }
  return value as Json;
}

function integerField(body: Json, key: string): number {
  const value = body[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    malformed(`"${key}" is not an integer`);
  return value;
}

function stringField(body: Json, key: string): string {
  const value = body[key];
  if (typeof value !== 'string') malformed(`"${key}" is not a string`);
  return value;
}

function privilegeFlags(value: unknown): { loginRoom: boolean; publishStream: boolean } {
  if (typeof value !== 'object' || value === null) malformed('"privilege" is not an object');
  const flags = value as Json;
  return { loginRoom: flags['1'] === 1, publishStream: flags['2'] === 1 };
}

/** Parses Token04's payload as a privilege object; a payload of another shape has none. */
function parsePrivilegePayload(payload: string): DecodedPrivilege | null {
  if (payload === '') return null;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const { room_id: roomId, privilege, stream_id_list: streams } = body as Json;
  if (typeof roomId !== 'string' || typeof privilege !== 'object' || privilege === null)
    return null;
  const streamIds =
    Array.isArray(streams) && streams.every((s) => typeof s === 'string')
      ? (streams as string[])
      : null;
  return { roomId, ...privilegeFlags(privilege), streamIds };
}

// A nonce past 2^53 (Token03's always, Token04's from some libraries): read its digits from the
// text rather than the parsed number.
const NONCE_DIGITS = /"nonce"\s*:\s*(-?\d+)/g;

function exactNonceDigits(plaintext: string): string {
  const matches = [...plaintext.matchAll(NONCE_DIGITS)];
  const digits = matches.length === 1 ? matches[0]?.[1] : undefined;
  if (digits === undefined) malformed('"nonce" is not an integer');
  return digits;
}

/**
 * Decrypts and checks a token with its ServerSecret. Expired tokens decode (with
 * `expired: true`); a wrong secret, tampering or a malformed token throws a TokenError.
 */
export function decodeToken(
  token: string,
  secret: string,
  deps: { now?: Clock } = {},
): DecodedToken {
  validateSecret(secret);
  const opened = open(token);
  const plaintext = (
    opened.cipher === 'gcm'
      ? decryptGcm(secret, opened.iv, opened.ciphertext)
      : decryptCbc(secret, opened.iv, opened.ciphertext)
  ).toString('utf8');
  const body = parseObject(plaintext);
  const appId = integerField(body, 'app_id');
  const userId = stringField(body, 'user_id');

  let decoded: Omit<DecodedToken, 'expired'>;
  if (opened.version === '04') {
    // ZEGO's own libraries may write a 64-bit nonce: exact digits when past 2^53.
    if (!Number.isInteger(body.nonce)) malformed('"nonce" is not an integer');
    const nonce = Number.isSafeInteger(body.nonce)
      ? (body.nonce as number)
      : exactNonceDigits(plaintext);
    const payload = stringField(body, 'payload');
    decoded = {
      version: '04',
      cipher: opened.cipher,
      appId,
      userId,
      nonce,
      issuedAt: integerField(body, 'ctime'),
      expiresAt: integerField(body, 'expire'),
      payload,
      privilege: parsePrivilegePayload(payload),
    };
  } else {
    if (typeof body.nonce !== 'number') malformed('"nonce" is not an integer');
    decoded = {
      version: '03',
      cipher: 'cbc',
      appId,
      userId,
      nonce: exactNonceDigits(plaintext),
      issuedAt: integerField(body, 'create_time'),
      expiresAt: integerField(body, 'expire_time'),
      payload: null,
      privilege: {
        roomId: stringField(body, 'room_id'),
        ...privilegeFlags(body.privilege),
        streamIds: null,
      },
    };
  }
  if (decoded.expiresAt !== opened.expire) {
    throw new TokenError(
      'expiry_mismatch',
      'the expiry outside the ciphertext differs from the one inside: the token was altered',
    );
  }
  const { payload, privilege, ...head } = decoded;
  const expired = decoded.expiresAt <= nowSeconds(deps.now ?? systemClock);
  return { ...head, expired, payload, privilege };
}
