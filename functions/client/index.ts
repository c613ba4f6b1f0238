// The client kit: get ZEGO tokens from the token service with a Cognito ID token, and keep the
// ZIM and Express Web SDK sessions' tokens fresh. Also published as `zego-token-service/client`.
export { CLIENT_ERROR_CODES, isTokenServiceError, TokenServiceError } from './errors.ts';
export { type ExpressEngineLike, keepExpressTokenFresh, type RequestForRoom } from './express.ts';
export {
  type KeepFreshOptions,
  type RenewalFailure,
  SDK_WARNING_SECONDS,
  type TokenSource,
} from './renewal.ts';
export type { Clock, RetryPolicy } from './timing.ts';
export {
  createTokenClient,
  type FetchLike,
  type FetchResponseLike,
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
