// The one error type the kit rejects with: the service's problem+json, or a client-side
// failure described with the same fields.

/** Codes the kit itself produces (the service's own codes come from its problem+json). */
export const CLIENT_ERROR_CODES = {
  /** No answer: DNS, connection, TLS, CORS, or a time limit (`timeoutMs`, `totalTimeoutMs`). */
  network: 'network_error',
  /** An answer that is not the documented JSON (a proxy's HTML page, a truncated body, over 64 KiB…). */
  invalidResponse: 'invalid_response',
  /** `getIdToken` threw, gave no token, or did not answer within `idTokenTimeoutMs`. */
  noIdToken: 'id_token_unavailable',
  /** The `signal` given to `getToken` aborted. */
  aborted: 'aborted',
  /** `clear()` was called while the request was under way: its answer is not used. */
  cleared: 'cleared',
} as const;

export interface TokenServiceErrorFields {
  code: string;
  /** HTTP status; 0 when there was no HTTP answer. */
  status: number;
  detail: string;
  requestId?: string | undefined;
  /** From `Retry-After` (429/503), in seconds. */
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

export class TokenServiceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly detail: string;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(fields: TokenServiceErrorFields) {
    const where = fields.status === 0 ? '' : ` (HTTP ${fields.status})`;
    super(
      `${fields.code}${where}: ${fields.detail}`,
      fields.cause === undefined ? undefined : { cause: fields.cause },
    );
    this.name = 'TokenServiceError';
    this.code = fields.code;
    this.status = fields.status;
    this.detail = fields.detail;
    this.requestId = fields.requestId;
    this.retryAfterSeconds = fields.retryAfterSeconds;
  }
}

export function isTokenServiceError(value: unknown): value is TokenServiceError {
  return value instanceof TokenServiceError;
}
