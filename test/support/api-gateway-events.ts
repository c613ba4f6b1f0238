// API Gateway proxy events shaped as API Gateway sends them (per the AWS documentation's
// samples): a REST API (v1) with a Cognito User Pools authorizer, and an HTTP API (v2) with a
// JWT authorizer. Claims are strings in both; cognito:groups is "a,b" in v1 and "[a b]" in v2.
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  Context,
} from 'aws-lambda';

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

function claimsFor(caller: Caller, api: 'rest' | 'http'): Record<string, string> {
  const sub = caller.sub ?? ALICE_SUB;
  const tokenUse = caller.tokenUse ?? 'id';
  const clientId = caller.clientId ?? APP_CLIENT_ID;
  const groups = caller.groups ?? [];
  const restDate = (s: number) => new Date(s * 1000).toUTCString().replace('GMT', 'UTC');
  const time = (s: number) => (api === 'rest' ? restDate(s) : String(s));
  const claims: Record<string, string> = {
    sub,
    iss: POOL_ISSUER,
    origin_jti: 'b1f9a1f0-5a8e-4f5e-9a55-1c1b1a3c0d11',
    event_id: '5c6f9c6a-0a3b-4e5c-8f6e-2a1b3c4d5e6f',
    token_use: tokenUse,
    auth_time: String(EPOCH - 60),
    exp: time(EPOCH + 3600),
    iat: time(EPOCH - 60),
    jti: '0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6',
  };
  if (tokenUse === 'id') {
    Object.assign(claims, {
      aud: clientId,
      'cognito:username': caller.username ?? 'alice',
      email: 'alice@example.com',
      email_verified: 'true',
    });
  } else {
    Object.assign(claims, {
      client_id: clientId,
      username: caller.username ?? 'alice',
      scope: 'aws.cognito.signin.user.admin',
    });
  }
  if (groups.length > 0) {
    claims['cognito:groups'] = api === 'rest' ? groups.join(',') : `[${groups.join(' ')}]`;
  }
  return { ...claims, ...caller.extra };
}

function defaultHeaders(spec: RequestSpec): Record<string, string> {
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
  return { ...headers, ...spec.headers };
}

/** A REST API (v1) proxy event with a Cognito User Pools authorizer. */
export function restEvent(spec: RequestSpec = {}): APIGatewayProxyEvent {
  const method = spec.method ?? 'POST';
  const headers = defaultHeaders(spec);
  const multiValueHeaders = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, [value]]),
  );
  const caller = spec.caller === undefined ? {} : spec.caller;
  return {
    resource: '/token',
    path: '/token',
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourceId: 'x1y2z3',
      resourcePath: '/token',
      httpMethod: method,
      extendedRequestId: 'BQGojGWPDoEFeMQ=',
      requestTime: '22/Nov/2026:11:24:54 +0000',
      path: '/prod/token',
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage: 'prod',
      domainPrefix: 'a1b2c3d4e5',
      requestTimeEpoch: EPOCH * 1000,
      requestId: spec.requestId ?? 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: '203.0.113.10',
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: 'okhttp/4.12.0',
        user: null,
        apiKey: null,
        apiKeyId: null,
        clientCert: null,
      },
      domainName: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
      apiId: 'a1b2c3d4e5',
      authorizer: caller === null ? null : { claims: claimsFor(caller, 'rest') },
    },
    body: spec.body ?? null,
    isBase64Encoded: spec.isBase64Encoded ?? false,
  } as APIGatewayProxyEvent;
}

/** An HTTP API (v2) event with a JWT authorizer. */
export function httpApiEvent(spec: RequestSpec = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const method = spec.method ?? 'POST';
  const headers = Object.fromEntries(
    Object.entries(defaultHeaders(spec)).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const caller = spec.caller === undefined ? {} : spec.caller;
  const event = {
    version: '2.0',
    routeKey: 'POST /token',
    rawPath: '/token',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'k9l8m7n6o5',
      domainName: 'k9l8m7n6o5.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'k9l8m7n6o5',
      http: {
        method,
        path: '/token',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.10',
        userAgent: 'okhttp/4.12.0',
      },
      requestId: spec.requestId ?? 'Jk3xYgEXoAMEb2A=',
      routeKey: 'POST /token',
      stage: '$default',
      time: '22/Nov/2026:11:24:54 +0000',
      timeEpoch: EPOCH * 1000,
      ...(caller === null
        ? {}
        : {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: {
                claims: claimsFor(caller, 'http'),
                scopes: caller.tokenUse === 'access' ? ['aws.cognito.signin.user.admin'] : null,
              },
            },
          }),
    },
    isBase64Encoded: spec.isBase64Encoded ?? false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  if (spec.body !== undefined && spec.body !== null) event.body = spec.body;
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
