// zego-token-client: get ZEGO tokens from the token service with a Cognito ID token, and keep
// the ZIM and Express SDK sessions' tokens fresh. This entry is for browsers, Electron renderers
// and Node ≥ 18; `zego-token-client/react-native` has the React Native Express binder.
export type { BodyReaderLike, FetchResponseLike, ResponseBodyLike } from './body.ts';
export type { AbortSignalLike } from './cancel.ts';
export {
  CLIENT_ERROR_CODES,
  isTokenServiceError,
  TokenServiceError,
  type TokenServiceErrorFields,
} from './errors.ts';
export { type ExpressEngineLike, keepExpressTokenFresh } from './express.ts';
export {
  type KeepFreshOptions,
  type RenewalFailure,
  type RequestForRoom,
  SDK_WARNING_SECONDS,
  type TokenSource,
} from './renewal.ts';
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
