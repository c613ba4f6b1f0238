import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';

/**
 * A stage's access log line, one JSON object per request, shared by the REST and HTTP APIs: the
 * request, caller, status and latencies, and who called (`sub`, app client). Never a token, body
 * or Authorization header. `route` names the route in the API type's own words; `extra` adds the
 * API type's own error fields.
 */
export function accessLogFormat(
  route: Record<string, string>,
  extra: Record<string, string>,
): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      extendedRequestId: AccessLogField.contextExtendedRequestId(),
      requestTime: AccessLogField.contextRequestTime(),
      requestTimeEpoch: AccessLogField.contextRequestTimeEpoch(),
      sourceIp: AccessLogField.contextIdentitySourceIp(),
      userAgent: AccessLogField.contextIdentityUserAgent(),
      httpMethod: AccessLogField.contextHttpMethod(),
      ...route,
      protocol: AccessLogField.contextProtocol(),
      status: AccessLogField.contextStatus(),
      responseLength: AccessLogField.contextResponseLength(),
      responseLatency: AccessLogField.contextResponseLatency(),
      integrationLatency: AccessLogField.contextIntegrationLatency(),
      integrationStatus: AccessLogField.contextIntegrationStatus(),
      sub: AccessLogField.contextAuthorizerClaims('sub'),
      clientId: AccessLogField.contextAuthorizerClaims('aud'),
      ...extra,
    }),
  );
}
