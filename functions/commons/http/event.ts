// Normalizes the two API Gateway proxy event kinds into one request view, and defines the
// result both kinds accept. Defensive throughout: a field of the wrong type reads as absent.
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';

/** REST API (v1 proxy, Cognito User Pools authorizer) or HTTP API (v2, JWT authorizer). */
export type ApiGatewayEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2WithJWTAuthorizer;

/** A result both API kinds take as it is. */
export type ApiGatewayResult = APIGatewayProxyResult &
  APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

export interface HttpRequestView {
  api: 'rest' | 'http';
  /** Upper-case HTTP method; "" when the event carries none. */
  method: string;
  /** A header's value by its lower-case name, whatever its case in the event (first value wins). */
  header(name: string): string | undefined;
  /** The body as API Gateway delivered it (possibly base64). */
  body: string | undefined;
  isBase64Encoded: boolean;
  /** API Gateway's request ID (also in its access logs and the client's x-amzn-requestid). */
  requestId: string | undefined;
  /** The authorizer's verified claims; undefined when there are none. */
  claims: Readonly<Record<string, unknown>> | undefined;
}

type Loose = Record<string, unknown>;

function record(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Loose)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** First string value of a header in a name → value(s) map, matching the name in any case. */
function findHeader(headers: Loose | undefined, lowerName: string): unknown {
  if (headers === undefined) return undefined;
  const exact = headers[lowerName];
  if (exact !== undefined) return exact;
  for (const name of Object.keys(headers)) {
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) return headers[name];
  }
  return undefined;
}

function headerReader(single: Loose | undefined, multi: Loose | undefined) {
  return (lowerName: string): string | undefined => {
    const value = findHeader(single, lowerName);
    if (typeof value === 'string') return value;
    const values = findHeader(multi, lowerName);
    return Array.isArray(values) && typeof values[0] === 'string' ? values[0] : undefined;
  };
}

export function readEvent(event: unknown): HttpRequestView {
  const e = record(event) ?? {};
  const context = record(e.requestContext) ?? {};
  const authorizer = record(context.authorizer);
  const http = record(context.http);
  const isHttpApi = e.version === '2.0' || http !== undefined;

  const method = (isHttpApi ? text(http?.method) : text(e.httpMethod)) ?? '';
  const claims = record(isHttpApi ? record(authorizer?.jwt)?.claims : authorizer?.claims);
  const body = text(e.body);

  return {
    api: isHttpApi ? 'http' : 'rest',
    method: method.toUpperCase(),
    header: headerReader(record(e.headers), isHttpApi ? undefined : record(e.multiValueHeaders)),
    body,
    isBase64Encoded: e.isBase64Encoded === true,
    requestId: text(context.requestId),
    claims: claims !== undefined && Object.keys(claims).length > 0 ? claims : undefined,
  };
}
