// The answers the local gateway gives itself, before or instead of the function: gateway errors
// (as the deployed stack customises them, or API Gateway's defaults on request) and the CORS
// preflight. Statuses, codes and texts come from the contract (functions/contract/problems.ts).
import type { ServerResponse } from 'node:http';
import {
  GATEWAY_ERRORS,
  GATEWAY_RESPONSES,
  type GatewayErrorKind,
  gatewayResponseStatus,
  PROBLEMS,
  problemType,
} from '#contract/problems.ts';
import { PREFLIGHT } from '#contract/token-api.ts';

export type GatewayResponseStyle = 'service' | 'aws-default';

export interface GatewayErrorOptions {
  style: GatewayResponseStyle;
  requestId: string;
  origin: string | undefined;
  corsOrigins: readonly string[];
  /** The authorizer refused an expired token (API Gateway's default message says so). */
  expired?: boolean;
  /** Why, where API Gateway says it (the validator's message for BAD_REQUEST_BODY). */
  why?: string;
}

export function sendGatewayError(
  res: ServerResponse,
  kind: GatewayErrorKind,
  options: GatewayErrorOptions,
): void {
  const spec: (typeof GATEWAY_ERRORS)[GatewayErrorKind] = GATEWAY_ERRORS[kind];
  const response = GATEWAY_RESPONSES[spec.response];
  const status =
    options.style === 'aws-default' && 'defaultStatus' in spec ? spec.defaultStatus : spec.status;
  let text: string;
  res.statusCode = status;
  if (options.style === 'service') {
    // Same document as the stack's gateway response template; DEFAULT_* families omit status.
    const why = response.why !== undefined && options.why !== undefined ? `: ${options.why}` : '';
    text = JSON.stringify({
      type: problemType(response.code),
      title: PROBLEMS[response.code].title,
      ...(gatewayResponseStatus(response) === undefined ? {} : { status }),
      detail: `${response.detail}${why}`,
      code: response.code,
      requestId: options.requestId,
    });
    res.setHeader('Content-Type', 'application/problem+json');
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
    for (const [name, value] of Object.entries(
      gatewayCorsHeaders(options.origin, options.corsOrigins),
    )) {
      res.setHeader(name, value);
    }
  } else {
    const message = options.expired ? 'The incoming token has expired' : spec.message;
    text = JSON.stringify({ message });
    res.setHeader('Content-Type', 'application/json');
  }
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('x-amzn-RequestId', options.requestId);
  res.setHeader('x-amzn-ErrorType', spec.errorType);
  res.end(text);
}

/** CORS preflight as CDK's defaultCorsPreflightOptions (mock integration, 204) answers it. */
export function sendPreflight(
  res: ServerResponse,
  requestId: string,
  origin: string | undefined,
  corsOrigins: readonly string[],
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
 * the request's Origin echoed with Vary: Origin. Browser code may read Retry-After (429, 503).
 */
function gatewayCorsHeaders(
  origin: string | undefined,
  corsOrigins: readonly string[],
): Record<string, string> {
  if (corsOrigins.length === 0) return {};
  const expose = { 'Access-Control-Expose-Headers': 'Retry-After' };
  if (corsOrigins.length === 1) {
    return { 'Access-Control-Allow-Origin': corsOrigins[0] as string, ...expose };
  }
  return origin
    ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', ...expose }
    : { Vary: 'Origin', ...expose };
}
