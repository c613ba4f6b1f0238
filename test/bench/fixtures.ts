// Inputs shared by the bench's parts: the function's environment and a REST API (v1) event as
// API Gateway's Cognito User Pools authorizer delivers it. Bench values only, no real secrets.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export const BENCH_CLIENT_ID = 'benchclient0000000000000001';
export const BENCH_SUB = '3f2b6c1e-9a8d-4b7c-8e1f-0a2b3c4d5e6f';
export const BENCH_PUBLISH_GROUP = 'publishers';

/** The function's environment as the stack sets it (no secret value: that comes from a source). */
export const FUNCTION_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'zego-token-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  ZEGO_SECRET_ID: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:zego-bench-AbCdEf',
  ZEGO_USER_ID_CLAIM: 'sub',
  ZEGO_PUBLISH_GROUPS: BENCH_PUBLISH_GROUP,
  ZEGO_DEFAULT_TTL_SECONDS: '3600',
  ZEGO_MAX_TTL_SECONDS: '86400',
  ZEGO_ALLOWED_CLIENT_IDS: BENCH_CLIENT_ID,
  ZEGO_ALLOWED_TOKEN_USE: 'id',
  POWERTOOLS_SERVICE_NAME: 'zego-token-service',
  POWERTOOLS_METRICS_NAMESPACE: 'ZegoTokenService',
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

/** The body a client typically sends: a room, login and publish. */
export const BENCH_REQUEST_BODY = JSON.stringify({
  roomId: 'room-1',
  privileges: { loginRoom: true, publishStream: true },
});

/** POST /token through a REST API with a Cognito User Pools authorizer (claims as strings). */
export function restTokenEvent(body = BENCH_REQUEST_BODY): APIGatewayProxyEvent {
  const now = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: 'Bearer eyJraWQiOiJiZW5jaCJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl',
    'Content-Type': 'application/json',
    Host: 'abc123.execute-api.us-east-1.amazonaws.com',
    'User-Agent': 'zego-token-bench',
    'X-Amzn-Trace-Id': 'Root=1-67891233-abcdef012345678912345678',
    'X-Forwarded-For': '203.0.113.10',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  };
  return {
    resource: '/token',
    path: '/token',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: {
        claims: {
          sub: BENCH_SUB,
          'cognito:groups': BENCH_PUBLISH_GROUP,
          email_verified: 'true',
          iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_BenchPool',
          'cognito:username': 'alice',
          origin_jti: '9c1b3a55-0000-4000-8000-000000000001',
          aud: BENCH_CLIENT_ID,
          event_id: '9c1b3a55-0000-4000-8000-000000000002',
          token_use: 'id',
          auth_time: String(now - 60),
          exp: new Date((now + 3540) * 1000).toUTCString(),
          iat: new Date((now - 60) * 1000).toUTCString(),
          jti: '9c1b3a55-0000-4000-8000-000000000003',
          email: 'alice@example.com',
        },
      },
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      extendedRequestId: 'Bench1234567890=',
      httpMethod: 'POST',
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
        sourceIp: '203.0.113.10',
        user: null,
        userAgent: 'zego-token-bench',
        userArn: null,
      },
      path: '/prod/token',
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '22/Nov/2026:11:00:00 +0000',
      requestTimeEpoch: now * 1000,
      resourceId: 'abc123',
      resourcePath: '/token',
      stage: 'prod',
    },
  };
}

/** A Lambda context like the runtime's (the handler adds it to its log lines). */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'zego-token-bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:zego-token-bench',
    memoryLimitInMB: '256',
    awsRequestId: '3b1c2f4e-0000-4000-8000-000000000000',
    logGroupName: '/aws/lambda/zego-token-bench',
    logStreamName: '2026/11/22/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
