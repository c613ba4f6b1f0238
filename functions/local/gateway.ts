// A local HTTP server that behaves like the service's API Gateway REST API: `POST /token` with a
// Cognito User Pools authorizer, the JSON-schema body validator and a Lambda proxy integration.
//   - unknown resource or method → MISSING_AUTHENTICATION_TOKEN
//   - missing/invalid/expired JWT → UNAUTHORIZED (401)
//   - body not matching the request model → BAD_REQUEST_BODY (400)
//   - otherwise a REST v1 proxy event (claims as strings under requestContext.authorizer.claims)
//     goes to the handler, and its proxy result becomes the HTTP response;
//   - a handler that throws, times out or returns a malformed result → 502.
// Gateway errors are answered as the deployed stack customises them (problem+json, see
// infra/constructs/token-api.ts), or as API Gateway's defaults ({"message": ...}) on request.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import {
  GATEWAY_ERRORS,
  GATEWAY_RESPONSES,
  type GatewayErrorKind,
  gatewayResponseStatus,
  PROBLEMS,
  problemType,
} from '#contract/problems.ts';
import type { RequestModelSchema } from '#contract/request-model.ts';
import { PREFLIGHT } from '#contract/token-api.ts';
import { secureRandomBytes } from '../core/index.ts';
import type { Authorizer } from './authorizer.ts';
import { urlHost } from './net.ts';
import { validateRequestBody } from './request-validator.ts';

/** Any Lambda handler that accepts a REST v1 proxy event (the real one also accepts v2). */
export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

export interface GatewayRoute {
  method: string;
  /** Resource path as in API Gateway, e.g. `/token` (static paths only). */
  resource: string;
}

export interface GatewayOptions {
  handler: ProxyHandler;
  authorizer: Authorizer;
  host?: string;
  /** 0 (default) = any free port. */
  port?: number;
  stage?: string;
  routes?: GatewayRoute[];
  /** Origins allowed by the API's CORS preflight (`*` allowed). Empty/absent: no OPTIONS method. */
  corsOrigins?: string[];
  /** Request model for `application/json` bodies (API Gateway's body validator); absent: none. */
  requestSchema?: RequestModelSchema;
  /**
   * Bodies of gateway errors: `service` (default) as the CDK stack customises them
   * (application/problem+json); `aws-default` as API Gateway answers out of the box.
   */
  gatewayResponses?: GatewayResponseStyle;
  /** Simulated Lambda timeout (default 10 s). */
  functionTimeoutMs?: number;
  functionName?: string;
  /** Access log sink: one line per request. */
  onAccessLog?: (entry: AccessLogEntry) => void;
  /** Diagnostics (authorizer rejections, handler failures); never contains tokens. */
  onDiagnostic?: (message: string) => void;
}

export interface AccessLogEntry {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  sourceIp: string;
}

export interface Gateway {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** API Gateway's payload limit for REST APIs. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const ACCOUNT_ID = '123456789012';
const API_ID = 'local';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const stage = options.stage ?? 'local';
  const routes = options.routes ?? [{ method: 'POST', resource: '/token' }];
  const corsOrigins = (options.corsOrigins ?? []).filter((o) => o !== '');
  const functionName = options.functionName ?? 'zego-token-local';
  const timeoutMs = options.functionTimeoutMs ?? 10_000;
  const style = options.gatewayResponses ?? 'service';
  // One log stream per execution environment, as in Lambda: this gateway is one environment.
  const logStreamName = `local/[$LATEST]${randomBytes(16).toString('hex')}`;
  // The routes' own URLs, parsed once (a request for exactly `/token` needs no parsing).
  const routeUrls = new Map(routes.map((r) => [r.resource, new URL(r.resource, 'http://local')]));

  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    const sourceIp = normaliseIp(req.socket.remoteAddress);
    const onAccessLog = options.onAccessLog;
    if (onAccessLog) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      res.on('finish', () => {
        onAccessLog({
          requestId,
          method: req.method ?? '',
          path,
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          sourceIp,
        });
      });
    }
    handle(req, res, requestId, sourceIp).catch((error: unknown) => {
      options.onDiagnostic?.(`gateway error: ${describe(error)}`);
      if (!res.headersSent) {
        sendGatewayError(res, style, 'internal', requestId, header(req, 'origin'), corsOrigins);
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    sourceIp: string,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = routeUrls.get(req.url ?? '/') ?? new URL(req.url ?? '/', 'http://local');
    const resource = url.pathname;
    const known = routes.some((r) => r.resource === resource);
    const origin = header(req, 'origin');
    const fail = (kind: GatewayErrorKind, expired = false) =>
      sendGatewayError(res, style, kind, requestId, origin, corsOrigins, expired);

    if (method === 'OPTIONS' && known && corsOrigins.length > 0) {
      await drain(req);
      return sendPreflight(res, requestId, origin, corsOrigins);
    }
    const route = routes.find((r) => r.resource === resource && r.method === method);
    if (!route) {
      await drain(req);
      return fail('missing_route');
    }

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_PAYLOAD_BYTES) {
      req.resume();
      res.setHeader('Connection', 'close');
      return fail('too_large');
    }

    const auth = await options.authorizer.authorize(header(req, 'authorization'));
    if (!auth.ok) {
      await drain(req);
      options.onDiagnostic?.(`authorizer rejected request ${requestId}: ${auth.detail}`);
      if (auth.reason === 'unavailable') return fail('authorizer_error');
      return fail('unauthorized', auth.reason === 'expired');
    }

    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (body === undefined) {
      res.setHeader('Connection', 'close');
      return fail('too_large');
    }
    if (options.requestSchema) {
      const valid = validateRequestBody(options.requestSchema, header(req, 'content-type'), body);
      if (!valid.ok) {
        options.onDiagnostic?.(`request ${requestId} failed body validation: ${valid.problem}`);
        return fail('bad_request_body');
      }
    }

    const now = new Date();
    const traceId = `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomText(12, 'hex')}`;
    const event = buildProxyEvent({
      req,
      url,
      method,
      resource: route.resource,
      stage,
      requestId,
      sourceIp,
      traceId,
      claims: auth.claims,
      body,
      now,
    });
    const context = buildContext(functionName, logStreamName, timeoutMs);

    let result: unknown;
    try {
      result = await withTimeout(options.handler(event, context), timeoutMs);
    } catch (error) {
      options.onDiagnostic?.(`handler failed for request ${requestId}: ${describe(error)}`);
      return fail('integration_failure');
    }
    const response = toHttpResponse(result);
    if (!response) {
      options.onDiagnostic?.(`handler returned a malformed proxy result for request ${requestId}`);
      return fail('integration_failure');
    }
    res.statusCode = response.statusCode;
    for (const { name, values } of response.headers.values()) {
      res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
    }
    if (!response.headers.has('content-type')) res.setHeader('Content-Type', 'application/json');
    res.setHeader('x-amzn-RequestId', requestId);
    res.setHeader('X-Amzn-Trace-Id', traceId);
    res.setHeader('Content-Length', response.body.length);
    res.end(response.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${port}`,
    host,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Anything still in flight after a moment is cut off.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Event construction

interface EventInput {
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
      extendedRequestId: randomText(6, 'base64url'),
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
export function toRestClaims(payload: JwtPayload): Record<string, string> {
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
export function formatClaimDate(epochSeconds: number): string {
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

function buildContext(functionName: string, logStreamName: string, timeoutMs: number): Context {
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
// Responses

interface HttpResponse {
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

export type GatewayResponseStyle = 'service' | 'aws-default';

function sendGatewayError(
  res: ServerResponse,
  style: GatewayResponseStyle,
  kind: GatewayErrorKind,
  requestId: string,
  origin: string | undefined,
  corsOrigins: string[],
  expired = false,
): void {
  const spec: (typeof GATEWAY_ERRORS)[GatewayErrorKind] = GATEWAY_ERRORS[kind];
  const response = GATEWAY_RESPONSES[spec.response];
  const status =
    style === 'aws-default' && 'defaultStatus' in spec ? spec.defaultStatus : spec.status;
  let text: string;
  res.statusCode = status;
  if (style === 'service') {
    // Same document as the stack's gateway response template; DEFAULT_* families omit status.
    text = JSON.stringify({
      type: problemType(response.code),
      title: PROBLEMS[response.code].title,
      ...(gatewayResponseStatus(response) === undefined ? {} : { status }),
      detail: response.detail,
      code: response.code,
      requestId,
    });
    res.setHeader('Content-Type', 'application/problem+json');
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
    for (const [name, value] of Object.entries(gatewayCorsHeaders(origin, corsOrigins))) {
      res.setHeader(name, value);
    }
  } else {
    const message = expired ? 'The incoming token has expired' : spec.message;
    text = JSON.stringify({ message });
    res.setHeader('Content-Type', 'application/json');
  }
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('x-amzn-RequestId', requestId);
  res.setHeader('x-amzn-ErrorType', spec.errorType);
  res.end(text);
}

/** CORS preflight as CDK's defaultCorsPreflightOptions (mock integration, 204) answers it. */
function sendPreflight(
  res: ServerResponse,
  requestId: string,
  origin: string | undefined,
  corsOrigins: string[],
): void {
  res.statusCode = 204;
  let allowOrigin: string;
  if (corsOrigins.includes('*')) allowOrigin = '*';
  else if (origin && corsOrigins.includes(origin)) allowOrigin = origin;
  else allowOrigin = corsOrigins[0] as string;
  res.setHeader('Access-Control-Allow-Origin', allowOrigin);
  if (allowOrigin !== '*') res.setHeader('Vary', 'Origin');
  // CDK's preflight integration joins the lists without spaces.
  res.setHeader('Access-Control-Allow-Headers', PREFLIGHT.headers.join(','));
  res.setHeader('Access-Control-Allow-Methods', PREFLIGHT.methods.join(','));
  res.setHeader('Access-Control-Max-Age', String(PREFLIGHT.maxAgeSeconds));
  res.setHeader('x-amzn-RequestId', requestId);
  res.end();
}

/**
 * CORS headers on gateway errors, as the stack sets them: one origin (or *) literally; several:
 * the request's Origin echoed with Vary: Origin.
 */
function gatewayCorsHeaders(
  origin: string | undefined,
  corsOrigins: string[],
): Record<string, string> {
  if (corsOrigins.length === 0) return {};
  if (corsOrigins.length === 1) return { 'Access-Control-Allow-Origin': corsOrigins[0] as string };
  return origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Random IDs (trace IDs, extended request IDs) from the core's pooled CSPRNG. */
function randomText(bytes: number, encoding: 'hex' | 'base64url'): string {
  return Buffer.from(secureRandomBytes(bytes)).toString(encoding);
}

function normaliseIp(address: string | undefined): string {
  if (!address) return '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Reads the body as UTF-8 text; `null` when empty; `undefined` when over `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | null | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) resolve(undefined);
      else resolve(size === 0 ? null : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    req.on('end', () => resolve());
    req.on('error', () => resolve());
    req.resume();
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Task timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
