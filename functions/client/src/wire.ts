// Reading the service's answers defensively: a body that is not exactly what the contract
// says is reported, never passed on half-checked.
import { type FetchResponseLike, MAX_BODY_BYTES } from './body.ts';
import { CLIENT_ERROR_CODES, TokenServiceError } from './errors.ts';
import { parseRetryAfter } from './timing.ts';
import type { ProblemDetails, TokenResponse } from './types.ts';

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const isPrivileges = (value: unknown) => {
  if (!isObject(value)) return false;
  const { loginRoom, publishStream } = value;
  return typeof loginRoom === 'boolean' && typeof publishStream === 'boolean';
};
const isStringList = (value: unknown) => Array.isArray(value) && value.every(isString);
const optional =
  (check: (value: unknown) => boolean) =>
  (value: unknown): boolean =>
    value === undefined || check(value);

/** What each field of a 200 body must be (the contract's TokenResponse), in the order checked. */
const RESPONSE_FIELDS: Record<string, (value: unknown, body: Json) => boolean> = {
  version: (value) => value === '04' || value === '03',
  token: (value, { version }) =>
    isString(value) && value.length > 2 && value.startsWith(`${version}`),
  cipher: (value) => value === 'gcm' || value === 'cbc',
  appId: (value) => isTime(value) && value > 0,
  userId: (value) => isString(value) && value !== '',
  issuedAt: isTime,
  expiresAt: (value, { issuedAt }) => isTime(value) && value > (issuedAt as number),
  ttlSeconds: isTime,
  roomId: optional(isString),
  privileges: optional(isPrivileges),
  streamIds: optional(isStringList),
  kitToken: optional(isString),
};

/** The 200 body as a TokenResponse, or the reason it is not one. */
export function readTokenResponse(value: unknown): TokenResponse | { invalid: string } {
  if (!isObject(value)) return { invalid: 'the body is not a JSON object' };
  for (const [field, check] of Object.entries(RESPONSE_FIELDS)) {
    if (!check(value[field], value)) return { invalid: `"${field}" is missing or malformed` };
  }
  return value as unknown as TokenResponse;
}

/** An error body as problem+json, or undefined when it is something else. */
export function readProblem(
  value: unknown,
): { [Field in keyof ProblemDetails]?: ProblemDetails[Field] | undefined } | undefined {
  if (!isObject(value)) return undefined;
  const { code, detail, title, requestId } = value;
  if (!isString(code) || code === '') return undefined;
  const text = (value: unknown) => (isString(value) ? value : undefined);
  return { code, detail: text(detail), title: text(title), requestId: text(requestId) };
}

/**
 * An HTTP answer as the TokenResponse it must be, or thrown as a TokenServiceError: the service's
 * problem+json, or `invalid_response`. `text` is undefined when the body was over the cap.
 */
export function readAnswer(
  response: FetchResponseLike,
  text: string | undefined,
  nowMs: number,
): TokenResponse {
  const { status } = response;
  const requestIdHeader = response.headers.get('x-amzn-requestid') ?? undefined;
  if (text === undefined) {
    throw new TokenServiceError({
      code: CLIENT_ERROR_CODES.invalidResponse,
      status,
      detail: `The service answered HTTP ${status} with a body over ${MAX_BODY_BYTES} bytes.`,
      requestId: requestIdHeader,
    });
  }
  const json = parseJson(text);
  if (status === 200) {
    const read = readTokenResponse(json);
    if (!('invalid' in read)) return read;
    throw new TokenServiceError({
      code: CLIENT_ERROR_CODES.invalidResponse,
      status,
      detail: `The service answered 200 with an unexpected body: ${read.invalid}.`,
    });
  }
  const problem = readProblem(json);
  throw new TokenServiceError({
    code: problem?.code ?? CLIENT_ERROR_CODES.invalidResponse,
    status,
    detail:
      problem?.detail ??
      problem?.title ??
      `The service answered HTTP ${status} without a problem+json body.`,
    requestId: problem?.requestId ?? requestIdHeader,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), nowMs),
  });
}

/** A stable key for a request: same fields and values → same key, whatever the key order. */
export function requestKey(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isObject(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}
