import { TokenError } from './errors.ts';
import { validateAppId, validateRoomId, validateUserId, validateUserName } from './validation.ts';

export interface KitTokenOptions {
  /** A Token04 made by this service. */
  token: string;
  appId: number;
  userId: string;
  roomId: string;
  userName: string;
  maxUserIdBytes?: 32 | 64;
}

/**
 * UIKit Prebuilt's kit token: the Token04, "#", then base64 of
 * {userID, roomID, userName (URI-encoded), appID}. The parts are already validated.
 */
export function kitTokenText(
  token: string,
  parts: { appId: number; userId: string; roomId: string; userName: string },
): string {
  const part = JSON.stringify({
    userID: parts.userId,
    roomID: parts.roomId,
    userName: encodeURIComponent(parts.userName),
    appID: parts.appId,
  });
  return `${token}#${Buffer.from(part, 'utf8').toString('base64')}`;
}

/** A kit token around a Token04, every part validated first (for direct callers). */
export function makeKitToken(options: KitTokenOptions): string {
  if (typeof options.token !== 'string' || !options.token.startsWith('04')) {
    throw new TokenError('invalid_option', 'a kit token wraps a Token04');
  }
  return kitTokenText(options.token, {
    userId: validateUserId(options.userId, options.maxUserIdBytes),
    roomId: validateRoomId(options.roomId),
    userName: validateUserName(options.userName),
    appId: validateAppId(options.appId),
  });
}
