/** Stable, machine-readable reasons a token operation can fail. */
export type TokenErrorCode =
  | 'invalid_app_id'
  | 'invalid_secret'
  | 'invalid_user_id'
  | 'invalid_room_id'
  | 'invalid_stream_id'
  | 'invalid_ttl'
  | 'invalid_user_name'
  | 'invalid_option'
  | 'malformed_token'
  | 'unsupported_token'
  | 'decrypt_failed'
  | 'expiry_mismatch';

/**
 * Every failure of the token core is a TokenError. Messages describe what is wrong
 * and never echo secret material.
 */
export class TokenError extends Error {
  readonly code: TokenErrorCode;

  constructor(code: TokenErrorCode, message: string) {
    super(message);
    this.name = 'TokenError';
    this.code = code;
  }
}

export function isTokenError(value: unknown): value is TokenError {
  return value instanceof TokenError;
}
