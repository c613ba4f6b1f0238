// The console's "Generate" (as ZEGO's Token Assistant does, but on this machine): a token from an
// AppID, a userId and a ServerSecret, with the room, privileges, streams, lifetime, cipher and
// version asked for, and optionally a UIKit kit token. The secret is used for this one call.
import { type GeneratedToken, generateToken, makeKitToken, type Privilege } from '#core';
import { Fields } from './fields.ts';
import { inspectAnyToken, type TokenInspection } from './inspect.ts';

const GENERATE_FIELDS = [
  'appId',
  'userId',
  'secretSource',
  'secret',
  'roomId',
  'loginRoom',
  'publishStream',
  'streamIds',
  'ttlSeconds',
  'cipher',
  'version',
  'kitUserName',
  'userIdMaxBytes',
] as const;

export interface GenerateAnswer extends GeneratedToken {
  appId: number;
  userId: string;
  ttlSeconds: number;
  /** The token read back with the same secret: what it really carries. */
  inspection: TokenInspection;
}

/** Throws FieldError for a malformed body and TokenError for what ZEGO's rules refuse. */
export function generateFromBody(
  body: Record<string, unknown>,
  stackSecret: string,
): GenerateAnswer {
  const fields = new Fields(body, GENERATE_FIELDS);
  const appId = fields.integer('appId');
  const userId = fields.string('userId', 256);
  const secret = fields.secret(stackSecret);
  const ttlSeconds = fields.integer('ttlSeconds');
  const version = fields.oneOf('version', ['04', '03'] as const, '04');
  const cipher = fields.oneOf('cipher', ['gcm', 'cbc'] as const, version === '03' ? 'cbc' : 'gcm');
  const maxUserIdBytes = fields.oneOf('userIdMaxBytes', ['32', '64'] as const, '32');
  const roomId = fields.optionalString('roomId', 256);
  const streamIds = fields.stringList('streamIds', 64, 512);
  const loginRoom = fields.optionalBoolean('loginRoom');
  const publishStream = fields.optionalBoolean('publishStream');
  const kitUserName = fields.optionalString('kitUserName', 256);

  // As the CLI: any privilege field makes a privilege token; without a room it allows any room.
  const wantsPrivilege =
    roomId !== undefined || loginRoom !== undefined || publishStream !== undefined || !!streamIds;
  const privilege: Privilege | undefined = wantsPrivilege
    ? {
        roomId: roomId ?? '',
        loginRoom: loginRoom ?? true,
        publishStream: publishStream ?? false,
        ...(streamIds && streamIds.length > 0 ? { streamIds } : {}),
      }
    : undefined;
  const made = generateToken({
    appId,
    userId,
    secret,
    ttlSeconds,
    version,
    cipher,
    maxUserIdBytes: Number(maxUserIdBytes) as 32 | 64,
    ...(privilege ? { privilege } : {}),
  });
  const kitToken =
    kitUserName === undefined
      ? undefined
      : makeKitToken({
          token: made.token,
          appId,
          userId,
          roomId: roomId ?? '',
          userName: kitUserName,
          maxUserIdBytes: Number(maxUserIdBytes) as 32 | 64,
        });
  const read = inspectAnyToken(kitToken ?? made.token, secret);
  if (!read.ok) throw new Error('a generated token did not read back');
  return {
    ...made,
    ...(kitToken ? { kitToken } : {}),
    appId,
    userId,
    ttlSeconds,
    inspection: read.inspection,
  };
}
