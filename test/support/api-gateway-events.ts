// Fixed API Gateway proxy events for the handler tests, built by the shared builders
// (functions/invoke/api-gateway-events.ts): a REST API (v1) with a Cognito User Pools authorizer,
// and an HTTP API (v2) with a JWT authorizer, for the caller alice unless told otherwise.
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  Context,
} from 'aws-lambda';
import {
  type ApiKind,
  cognitoTokenClaims,
  encodeClaims,
  type GatewayRequest,
  restProxyEvent,
  httpApiEvent as sharedHttpApiEvent,
} from '#invoke/api-gateway-events.ts';

export const POOL_ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E';
export const APP_CLIENT_ID = '4o0ad3jqmvd6ndm0pd0e3fks1c';
export const ALICE_SUB = '3f2a9c1e-7b4d-4e8a-9c2f-1d5e6a7b8c9d';
export const ALICE_USER_ID = '3f2a9c1e7b4d4e8a9c2f1d5e6a7b8c9d';

export interface Caller {
  sub?: string;
  username?: string;
  groups?: string[];
  tokenUse?: 'id' | 'access';
  clientId?: string;
  /** Extra or replacing claims (string values, as API Gateway passes them). */
  extra?: Record<string, string>;
}

export interface RequestSpec {
  method?: string;
  body?: string | null;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
  /** undefined: the default caller (alice); null: no authorizer claims at all. */
  caller?: Caller | null;
  requestId?: string;
}

const EPOCH = 1_795_344_294;

function claimsFor(caller: Caller, api: ApiKind): Record<string, string> {
  const claims = cognitoTokenClaims({
    sub: caller.sub ?? ALICE_SUB,
    username: caller.username ?? 'alice',
    groups: caller.groups ?? [],
    tokenUse: caller.tokenUse ?? 'id',
    clientId: caller.clientId ?? APP_CLIENT_ID,
    issuer: POOL_ISSUER,
    email: 'alice@example.com',
    authTime: EPOCH - 60,
    ids: {
      originJti: 'b1f9a1f0-5a8e-4f5e-9a55-1c1b1a3c0d11',
      eventId: '5c6f9c6a-0a3b-4e5c-8f6e-2a1b3c4d5e6f',
      jti: '0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6',
    },
  });
  return { ...encodeClaims(claims, api), ...caller.extra };
}

function headersOf(spec: RequestSpec): [string, string][] {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: 'Bearer eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl',
    Host: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
    'User-Agent': 'okhttp/4.12.0',
    'X-Amzn-Trace-Id': 'Root=1-6740a1b2-0123456789abcdef01234567',
    'X-Forwarded-For': '203.0.113.10',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  };
  if (spec.body !== undefined && spec.body !== null && spec.body !== '') {
    headers['Content-Type'] = 'application/json';
  }
  // A header given in the spec replaces the default of the same name, whatever its case.
  const given = new Set(Object.keys(spec.headers ?? {}).map((name) => name.toLowerCase()));
  const defaults = Object.entries(headers).filter(([name]) => !given.has(name.toLowerCase()));
  return [...defaults, ...Object.entries(spec.headers ?? {})];
}

function gatewayRequest(spec: RequestSpec, api: ApiKind, apiId: string): GatewayRequest {
  const caller = spec.caller === undefined ? {} : spec.caller;
  return {
    method: spec.method ?? 'POST',
    resource: '/token',
    stage: api === 'rest' ? 'prod' : '$default',
    headers: headersOf(spec),
    body: spec.body ?? null,
    requestId:
      spec.requestId ??
      (api === 'rest' ? 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' : 'Jk3xYgEXoAMEb2A='),
    extendedRequestId: 'BQGojGWPDoEFeMQ=',
    time: new Date(EPOCH * 1000),
    sourceIp: '203.0.113.10',
    domainName: `${apiId}.execute-api.eu-west-1.amazonaws.com`,
    apiId,
    accountId: '123456789012',
    protocol: 'HTTP/1.1',
    claims: caller === null ? null : claimsFor(caller, api),
    scopes: caller?.tokenUse === 'access' ? ['aws.cognito.signin.user.admin'] : null,
  };
}

/** A REST API (v1) proxy event with a Cognito User Pools authorizer. */
export function restEvent(spec: RequestSpec = {}): APIGatewayProxyEvent {
  const event = restProxyEvent(gatewayRequest(spec, 'rest', 'a1b2c3d4e5'));
  if (spec.isBase64Encoded !== undefined) event.isBase64Encoded = spec.isBase64Encoded;
  return event;
}

/** An HTTP API (v2) event with a JWT authorizer. */
export function httpApiEvent(spec: RequestSpec = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const event = sharedHttpApiEvent(gatewayRequest(spec, 'http', 'k9l8m7n6o5'));
  if (spec.isBase64Encoded !== undefined) event.isBase64Encoded = spec.isBase64Encoded;
  return event;
}

export function lambdaContext(awsRequestId = '8f5c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'zego-token',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:zego-token',
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: '/aws/lambda/zego-token',
    logStreamName: '2026/11/22/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
