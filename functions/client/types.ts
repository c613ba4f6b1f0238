// The wire types of `POST /token`, as the client sees them: the contract's own (type-only, so
// the kit pulls nothing from the server side into an app's bundle).
export type {
  ProblemDetails,
  TokenCipher,
  TokenFormat,
  TokenRequest,
  TokenResponse,
  TokenVersion,
} from '#contract/token-api.ts';
