// The wire types of `POST /token`, as the client sees them: the contract's own, type-only, so
// nothing from the server side reaches an app's bundle (the package's .d.ts carry a copy of the
// contract's declarations, generated from the same file).
export type {
  ProblemDetails,
  TokenCipher,
  TokenFormat,
  TokenRequest,
  TokenResponse,
  TokenVersion,
} from '../../contract/token-api.ts';
