// The token core: pure functions, no AWS imports, clock and randomness injectable.
export {
  type DecodedPrivilege,
  type DecodedToken,
  decodeToken,
  type InspectedToken,
  inspectToken,
} from './decode.ts';
export { isTokenError, TokenError, type TokenErrorCode } from './errors.ts';
export {
  type Cipher,
  type GeneratedToken,
  type GenerateOptions,
  generateToken,
  type Privilege,
  privilegePayload,
  type TokenDeps,
  type TokenVersion,
} from './generate.ts';
export { type KitTokenOptions, makeKitToken } from './kit.ts';
export { type Clock, type RandomBytes, secureRandomBytes, systemClock } from './random.ts';
export {
  LIMITS,
  validateAppId,
  validateRoomId,
  validateSecret,
  validateStreamId,
  validateTtl,
  validateUserId,
  validateUserName,
} from './validation.ts';
