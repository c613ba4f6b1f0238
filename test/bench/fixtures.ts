// Inputs shared by the bench's parts: the function's environment and a REST API (v1) event as
// API Gateway's Cognito User Pools authorizer delivers it. Bench values only, no real secrets.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { lambdaContext, restEvent } from '../support/api-gateway-events.ts';

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
  return restEvent({
    body,
    caller: { sub: BENCH_SUB, groups: [BENCH_PUBLISH_GROUP], clientId: BENCH_CLIENT_ID },
  });
}

export { lambdaContext };
