// A local HTTP server that behaves like the service's API Gateway REST API: `POST /token` with a
// Cognito User Pools authorizer, the JSON-schema body validator and a Lambda proxy integration.
//   - a request target that is not a URL → 400; unknown resource or method (an absolute-form
//     target included) → MISSING_AUTHENTICATION_TOKEN
//   - missing/invalid/expired JWT → UNAUTHORIZED (401)
//   - body not matching the request model → BAD_REQUEST_BODY (400, the validator's message in
//     `detail`)
//   - otherwise a REST v1 proxy event (lambda-proxy.ts) goes to the handler, and its proxy
//     result becomes the HTTP response;
//   - a handler that throws, times out or returns a malformed result → 502.
// Gateway errors are answered as the deployed stack customises them (gateway-responses.ts).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readEvent } from '#commons/http/event.ts';
import { withTimeout } from '#commons/timeout.ts';
import type { GatewayErrorKind } from '#contract/problems.ts';
import type { RequestModelSchema } from '#contract/request-model.ts';
import type { Authorizer } from './authorizer.ts';
import { type GatewayResponseStyle, sendGatewayError, sendPreflight } from './gateway-responses.ts';
import type { ProxyHandler } from './handler-factory.ts';
import {
  describe,
  drain,
  header,
  normaliseIp,
  randomId,
  readBody,
  requestTarget,
} from './http-helpers.ts';
import { buildContext, buildProxyEvent, toHttpResponse } from './lambda-proxy.ts';
import { urlHost } from './net.ts';
import { validateRequestBody } from './request-validator.ts';

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
  /** The developer console (npm start only): returns true when it took the request. */
  devConsole?: (req: IncomingMessage, res: ServerResponse) => boolean;
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

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const stage = options.stage ?? 'local';
  const routes = options.routes ?? [{ method: 'POST', resource: '/token' }];
  const corsOrigins = (options.corsOrigins ?? []).filter((o) => o !== '');
  const functionName = options.functionName ?? 'zego-token-local';
  const timeoutMs = options.functionTimeoutMs ?? 10_000;
  const style = options.gatewayResponses ?? 'service';
  // One log stream per execution environment, as in Lambda: this gateway is one environment.
  const logStreamName = `local/[$LATEST]${randomId(16, 'hex')}`;
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
        const origin = header(req, 'origin');
        sendGatewayError(res, 'internal', { style, requestId, origin, corsOrigins });
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
    if (options.devConsole?.(req, res)) return;
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = header(req, 'origin');
    const fail = (kind: GatewayErrorKind, extra: { expired?: boolean; why?: string } = {}) =>
      sendGatewayError(res, kind, { style, requestId, origin, corsOrigins, ...extra });

    const rawTarget = req.url ?? '/';
    const routeUrl = routeUrls.get(rawTarget);
    const target = routeUrl === undefined ? requestTarget(rawTarget) : { url: routeUrl };
    if ('refused' in target) {
      await drain(req);
      return fail(target.refused);
    }
    const url = target.url;
    const resource = url.pathname;
    const known = routes.some((r) => r.resource === resource);

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
      return fail('unauthorized', { expired: auth.reason === 'expired' });
    }

    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (body === undefined) {
      res.setHeader('Connection', 'close');
      return fail('too_large');
    }

    const now = new Date();
    const traceId = `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomId(12, 'hex')}`;
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
    if (options.requestSchema) {
      // The Content-Type the handler will read (the event's headers: the last of repeated
      // values, as API Gateway fills them), so the validator and the function never disagree.
      const contentType = readEvent(event).header('content-type');
      const valid = validateRequestBody(options.requestSchema, contentType, body);
      if (!valid.ok) {
        options.onDiagnostic?.(`request ${requestId} failed body validation: ${valid.problem}`);
        return fail('bad_request_body', { why: valid.problem });
      }
    }
    const context = buildContext(functionName, logStreamName, timeoutMs);

    let result: unknown;
    try {
      result = await withTimeout(
        options.handler(event, context),
        timeoutMs,
        () => new Error(`Task timed out after ${timeoutMs} ms`),
      );
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
