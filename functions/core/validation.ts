import { TokenError, type TokenErrorCode } from './errors.ts';

/** ZEGO's published limits (ZEGO's token and SDK documentation). */
export const LIMITS = {
  /** 30 s or less fires the SDK's will-expire callback at once; 60 s leaves room to renew. */
  minTtlSeconds: 60,
  /** ZEGO accepts at most 24 days. */
  maxTtlSeconds: 2_073_600,
  userIdMaxBytes: 32,
  /** Express (RTC) alone allows 64-byte user IDs; ZIM and the server APIs allow 32. */
  userIdMaxBytesExpress: 64,
  roomIdMaxBytes: 128,
  streamIdMaxBytes: 256,
  userNameMaxBytes: 64,
  secretBytes: 32,
  maxAppId: 0xffff_ffff,
} as const;

// Digits, letters and !#$%&()+-:;<=.>?@[]^_{}|~ — shared by user and room IDs.
const ID_PATTERN = /^[0-9A-Za-z!#$%&()+\-:;<=.>?@[\]^_{}|~]+$/;
// Digits, letters and ~!@#$%^&*()_+=-`;',.<>/\ — no ':' or '?', so no URL scheme or query fits.
const STREAM_ID_PATTERN = /^[0-9A-Za-z~!@#$%^&*()_+=\-`;',.<>/\\]+$/;
// Printable ASCII: the key is the secret's characters used as raw bytes.
const SECRET_PATTERN = /^[\x21-\x7e]{32}$/;

const LONE_SURROGATE = /\p{Cs}/u;

function fail(code: TokenErrorCode, message: string): never {
  throw new TokenError(code, message);
}

function checkId(
  value: unknown,
  what: string,
  code: TokenErrorCode,
  maxBytes: number,
  pattern: RegExp,
  allowed: string,
): string {
  if (typeof value !== 'string') fail(code, `${what} must be a string`);
  if (value.length === 0) fail(code, `${what} must not be empty`);
  // The patterns admit only ASCII, so length in characters equals length in bytes.
  if (!pattern.test(value)) fail(code, `${what} may contain only ${allowed}`);
  if (value.length > maxBytes) fail(code, `${what} must be at most ${maxBytes} bytes`);
  return value;
}

export function validateAppId(value: unknown): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > LIMITS.maxAppId
  ) {
    fail('invalid_app_id', `appId must be an integer from 1 to ${LIMITS.maxAppId}`);
  }
  return value;
}

export function validateSecret(value: unknown): string {
  if (typeof value !== 'string' || !SECRET_PATTERN.test(value)) {
    fail('invalid_secret', 'the ServerSecret must be exactly 32 printable ASCII characters');
  }
  return value;
}

export function validateUserId(value: unknown, maxBytes: 32 | 64 = LIMITS.userIdMaxBytes): string {
  if (maxBytes !== 32 && maxBytes !== 64) fail('invalid_option', 'maxUserIdBytes must be 32 or 64');
  return checkId(
    value,
    'userId',
    'invalid_user_id',
    maxBytes,
    ID_PATTERN,
    'digits, letters and !#$%&()+-:;<=.>?@[]^_{}|~',
  );
}

export function validateRoomId(value: unknown): string {
  return checkId(
    value,
    'roomId',
    'invalid_room_id',
    LIMITS.roomIdMaxBytes,
    ID_PATTERN,
    'digits, letters and !#$%&()+-:;<=.>?@[]^_{}|~',
  );
}

export function validateStreamId(value: unknown): string {
  return checkId(
    value,
    'streamId',
    'invalid_stream_id',
    LIMITS.streamIdMaxBytes,
    STREAM_ID_PATTERN,
    "digits, letters and ~!@#$%^&*()_+=-`;',.<>/\\",
  );
}

export function validateTtl(value: unknown): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < LIMITS.minTtlSeconds ||
    value > LIMITS.maxTtlSeconds
  ) {
    fail(
      'invalid_ttl',
      `ttlSeconds must be an integer from ${LIMITS.minTtlSeconds} to ${LIMITS.maxTtlSeconds} (24 days)`,
    );
  }
  return value;
}

export function validateUserName(value: unknown): string {
  if (typeof value !== 'string') fail('invalid_user_name', 'userName must be a string');
  if (value.length === 0) fail('invalid_user_name', 'userName must not be empty');
  // A lone surrogate cannot be encoded as UTF-8 (encodeURIComponent would throw on it).
  if (LONE_SURROGATE.test(value)) fail('invalid_user_name', 'userName must be valid Unicode text');
  if (Buffer.byteLength(value, 'utf8') > LIMITS.userNameMaxBytes) {
    fail('invalid_user_name', `userName must be at most ${LIMITS.userNameMaxBytes} bytes in UTF-8`);
  }
  return value;
}
