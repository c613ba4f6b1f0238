// The service's error model: named HTTP problems with stable codes, rendered as
// application/problem+json (RFC 9457). 4xx details are written for the caller; 5xx bodies carry
// a fixed text, whatever the internal cause was.

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
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  internal_error: { status: 500, title: 'Internal error' },
  secret_unavailable: { status: 503, title: 'Service temporarily unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** What a 5xx body says, so nothing internal reaches the caller. */
const PUBLIC_5XX_DETAIL: Partial<Record<ProblemCode, string>> = {
  internal_error: 'The service could not complete the request.',
  secret_unavailable: 'The service cannot issue tokens right now; retry after the indicated delay.',
};

/** The problem `type`: a stable, non-dereferenceable URN per code. */
export function problemType(code: string): string {
  return `urn:zego-token-service:problem:${code}`;
}

export class HttpProblem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  /** Extra response headers (e.g. Retry-After, Allow). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    code: ProblemCode,
    detail: string,
    options: { headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpProblem';
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.headers = options.headers;
  }

  /** Whether `message` may be shown to the caller (middy's `expose`). */
  get expose(): boolean {
    return this.status < 500;
  }
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  requestId: string;
}

export function problemDocument(problem: HttpProblem, requestId: string): ProblemDocument {
  const { title, status } = PROBLEMS[problem.code];
  const detail = problem.expose
    ? problem.message
    : (PUBLIC_5XX_DETAIL[problem.code] ?? PUBLIC_5XX_DETAIL.internal_error ?? '');
  return { type: problemType(problem.code), title, status, detail, code: problem.code, requestId };
}
