// The token core: pure functions, no AWS imports, clock and randomness injectable.

export {
  type ServerCredentials,
  type ServerSecret,
  serverCredentials,
  type ZegoUserId,
  zegoUserId,
} from './credentials.ts';
export {
  type DecodedPrivilege,
  type DecodedToken,
  decodeToken,
  type InspectedToken,
  inspectToken,
} from './decode.ts';
export { isTokenError, TokenError, type TokenErrorCode } from './errors.ts';
export { type GenerateOptions, generateToken } from './generate.ts';
export {
  type Cipher,
  createTokenIssuer,
  type GeneratedToken,
  type Privilege,
  privilegePayload,
  type TokenClaims,
  type TokenDeps,
  type TokenGrant,
  type TokenIssuer,
  type TokenVersion,
} from './issuer.ts';
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
