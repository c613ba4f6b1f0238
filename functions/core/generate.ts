import { CBC_IV_BYTES, encryptCbc, encryptGcm, GCM_IV_BYTES } from './cipher.ts';
import { GCM_MODE, packEnvelope } from './envelope.ts';
import { TokenError } from './errors.ts';
import {
  type Clock,
  type RandomBytes,
  randomAsciiIv,
  randomInt63,
  readInt32,
  secureRandomBytes,
  systemClock,
} from './random.ts';
import {
  validateAppId,
  validateRoomId,
  validateSecret,
  validateStreamId,
  validateTtl,
  validateUserId,
} from './validation.ts';

export type Cipher = 'gcm' | 'cbc';
export type TokenVersion = '04' | '03';

export interface Privilege {
  /** The only room the token may log in to; "" means any room (Token04 only). */
  roomId: string;
  loginRoom: boolean;
  publishStream: boolean;
  /** The only streams the token may publish; absent or empty means any. */
  streamIds?: string[];
}

export interface TokenDeps {
  now?: Clock;
  randomBytes?: RandomBytes;
}

export interface GenerateOptions {
  version?: TokenVersion;
  cipher?: Cipher;
  appId: number;
  userId: string;
  secret: string;
  ttlSeconds: number;
  /** Absent: a basic (identity) token with payload "". Required for Token03. */
  privilege?: Privilege;
  maxUserIdBytes?: 32 | 64;
}

export interface GeneratedToken {
  token: string;
  version: TokenVersion;
  cipher: Cipher;
  issuedAt: number;
  expiresAt: number;
}

function flag(allowed: boolean): 0 | 1 {
  return allowed ? 1 : 0;
}

function checkPrivilege(privilege: Privilege, roomRequired: boolean): void {
  if (typeof privilege !== 'object' || privilege === null) {
    throw new TokenError('invalid_option', 'privilege must be an object');
  }
  if (privilege.roomId !== '' || roomRequired) validateRoomId(privilege.roomId);
  if (typeof privilege.loginRoom !== 'boolean' || typeof privilege.publishStream !== 'boolean') {
    throw new TokenError('invalid_option', 'loginRoom and publishStream must be booleans');
  }
  if (privilege.streamIds !== undefined) {
    if (!Array.isArray(privilege.streamIds)) {
      throw new TokenError('invalid_option', 'streamIds must be an array');
    }
    for (const streamId of privilege.streamIds) validateStreamId(streamId);
  }
}

/** The JSON text Token04 carries in `payload` for a privilege (strict) token. */
export function privilegePayload(privilege: Privilege): string {
  const streams = privilege.streamIds;
  return JSON.stringify({
    room_id: privilege.roomId,
    privilege: { '1': flag(privilege.loginRoom), '2': flag(privilege.publishStream) },
    stream_id_list: streams !== undefined && streams.length > 0 ? streams : null,
  });
}

/** Makes a Token04 (GCM or legacy CBC) or a legacy Token03. Validates every input first. */
export function generateToken(options: GenerateOptions, deps: TokenDeps = {}): GeneratedToken {
  const version = options.version ?? '04';
  if (version !== '04' && version !== '03') {
    throw new TokenError('invalid_option', 'version must be "04" or "03"');
  }
  const cipher = options.cipher ?? (version === '03' ? 'cbc' : 'gcm');
  if (cipher !== 'gcm' && cipher !== 'cbc') {
    throw new TokenError('invalid_option', 'cipher must be "gcm" or "cbc"');
  }
  if (version === '03' && cipher !== 'cbc') {
    throw new TokenError('invalid_option', 'Token03 exists only in the CBC form');
  }
  const appId = validateAppId(options.appId);
  const secret = validateSecret(options.secret);
  const userId = validateUserId(options.userId, options.maxUserIdBytes);
  const ttlSeconds = validateTtl(options.ttlSeconds);
  const privilege = options.privilege;
  if (version === '03' && privilege === undefined) {
    throw new TokenError('invalid_room_id', 'Token03 needs a roomId');
  }
  if (privilege !== undefined) checkPrivilege(privilege, version === '03');
  if (version === '03' && (privilege?.streamIds?.length ?? 0) > 0) {
    throw new TokenError('invalid_option', 'Token03 cannot restrict stream IDs');
  }

  const now = deps.now ?? systemClock;
  const random = deps.randomBytes ?? secureRandomBytes;
  const issuedAt = Math.floor(now() / 1000);
  const expiresAt = issuedAt + ttlSeconds;

  let token: string;
  if (version === '03') {
    // privilege is defined here (checked above)
    token = token03(appId, userId, secret, issuedAt, expiresAt, privilege as Privilege, random);
  } else {
    const payload = privilege === undefined ? '' : privilegePayload(privilege);
    // GCM draws nonce and IV in one go (4 + 12 bytes, in that order); CBC draws its IV after.
    const draw = cipher === 'gcm' ? random(4 + GCM_IV_BYTES) : random(4);
    const plaintext = JSON.stringify({
      app_id: appId,
      user_id: userId,
      nonce: readInt32(draw),
      ctime: issuedAt,
      expire: expiresAt,
      payload,
    });
    token =
      cipher === 'gcm'
        ? sealGcm('04', secret, expiresAt, plaintext, draw.subarray(4, 4 + GCM_IV_BYTES))
        : sealCbc('04', secret, expiresAt, plaintext, random);
  }
  return { token, version, cipher, issuedAt, expiresAt };
}

function sealGcm(
  version: TokenVersion,
  secret: string,
  expiresAt: number,
  plaintext: string,
  iv: Uint8Array,
): string {
  const sealed = encryptGcm(secret, iv, plaintext);
  return version + packEnvelope(expiresAt, iv, sealed, GCM_MODE).toString('base64');
}

function sealCbc(
  version: TokenVersion,
  secret: string,
  expiresAt: number,
  plaintext: string,
  random: RandomBytes,
): string {
  const iv = randomAsciiIv(random, CBC_IV_BYTES);
  const ciphertext = encryptCbc(secret, iv, plaintext);
  return version + packEnvelope(expiresAt, iv, ciphertext).toString('base64');
}

function token03(
  appId: number,
  userId: string,
  secret: string,
  issuedAt: number,
  expiresAt: number,
  privilege: Privilege,
  random: RandomBytes,
): string {
  const nonce = randomInt63(random);
  // The 64-bit nonce is written as its exact digits: a JS number would round it.
  const plaintext =
    `{"app_id":${appId},"room_id":${JSON.stringify(privilege.roomId)},` +
    `"user_id":${JSON.stringify(userId)},` +
    `"privilege":{"1":${flag(privilege.loginRoom)},"2":${flag(privilege.publishStream)}},` +
    `"create_time":${issuedAt},"expire_time":${expiresAt},"nonce":${nonce.toString()}}`;
  return sealCbc('03', secret, expiresAt, plaintext, random);
}
