// zego-token-client/react-native: the same client and ZIM binder (ZIM's React Native SDK has the
// Web SDK's shape), and the Express binder for React Native's engine (`roomTokenWillExpire`,
// `renewToken(roomID, token)`).
export type { BodyReaderLike, FetchResponseLike, ResponseBodyLike } from './body.ts';
export type { AbortSignalLike } from './cancel.ts';
export {
  CLIENT_ERROR_CODES,
  isTokenServiceError,
  TokenServiceError,
  type TokenServiceErrorFields,
} from './errors.ts';
export { keepExpressTokenFresh, type ReactNativeExpressEngineLike } from './express-native.ts';
export type { KeepFreshOptions, RenewalFailure, RequestForRoom, TokenSource } from './renewal.ts';
export type { Clock, RetryPolicy } from './timing.ts';
export {
  createTokenClient,
  type FetchLike,
  type GetTokenOptions,
  type TokenClient,
  type TokenClientOptions,
} from './token-client.ts';
export type {
  ProblemDetails,
  TokenCipher,
  TokenFormat,
  TokenRequest,
  TokenResponse,
  TokenVersion,
} from './types.ts';
export { keepZimTokenFresh, type ZimLike } from './zim.ts';
