// The service's error vocabulary, written once: every problem code with its status and title
// (application/problem+json, RFC 9457), the gateway responses the deployed REST API customises
// into that form (infra/constructs/token-api.ts), and the errors the local gateway raises the way
// API Gateway does (functions/local/). The function's own refusals use the same codes
// (functions/commons/http/problem.ts).

export const PROBLEMS = {
  invalid_request: { status: 400, title: 'Invalid request' },
  invalid_room_id: { status: 400, title: 'Invalid room ID' },
  invalid_stream_id: { status: 400, title: 'Invalid stream ID' },
  invalid_user_name: { status: 400, title: 'Invalid user name' },
  invalid_ttl: { status: 400, title: 'Invalid token lifetime' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  user_id_mismatch: { status: 403, title: 'User ID does not match the caller' },
  privilege_denied: { status: 403, title: 'Privilege denied' },
  /** Gateway only: no such route. */
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  /** Gateway only: stage throttling or the WAF rate rule. */
  throttled: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal error' },
  secret_unavailable: { status: 503, title: 'Service temporarily unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** The problem `type`: a stable, non-dereferenceable URN per code. */
export function problemType(code: ProblemCode): string {
  return `urn:zego-token-service:problem:${code}`;
}

/** What a 5xx body says, whatever the internal cause was, so nothing internal reaches the caller. */
export const PUBLIC_5XX_DETAIL = {
  internal_error: 'The service could not complete the request.',
  secret_unavailable: 'The service cannot issue tokens right now; retry after the indicated delay.',
} as const satisfies Partial<Record<ProblemCode, string>>;

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

export interface GatewayResponse {
  readonly code: ProblemCode;
  /**
   * A family (DEFAULT_4XX/5XX) covers several statuses: API Gateway keeps the one it chose and
   * the body leaves `status` out. Otherwise the code's status is set.
   */
  readonly family?: true;
  readonly detail: string;
  /**
   * The detail on a team's API that has other routes too (the construct's
   * problemGatewayResponses), where `detail` would wrongly speak of POST /token alone.
   */
  readonly sharedApiDetail?: string;
  /**
   * Appended to `detail` as ": <why>" when API Gateway says why: its validator's message
   * (`$context.error.validationErrorString` deployed, the same validator's text locally).
   */
  readonly why?: 'validation';
  readonly headers?: Readonly<Record<string, string>>;
}

export const GATEWAY_RESPONSES: Readonly<Record<GatewayResponseName, GatewayResponse>> = {
  UNAUTHORIZED: {
    code: 'unauthenticated',
    detail: 'Send a valid Cognito ID token as "Authorization: Bearer <token>".',
    sharedApiDetail: 'The request lacks valid credentials for this route.',
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  ACCESS_DENIED: { code: 'forbidden', detail: 'The caller is not allowed to call this API.' },
  MISSING_AUTHENTICATION_TOKEN: {
    code: 'not_found',
    detail: 'No such route. The API has POST /token only.',
    sharedApiDetail: 'No such route.',
  },
  BAD_REQUEST_BODY: {
    code: 'invalid_request',
    detail: 'The request body does not match the schema of POST /token',
    sharedApiDetail: "The request body does not match the route's schema",
    why: 'validation',
  },
  REQUEST_TOO_LARGE: { code: 'payload_too_large', detail: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    detail: 'Send the body as application/json.',
  },
  THROTTLED: {
    code: 'throttled',
    detail: 'Request rate limit exceeded; retry later.',
    headers: { 'Retry-After': '1' },
  },
  WAF_FILTERED: {
    code: 'throttled',
    detail: 'Too many requests from this address; retry later.',
    headers: { 'Retry-After': '60' },
  },
  DEFAULT_4XX: {
    code: 'invalid_request',
    family: true,
    detail: 'The request was refused by the API gateway.',
  },
  DEFAULT_5XX: { code: 'internal_error', family: true, detail: PUBLIC_5XX_DETAIL.internal_error },
};

/** The status a customised gateway response sets; undefined for a family (kept as raised). */
export function gatewayResponseStatus(response: GatewayResponse): number | undefined {
  return response.family ? undefined : PROBLEMS[response.code].status;
}

/**
 * The errors the local gateway raises, as API Gateway raises them: the status, the
 * x-amzn-ErrorType header, API Gateway's own default body message, and the customised response
 * that answers it in the deployed stack.
 */
export const GATEWAY_ERRORS = {
  missing_route: {
    status: 404,
    /** Without the stack's customisation API Gateway answers 403. */
    defaultStatus: 403,
    errorType: 'MissingAuthenticationTokenException',
    message: 'Missing Authentication Token',
    response: 'MISSING_AUTHENTICATION_TOKEN',
  },
  unauthorized: {
    status: 401,
    errorType: 'UnauthorizedException',
    message: 'Unauthorized',
    response: 'UNAUTHORIZED',
  },
  bad_request_body: {
    status: 400,
    errorType: 'BadRequestException',
    message: 'Invalid request body',
    response: 'BAD_REQUEST_BODY',
  },
  /** A request target that is not a URL at all (the front end refuses it). */
  bad_request: {
    status: 400,
    errorType: 'BadRequestException',
    message: 'Bad Request',
    response: 'DEFAULT_4XX',
  },
  too_large: {
    status: 413,
    errorType: 'RequestTooLongException',
    message: 'Request Too Long',
    response: 'REQUEST_TOO_LARGE',
  },
  integration_failure: {
    status: 502,
    errorType: 'InternalServerErrorException',
    message: 'Internal server error',
    response: 'DEFAULT_5XX',
  },
  authorizer_error: {
    status: 500,
    errorType: 'AuthorizerConfigurationException',
    message: null,
    response: 'DEFAULT_5XX',
  },
  internal: {
    status: 500,
    errorType: 'InternalServerErrorException',
    message: 'Internal server error',
    response: 'DEFAULT_5XX',
  },
} as const satisfies Record<
  string,
  {
    status: number;
    defaultStatus?: number;
    errorType: string;
    message: string | null;
    response: GatewayResponseName;
  }
>;

export type GatewayErrorKind = keyof typeof GATEWAY_ERRORS;
