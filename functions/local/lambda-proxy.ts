// What a Lambda proxy integration of a REST API hands the function and takes back: the v1 proxy
// event (claims as the Cognito authorizer passes them), the Lambda context, and the proxy result
// checked and turned into an HTTP response as API Gateway does.
// IDs come from the gateway's own random pool (http-helpers.ts), never from the token core's.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { header, randomId } from './http-helpers.ts';

const ACCOUNT_ID = '123456789012';
const API_ID = 'local';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

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
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    headers[name] = value;
    const list = multiValueHeaders[name] ?? [];
    list.push(value);
    multiValueHeaders[name] = list;
  };
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    add(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  // Headers API Gateway adds in front of the integration.
  const forwarded = header(req, 'x-forwarded-for');
  for (const name of Object.keys(headers)) {
    if (/^x-forwarded-(for|port|proto)$|^x-amzn-trace-id$/i.test(name)) {
      delete headers[name];
      delete multiValueHeaders[name];
    }
  }
  add('X-Amzn-Trace-Id', input.traceId);
  add('X-Forwarded-For', forwarded ? `${forwarded}, ${input.sourceIp}` : input.sourceIp);
  add('X-Forwarded-Port', String(req.socket.localPort ?? ''));
  add('X-Forwarded-Proto', 'http');

  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    query[key] = value;
    multiQuery[key] = [...(multiQuery[key] ?? []), value];
  }
  const hasQuery = Object.keys(query).length > 0;
  const hostHeader = header(req, 'host') ?? 'localhost';
  const domainName = hostHeader.replace(/:\d+$/, '');
  const epoch = input.now.getTime();

  return {
    resource: input.resource,
    path: url.pathname,
    httpMethod: input.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourceId: 'local0',
      resourcePath: input.resource,
      httpMethod: input.method,
      extendedRequestId: randomId(6, 'base64url'),
      requestTime: formatRequestTime(input.now),
      path: `/${input.stage}${url.pathname}`,
      accountId: ACCOUNT_ID,
      protocol: `HTTP/${req.httpVersion}`,
      stage: input.stage,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      requestTimeEpoch: epoch,
      requestId: input.requestId,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: input.sourceIp,
        user: null,
        userAgent: header(req, 'user-agent') ?? null,
        userArn: null,
      },
      domainName,
      apiId: API_ID,
      authorizer: { claims: { ...restClaims(input.claims) } },
    },
    body: input.body,
    isBase64Encoded: false,
  };
}

/** Claims the authorizer cached (frozen, shared by requests) are converted once. */
const convertedClaims = new WeakMap<JwtPayload, Record<string, string>>();
function restClaims(payload: JwtPayload): Record<string, string> {
  if (!Object.isFrozen(payload)) return toRestClaims(payload);
  let claims = convertedClaims.get(payload);
  if (claims === undefined) {
    claims = toRestClaims(payload);
    convertedClaims.set(payload, claims);
  }
  return claims;
}

/**
 * Claims as the REST API's Cognito authorizer hands them to the integration: every value a
 * string, arrays comma-separated (`cognito:groups` → "a,b"), `exp`/`iat` as a Java-style date
 * ("Fri Jul 29 18:52:53 UTC 2016"), other numbers and booleans as their text.
 */
function toRestClaims(payload: JwtPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    if ((name === 'exp' || name === 'iat') && typeof value === 'number') {
      claims[name] = formatClaimDate(value);
    } else if (Array.isArray(value)) {
      claims[name] = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(',');
    } else if (typeof value === 'object') {
      claims[name] = JSON.stringify(value);
    } else {
      claims[name] = String(value);
    }
  }
  return claims;
}

/** `EEE MMM dd HH:mm:ss UTC yyyy` for an epoch in seconds. */
function formatClaimDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `dd/MMM/yyyy:HH:mm:ss +0000` as in requestContext.requestTime. */
function formatRequestTime(d: Date): string {
  return `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
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
    invokedFunctionArn: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${functionName}`,
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
