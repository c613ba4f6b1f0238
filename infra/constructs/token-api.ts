import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  Cors,
  EndpointType,
  type JsonSchema,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  type Resource,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  GATEWAY_RESPONSES,
  type GatewayResponse,
  type GatewayResponseName,
  gatewayResponseStatus,
  PROBLEMS,
  problemType,
} from '#contract/problems.ts';
import { type RequestModelSchema, TOKEN_REQUEST_MODEL } from '#contract/request-model.ts';
import { PREFLIGHT } from '#contract/token-api.ts';
import { accessLogFormat } from './access-log.ts';

export interface TokenApiProps {
  readonly handler: IFunction;
  readonly userPool: IUserPool;
  readonly stageName: string;
  /** Empty: no CORS preflight and no CORS headers on gateway responses. */
  readonly corsOrigins: readonly string[];
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  readonly logRetention: RetentionDays;
  /** The access log group on `cdk destroy`; default RETAIN (an audit trail). */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Create the account-level role API Gateway needs to write CloudWatch logs. */
  readonly cloudWatchRole: boolean;
}

/** What API Gateway says about why, as a gateway response template variable. */
const WHY_VARIABLES = { validation: '$context.error.validationErrorString' } as const;

/**
 * Body template with only $context substitutions (gateway response templates are not VTL).
 * DEFAULT_4XX/5XX cover several statuses, so their body leaves `status` out (it is optional in
 * RFC 9457; the HTTP status line carries it). A BAD_REQUEST_BODY detail ends with the
 * validator's message, so a 400 says what to fix.
 */
function problemTemplate(response: GatewayResponse): string {
  const status = gatewayResponseStatus(response);
  const statusField = status === undefined ? '' : `,"status":${status}`;
  const detail = JSON.stringify(response.detail).slice(0, -1);
  const why = response.why === undefined ? '' : `: ${WHY_VARIABLES[response.why]}`;
  return (
    `{"type":${JSON.stringify(problemType(response.code))},` +
    `"title":${JSON.stringify(PROBLEMS[response.code].title)}${statusField},` +
    `"detail":${detail}${why}","code":${JSON.stringify(response.code)},` +
    '"requestId":"$context.requestId"}'
  );
}

/** The contract's request model in CDK's spelling (`schema` for `$schema`), keys in order. */
function cdkJsonSchema(model: RequestModelSchema): JsonSchema {
  const entries = Object.entries(model).map(([key, value]) => {
    if (key === '$schema') return ['schema', value];
    if (key === 'items') return [key, cdkJsonSchema(value as RequestModelSchema)];
    if (key === 'properties') {
      const properties = Object.entries(value as Record<string, RequestModelSchema>);
      return [key, Object.fromEntries(properties.map(([name, sub]) => [name, cdkJsonSchema(sub)]))];
    }
    return [key, value];
  });
  return Object.fromEntries(entries) as JsonSchema;
}

/** Header values in gateway responses are literals in single quotes or request mappings. */
function literal(value: string): string {
  return `'${value}'`;
}

/**
 * CORS headers for gateway responses. One origin (or *) is a literal. Several origins cannot be
 * chosen between in a gateway response, so the request's Origin is echoed (with Vary: Origin):
 * these bodies are fixed error documents with no data, and the API uses bearer tokens, not
 * cookies, so echoing exposes nothing. Successful responses come from the function, which only
 * allows the configured origins.
 */
function corsHeaders(origins: readonly string[]): Record<string, string> {
  if (origins.length === 0) return {};
  // Like the function's responses: let browser code read Retry-After (429, 503).
  const expose = { 'Access-Control-Expose-Headers': literal('Retry-After') };
  if (origins.length === 1) {
    return { 'Access-Control-Allow-Origin': literal(origins[0] as string), ...expose };
  }
  return {
    'Access-Control-Allow-Origin': 'method.request.header.Origin',
    Vary: literal('Origin'),
    ...expose,
  };
}

/**
 * The REST API: `POST /token` behind a Cognito user pools authorizer, with a JSON-schema request
 * validator, stage throttling, JSON access logs, X-Ray tracing, optional CORS, and problem+json
 * gateway responses.
 */
export class TokenApi extends Construct {
  readonly api: RestApi;
  readonly accessLogs: LogGroup;
  readonly tokenResource: Resource;
  readonly tokenMethod: Method;

  constructor(scope: Construct, id: string, props: TokenApiProps) {
    super(scope, id);

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    const api = new RestApi(this, 'Api', {
      description: 'ZEGOCLOUD token service: POST /token issues a Token04 for the signed-in user',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: props.cloudWatchRole,
      // The account-level logging role is shared by every API in the account and region: keep it.
      cloudWatchRoleRemovalPolicy: props.cloudWatchRole ? RemovalPolicy.RETAIN : undefined,
      deployOptions: {
        stageName: props.stageName,
        throttlingRateLimit: props.throttleRateLimit,
        throttlingBurstLimit: props.throttleBurstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        // Execution logs for errors only; never data traces (they would log issued tokens).
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: accessLogFormat(
          { resourcePath: AccessLogField.contextResourcePath() },
          {
            errorType: AccessLogField.contextErrorResponseType(),
            errorMessage: AccessLogField.contextErrorMessage(),
            wafStatus: AccessLogField.contextWafResponseCode(),
            xrayTraceId: AccessLogField.contextXrayTraceId(),
          },
        ),
      },
    });
    // The stack exports the URL as ApiUrl/TokenEndpoint; drop RestApi's auto-named duplicate.
    api.node.tryRemoveChild('Endpoint');
    this.api = api;

    const cors = corsHeaders(props.corsOrigins);
    for (const [name, response] of Object.entries(GATEWAY_RESPONSES) as [
      GatewayResponseName,
      GatewayResponse,
    ][]) {
      const status = gatewayResponseStatus(response);
      api.addGatewayResponse(`Gateway${name}`, {
        type: ResponseType.of(name),
        statusCode: status === undefined ? undefined : String(status),
        responseHeaders: {
          'Content-Type': literal('application/problem+json'),
          'Cache-Control': literal('no-store'),
          ...Object.fromEntries(
            Object.entries(response.headers ?? {}).map(([name, value]) => [name, literal(value)]),
          ),
          ...cors,
        },
        templates: { 'application/json': problemTemplate(response) },
      });
    }

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      identitySource: 'method.request.header.Authorization',
      resultsCacheTtl: Duration.minutes(5),
    });

    const model = api.addModel('TokenRequestModel', {
      contentType: 'application/json',
      modelName: 'TokenRequest',
      description: 'Body of POST /token',
      schema: cdkJsonSchema(TOKEN_REQUEST_MODEL),
    });
    // Parameters: the method declares none as required (the authorizer checks Authorization and
    // answers 401 itself), so parameter validation is on but has nothing to refuse.
    const validator = api.addRequestValidator('RequestValidator', {
      requestValidatorName: 'token-request',
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    this.tokenResource = api.root.addResource('token', {
      defaultCorsPreflightOptions:
        props.corsOrigins.length === 0
          ? undefined
          : {
              allowOrigins: props.corsOrigins.includes('*')
                ? Cors.ALL_ORIGINS
                : [...props.corsOrigins],
              allowMethods: [...PREFLIGHT.methods],
              allowHeaders: [...PREFLIGHT.headers],
              maxAge: Duration.seconds(PREFLIGHT.maxAgeSeconds),
              statusCode: 204,
            },
    });

    this.tokenMethod = this.tokenResource.addMethod(
      'POST',
      new LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false }),
      {
        authorizer,
        authorizationType: AuthorizationType.COGNITO,
        requestValidator: validator,
        requestModels: { 'application/json': model },
      },
    );

    // The CORS preflight (OPTIONS, mock integration, 204 with Access-Control-* headers) has no
    // authorizer by necessity: browsers never send Authorization on a preflight. cdk-nag's APIG4
    // and COG4 recognise such a preflight and do not flag it.
  }
}
