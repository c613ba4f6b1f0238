// The function's refusals: named HTTP problems with the contract's stable codes
// (functions/contract/problems.ts), rendered as application/problem+json (RFC 9457). 4xx details
// are written for the caller; 5xx bodies carry a fixed text, whatever the internal cause was.

import { PROBLEMS, type ProblemCode, PUBLIC_5XX_DETAIL, problemType } from '#contract/problems.ts';

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
    : ((PUBLIC_5XX_DETAIL as Partial<Record<ProblemCode, string>>)[problem.code] ??
      PUBLIC_5XX_DETAIL.internal_error);
  return { type: problemType(problem.code), title, status, detail, code: problem.code, requestId };
}
