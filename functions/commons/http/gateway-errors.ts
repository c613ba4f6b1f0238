// The errors API Gateway itself answers (before the function runs), in the service's
// problem+json form. One table for both the deployed stack's gateway responses
// (infra/constructs/token-api.ts) and the local API (functions/local/gateway.ts), so the two
// cannot drift apart.

/** API Gateway gateway response types this service customises (ResponseType names). */
export type GatewayResponseName =
  | 'UNAUTHORIZED'
  | 'ACCESS_DENIED'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'BAD_REQUEST_BODY'
  | 'REQUEST_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'THROTTLED'
  | 'WAF_FILTERED'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

export interface GatewayError {
  /** Omitted: API Gateway keeps the status it chose (the DEFAULT_* families). */
  readonly status?: number;
  readonly title: string;
  /** Codes beyond the function's: `not_found` and `throttled` come only from the gateway. */
  readonly code: string;
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export const GATEWAY_ERRORS: Readonly<Record<GatewayResponseName, GatewayError>> = {
  UNAUTHORIZED: {
    status: 401,
    title: 'Authentication required',
    code: 'unauthenticated',
    detail: 'Send a valid Cognito ID token as "Authorization: Bearer <token>".',
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  ACCESS_DENIED: {
    status: 403,
    title: 'Forbidden',
    code: 'forbidden',
    detail: 'The caller is not allowed to call this API.',
  },
  MISSING_AUTHENTICATION_TOKEN: {
    status: 404,
    title: 'Not found',
    code: 'not_found',
    detail: 'No such route. The API has POST /token only.',
  },
  BAD_REQUEST_BODY: {
    status: 400,
    title: 'Invalid request',
    code: 'invalid_request',
    detail: 'The request body does not match the schema of POST /token.',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    title: 'Payload too large',
    code: 'payload_too_large',
    detail: 'The request body is too large.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    code: 'unsupported_media_type',
    detail: 'Send the body as application/json.',
  },
  THROTTLED: {
    status: 429,
    title: 'Too many requests',
    code: 'throttled',
    detail: 'Request rate limit exceeded; retry later.',
    headers: { 'Retry-After': '1' },
  },
  WAF_FILTERED: {
    status: 429,
    title: 'Too many requests',
    code: 'throttled',
    detail: 'Too many requests from this address; retry later.',
    headers: { 'Retry-After': '60' },
  },
  DEFAULT_4XX: {
    title: 'Invalid request',
    code: 'invalid_request',
    detail: 'The request was refused by the API gateway.',
  },
  DEFAULT_5XX: {
    title: 'Internal error',
    code: 'internal_error',
    detail: 'The service could not complete the request.',
  },
};
