// The HTTP adapter: API Gateway event → identity → request → policy → secret → token → response,
// with one log line and one metric per request. Dependencies come in, so the Lambda entry, the
// local server, the tests and the benchmarks all run this same code.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { describeSdkError } from '#commons/aws-error.ts';
import { addCorsHeaders } from '#commons/http/cors.ts';
import {
  type ApiGatewayEvent,
  type ApiGatewayResult,
  type HttpRequestView,
  readEvent,
} from '#commons/http/event.ts';
import { HttpProblem, problemDocument } from '#commons/http/problem.ts';
import { createLogger, createMetrics, logWithMetrics } from '#commons/observability.ts';
import {
  InvalidSecretValueError,
  type SecretSource,
  SecretUnavailableError,
} from '#commons/secrets/secret-source.ts';
import type { ProblemCode } from '#contract/problems.ts';
import { METRIC } from '#contract/service.ts';
import type { TokenRequest } from '#contract/token-api.ts';
import { createTokenIssuer, type ServerCredentials, type TokenIssuer } from '#core';
import type { HandlerConfig } from './config.ts';
import { identifyCaller } from './identity.ts';
import { issueToken } from './issue.ts';
import { decideGrant, type Grant } from './policy.ts';
import { parseTokenRequest, readJsonBody } from './request.ts';

export interface TokenHandlerDeps {
  config: HandlerConfig;
  secrets: SecretSource;
  logger?: Logger;
  metrics?: Metrics;
  /** Clock for issuedAt/expiresAt, in milliseconds (default Date.now). */
  now?: () => number;
}

export type TokenHandler = (event: ApiGatewayEvent, context?: Context) => Promise<ApiGatewayResult>;

const ALLOW = 'POST, OPTIONS';

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** Any failure as the HttpProblem the caller gets; internal causes stay in `cause`. */
function toHttpProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof SecretUnavailableError) {
    return new HttpProblem(
      'secret_unavailable',
      `secret unavailable (${describeSdkError(error.cause)})`,
      {
        headers: { 'Retry-After': String(error.retryAfterSeconds) },
        cause: error,
      },
    );
  }
  if (error instanceof InvalidSecretValueError) {
    return new HttpProblem('internal_error', error.message, { cause: error });
  }
  return new HttpProblem('internal_error', 'unexpected error', { cause: error });
}

/**
 * An unexpected error for the log: name, message and stack only. Errors from the secret path are
 * described by their own messages instead (SDK errors carry response fields).
 */
function unexpectedError(
  cause: unknown,
): { name: string; message: string; stack?: string } | undefined {
  if (cause instanceof SecretUnavailableError || cause instanceof InvalidSecretValueError) {
    return undefined;
  }
  if (cause instanceof Error)
    return { name: cause.name, message: cause.message, stack: cause.stack };
  return cause === undefined ? undefined : { name: typeof cause, message: 'non-Error thrown' };
}

function problemResult(
  problem: HttpProblem,
  requestId: string,
  corsHeaders: (headers: Record<string, string>) => void,
): ApiGatewayResult {
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json',
    ...BASE_HEADERS,
    ...problem.headers,
  };
  corsHeaders(headers);
  return {
    statusCode: problem.status,
    headers,
    body: JSON.stringify(problemDocument(problem, requestId)),
    isBase64Encoded: false,
  };
}

/** What the log line says about the token asked for or issued (never the token itself). */
function requestFields(grant: Grant | undefined, request: TokenRequest | undefined) {
  if (grant !== undefined) {
    const privilege = grant.privilege;
    return {
      userId: grant.userId.value,
      roomId: privilege?.roomId,
      privileges: privilege && {
        loginRoom: privilege.loginRoom,
        publishStream: privilege.publishStream,
      },
      streamIds: privilege?.streamIds?.length,
      ttlSeconds: grant.ttlSeconds,
      version: grant.version,
      cipher: grant.cipher,
      format: grant.kit === undefined ? 'token' : 'kit',
    };
  }
  if (request === undefined) return {};
  return {
    roomId: request.roomId,
    privileges: request.privileges,
    ttlSeconds: request.ttlSeconds,
  };
}

/** API Gateway's request ID (what the client and the access logs see), else Lambda's. */
function requestIdOf(request: HttpRequestView, context: Context | undefined): string {
  return request.requestId ?? context?.awsRequestId ?? randomUUID();
}

function countRefusal(metrics: Metrics, code: ProblemCode): void {
  metrics.addDimension('code', code);
  metrics.addMetric(METRIC.requestsRefused, MetricUnit.Count, 1);
}

export function createTokenHandler(deps: TokenHandlerDeps): TokenHandler {
  const { config, secrets } = deps;
  const logger = deps.logger ?? createLogger();
  const metrics = deps.metrics ?? createMetrics();
  const tokenDeps = deps.now === undefined ? {} : { now: deps.now };
  // One issuer per secret value: bound once to the credentials and their key.
  const issuers = new WeakMap<ServerCredentials, TokenIssuer>();
  const issuerFor = (credentials: ServerCredentials): TokenIssuer => {
    let issuer = issuers.get(credentials);
    if (issuer === undefined) {
      issuer = createTokenIssuer(credentials, tokenDeps);
      issuers.set(credentials, issuer);
    }
    return issuer;
  };

  return async function tokenHandler(event, context) {
    const started = performance.now();
    if (context !== undefined) logger.addContext(context);
    const request = readEvent(event);
    const requestId = requestIdOf(request, context);
    const origin = request.header('origin');
    const cors = (headers: Record<string, string>, preflight = false) =>
      addCorsHeaders(headers, config.cors, origin, preflight);

    if (request.method === 'OPTIONS') {
      const headers: Record<string, string> = { Allow: ALLOW, ...BASE_HEADERS };
      cors(headers, true);
      return { statusCode: 204, headers, body: '', isBase64Encoded: false };
    }

    let tokenRequest: TokenRequest | undefined;
    let grant: Grant | undefined;
    try {
      if (request.method !== 'POST') {
        throw new HttpProblem('method_not_allowed', 'Use POST.', { headers: { Allow: ALLOW } });
      }
      const identity = identifyCaller(request.claims, config, request.api);
      tokenRequest = parseTokenRequest(readJsonBody(request));
      grant = decideGrant(tokenRequest, identity, config);
      const secret = await secrets.get();
      const body = issueToken(grant, issuerFor(secret));

      metrics.addMetric(METRIC.tokensIssued, MetricUnit.Count, 1);
      logWithMetrics(logger, metrics, 'info', 'token issued', {
        requestId,
        outcome: 'issued',
        status: 200,
        ...requestFields(grant, tokenRequest),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });

      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        ...BASE_HEADERS,
      };
      cors(headers);
      return { statusCode: 200, headers, body: JSON.stringify(body), isBase64Encoded: false };
    } catch (error) {
      const problem = toHttpProblem(error);
      const fields = {
        requestId,
        outcome: problem.code,
        status: problem.status,
        detail: problem.message,
        ...requestFields(grant, tokenRequest),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      };
      countRefusal(metrics, problem.code);
      if (problem.expose) logWithMetrics(logger, metrics, 'info', 'request refused', fields);
      else {
        const withCause = { ...fields, error: unexpectedError(problem.cause) };
        logWithMetrics(logger, metrics, 'error', 'request failed', withCause);
      }
      return problemResult(problem, requestId, cors);
    }
  };
}

/**
 * The handler of a function whose configuration is unusable: every request is logged with the
 * configuration problem and answered 500 internal_error, so the fault is visible in logs,
 * metrics and responses instead of an init crash loop behind a bare 502.
 */
export function createMisconfiguredHandler(
  configError: Error,
  logger: Logger = createLogger(),
  metrics: Metrics = createMetrics(),
): TokenHandler {
  const problem = new HttpProblem('internal_error', configError.message, { cause: configError });
  return async function misconfigured(event, context) {
    if (context !== undefined) logger.addContext(context);
    const requestId = requestIdOf(readEvent(event), context);
    countRefusal(metrics, problem.code);
    logWithMetrics(logger, metrics, 'error', 'configuration error', {
      requestId,
      outcome: problem.code,
      status: problem.status,
      detail: configError.message,
    });
    return problemResult(problem, requestId, () => {});
  };
}
