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
 * {userID, roomID, userName (URI-encoded), appID}.
 */
export function makeKitToken(options: KitTokenOptions): string {
  if (typeof options.token !== 'string' || !options.token.startsWith('04')) {
    throw new TokenError('invalid_option', 'a kit token wraps a Token04');
  }
  const part = JSON.stringify({
    userID: validateUserId(options.userId, options.maxUserIdBytes),
    roomID: validateRoomId(options.roomId),
    userName: encodeURIComponent(validateUserName(options.userName)),
    appID: validateAppId(options.appId),
  });
  return `${options.token}#${Buffer.from(part, 'utf8').toString('base64')}`;
}
