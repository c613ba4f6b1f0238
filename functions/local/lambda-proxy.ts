// What a Lambda proxy integration of a REST API hands the function and takes back: the v1 proxy
// event (claims as the Cognito authorizer passes them), the Lambda context, and the proxy result
// checked and turned into an HTTP response as API Gateway does. The event itself is built by
// #invoke/api-gateway-events.ts, which `npm run invoke -- event` and the tests use too.
// IDs come from the gateway's own random pool (http-helpers.ts), never from the token core's.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { encodeClaims, restProxyEvent } from '#invoke/api-gateway-events.ts';
import { LOCAL_ACCOUNT_ID } from '#invoke/local-aws.ts';
import { header, randomId } from './http-helpers.ts';

const API_ID = 'local';
/** Headers API Gateway adds in front of the integration; they replace the client's own. */
const ADDED_HEADERS = /^x-forwarded-(for|port|proto)$|^x-amzn-trace-id$/i;

export interface EventInput {
  req: IncomingMessage;
  url: URL;
  method: string;
  resource: string;
  stage: string;
  requestId: string;
  sourceIp: string;
  traceId: string;
  claims: JwtPayload;
  body: string | null;
  now: Date;
}

export function buildProxyEvent(input: EventInput): APIGatewayProxyEvent {
  const { req, url } = input;
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    if (!ADDED_HEADERS.test(name)) headers.push([name, req.rawHeaders[i + 1] as string]);
  }
  const forwarded = header(req, 'x-forwarded-for');
  headers.push(
    ['X-Amzn-Trace-Id', input.traceId],
    ['X-Forwarded-For', forwarded ? `${forwarded}, ${input.sourceIp}` : input.sourceIp],
    ['X-Forwarded-Port', String(req.socket.localPort ?? '')],
    ['X-Forwarded-Proto', 'http'],
  );
  return restProxyEvent({
    method: input.method,
    resource: input.resource,
    path: url.pathname,
    stage: input.stage,
    headers,
    query: [...url.searchParams],
    body: input.body,
    requestId: input.requestId,
    extendedRequestId: randomId(6, 'base64url'),
    time: input.now,
    sourceIp: input.sourceIp,
    domainName: (header(req, 'host') ?? 'localhost').replace(/:\d+$/, ''),
    apiId: API_ID,
    accountId: LOCAL_ACCOUNT_ID,
    protocol: `HTTP/${req.httpVersion}`,
    claims: restClaims(input.claims),
  });
}

/** Claims the authorizer cached (frozen, shared by requests) are converted once. */
const convertedClaims = new WeakMap<JwtPayload, Record<string, string>>();
function restClaims(payload: JwtPayload): Record<string, string> {
  if (!Object.isFrozen(payload)) return encodeClaims(payload, 'rest');
  let claims = convertedClaims.get(payload);
  if (claims === undefined) {
    claims = encodeClaims(payload, 'rest');
    convertedClaims.set(payload, claims);
  }
  return claims;
}

function unsupported(): never {
  throw new Error('callback-style completion is not supported by the local gateway');
}

export function buildContext(
  functionName: string,
  logStreamName: string,
  timeoutMs: number,
): Context {
  const deadline = Date.now() + timeoutMs;
  const region = 'us-east-1';
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

// ---------------------------------------------------------------------------------------------
// Results

export interface HttpResponse {
  statusCode: number;
  /** Keyed by lower-case name; keeps the name as the function wrote it. */
  headers: Map<string, { name: string; values: string[] }>;
  body: Buffer;
}

/** Validates a Lambda proxy result as API Gateway does and turns it into an HTTP response. */
export function toHttpResponse(result: unknown): HttpResponse | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const r = result as Record<string, unknown>;
  const status = r.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return undefined;
  }
  const headers: HttpResponse['headers'] = new Map();
  const put = (name: string, value: unknown, append: boolean) => {
    if (value === undefined || value === null) return;
    const key = name.toLowerCase();
    const entry = headers.get(key);
    if (entry && append) entry.values.push(String(value));
    else headers.set(key, { name: entry?.name ?? name, values: [String(value)] });
  };
  if (r.headers !== undefined && r.headers !== null) {
    if (typeof r.headers !== 'object') return undefined;
    for (const [name, value] of Object.entries(r.headers as Record<string, unknown>)) {
      if (typeof value === 'object' && value !== null) return undefined;
      put(name, value, false);
    }
  }
  // A name in both: API Gateway keeps the multiValueHeaders values only.
  if (r.multiValueHeaders !== undefined && r.multiValueHeaders !== null) {
    if (typeof r.multiValueHeaders !== 'object') return undefined;
    for (const [name, values] of Object.entries(r.multiValueHeaders as Record<string, unknown>)) {
      if (!Array.isArray(values)) return undefined;
      headers.delete(name.toLowerCase());
      for (const v of values) put(name, v, true);
    }
  }
  let body: Buffer;
  if (r.body === undefined || r.body === null) body = Buffer.alloc(0);
  else if (typeof r.body === 'string') {
    body = r.isBase64Encoded === true ? Buffer.from(r.body, 'base64') : Buffer.from(r.body, 'utf8');
  } else return undefined;
  return { statusCode: status, headers, body };
}
