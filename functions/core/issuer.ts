// The token issuer: bound once to the app's validated credentials and their AES key, then asked
// for tokens by claims (the validated userId) and grant (version, cipher, lifetime, privilege).
// A Token04 (GCM or legacy CBC), a legacy Token03, and UIKit's kit token around a Token04.
import type { KeyObject } from 'node:crypto';
import { CBC_IV_BYTES, encryptCbc, encryptGcm, GCM_IV_BYTES, keyFor } from './cipher.ts';
import {
  checkedCredentials,
  checkedUserId,
  type ServerCredentials,
  type ZegoUserId,
} from './credentials.ts';
import { GCM_MODE, packEnvelope } from './envelope.ts';
import { TokenError } from './errors.ts';
import { kitTokenText } from './kit.ts';
import {
  type Clock,
  type RandomBytes,
  randomAsciiIv,
  randomInt63,
  readInt32,
  secureRandomBytes,
  systemClock,
} from './random.ts';
import { validateRoomId, validateStreamId, validateTtl, validateUserName } from './validation.ts';

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

/** Who the token is for. */
export interface TokenClaims {
  readonly userId: ZegoUserId;
}

/** What the token allows. */
export interface TokenGrant {
  version?: TokenVersion;
  cipher?: Cipher;
  ttlSeconds: number;
  /** Absent: a basic (identity) token with payload "". Required for Token03. */
  privilege?: Privilege;
  /** Also wrap the Token04 in UIKit's kit token, with this display name (needs a privilege). */
  kitUserName?: string;
}

export interface GeneratedToken {
  token: string;
  version: TokenVersion;
  cipher: Cipher;
  issuedAt: number;
  expiresAt: number;
  /** Present when the grant asked for a kit token. */
  kitToken?: string;
}

export interface TokenIssuer {
  readonly appId: number;
  issue(claims: TokenClaims, grant: TokenGrant): GeneratedToken;
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

/** Version and cipher of a grant, checked (a direct caller may send anything). */
export function grantForm(grant: TokenGrant): { version: TokenVersion; cipher: Cipher } {
  const version = grant.version ?? '04';
  if (version !== '04' && version !== '03') {
    throw new TokenError('invalid_option', 'version must be "04" or "03"');
  }
  const cipher = grant.cipher ?? (version === '03' ? 'cbc' : 'gcm');
  if (cipher !== 'gcm' && cipher !== 'cbc') {
    throw new TokenError('invalid_option', 'cipher must be "gcm" or "cbc"');
  }
  if (version === '03' && cipher !== 'cbc') {
    throw new TokenError('invalid_option', 'Token03 exists only in the CBC form');
  }
  return { version, cipher };
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

/** What one token is made with: the app, its key, the source of time and randomness. */
export interface IssuingKey {
  readonly appId: number;
  readonly key: KeyObject;
  readonly now: Clock;
  readonly random: RandomBytes;
}

/** Makes one token for a userId already validated; checks the grant (callers may send anything). */
export function issueWith(bound: IssuingKey, userId: string, grant: TokenGrant): GeneratedToken {
  const { appId, key, random } = bound;
  const { version, cipher } = grantForm(grant);
  const ttlSeconds = validateTtl(grant.ttlSeconds);
  const privilege = grant.privilege;
  if (version === '03' && privilege === undefined) {
    throw new TokenError('invalid_room_id', 'Token03 needs a roomId');
  }
  if (privilege !== undefined) checkPrivilege(privilege, version === '03');
  if (version === '03' && (privilege?.streamIds?.length ?? 0) > 0) {
    throw new TokenError('invalid_option', 'Token03 cannot restrict stream IDs');
  }
  if (grant.kitUserName !== undefined && (version !== '04' || privilege === undefined)) {
    throw new TokenError('invalid_option', 'a kit token wraps a Token04 with a roomId');
  }

  const issuedAt = Math.floor(bound.now() / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  let token: string;
  if (version === '03') {
    // privilege is defined here (checked above)
    token = token03(appId, userId, key, issuedAt, expiresAt, privilege as Privilege, random);
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
        ? sealGcm('04', key, expiresAt, plaintext, draw.subarray(4, 4 + GCM_IV_BYTES))
        : sealCbc('04', key, expiresAt, plaintext, random);
  }
  const issued: GeneratedToken = { token, version, cipher, issuedAt, expiresAt };
  if (grant.kitUserName !== undefined) {
    const roomId = validateRoomId((privilege as Privilege).roomId);
    const userName = validateUserName(grant.kitUserName);
    issued.kitToken = kitTokenText(token, { appId, userId, roomId, userName });
  }
  return issued;
}

/** The key, clock and randomness for a ServerSecret that passed validation. */
export function issuingKey(appId: number, serverSecret: string, deps: TokenDeps): IssuingKey {
  return {
    appId,
    key: keyFor(serverSecret),
    now: deps.now ?? systemClock,
    random: deps.randomBytes ?? secureRandomBytes,
  };
}

/**
 * An issuer for one app. The credentials are checked once here (an instanceof check when the
 * core made them, see credentials.ts) and their AES key derived once; every token then only
 * checks what the grant asks for.
 */
export function createTokenIssuer(
  credentials: ServerCredentials,
  deps: TokenDeps = {},
): TokenIssuer {
  const { appId, serverSecret } = checkedCredentials(credentials);
  const bound = issuingKey(appId, serverSecret, deps);
  return {
    appId,
    issue: (claims, grant) => issueWith(bound, checkedUserId(claims.userId).value, grant),
  };
}

function sealGcm(
  version: TokenVersion,
  key: KeyObject,
  expiresAt: number,
  plaintext: string,
  iv: Uint8Array,
): string {
  const sealed = encryptGcm(key, iv, plaintext);
  return version + packEnvelope(expiresAt, iv, sealed, GCM_MODE).toString('base64');
}

function sealCbc(
  version: TokenVersion,
  key: KeyObject,
  expiresAt: number,
  plaintext: string,
  random: RandomBytes,
): string {
  const iv = randomAsciiIv(random, CBC_IV_BYTES);
  const ciphertext = encryptCbc(key, iv, plaintext);
  return version + packEnvelope(expiresAt, iv, ciphertext).toString('base64');
}

function token03(
  appId: number,
  userId: string,
  key: KeyObject,
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
  return sealCbc('03', key, expiresAt, plaintext, random);
}
