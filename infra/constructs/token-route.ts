// POST /token on a REST API, and the API-wide problem+json gateway responses: written once for the
// API the service creates (token-api.ts) and for an API a team already has (zego-token-service.ts).
import { Duration } from 'aws-cdk-lib';
import {
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  Cors,
  GatewayResponse as GatewayResponseResource,
  type IResource,
  type IRestApi,
  type JsonSchema,
  LambdaIntegration,
  type Method,
  Model,
  RequestValidator,
  type Resource,
  ResponseType,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import {
  GATEWAY_RESPONSES,
  type GatewayResponse,
  type GatewayResponseName,
  gatewayResponseStatus,
  PROBLEMS,
  problemType,
} from '../../functions/contract/problems.ts';
import {
  type RequestModelSchema,
  TOKEN_REQUEST_MODEL,
} from '../../functions/contract/request-model.ts';
import { PREFLIGHT } from '../../functions/contract/token-api.ts';

/** What API Gateway says about why, as a gateway response template variable. */
const WHY_VARIABLES = { validation: '$context.error.validationErrorString' } as const;

/**
 * Body template with only $context substitutions (gateway response templates are not VTL).
 * DEFAULT_4XX/5XX cover several statuses, so their body leaves `status` out (it is optional in
 * RFC 9457; the HTTP status line carries it). A BAD_REQUEST_BODY detail ends with the
 * validator's message, so a 400 says what to fix.
 */
function problemTemplate(response: GatewayResponse, sharedApi: boolean): string {
  const status = gatewayResponseStatus(response);
  const statusField = status === undefined ? '' : `,"status":${status}`;
  const text = sharedApi ? (response.sharedApiDetail ?? response.detail) : response.detail;
  const detail = JSON.stringify(text).slice(0, -1);
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
 * The API's gateway responses (authorizer, validator, throttling and default errors) as
 * problem+json with the contract's codes, CORS headers for the given origins. API-wide: every
 * route of the API answers its gateway errors this way, so on a team's API (`sharedApi`) the
 * details speak of any route. Created in `scope` as `Gateway<TYPE>`.
 */
export function addProblemGatewayResponses(
  scope: Construct,
  restApi: IRestApi,
  corsOrigins: readonly string[],
  sharedApi: boolean,
): void {
  const cors = corsHeaders(corsOrigins);
  for (const [name, response] of Object.entries(GATEWAY_RESPONSES) as [
    GatewayResponseName,
    GatewayResponse,
  ][]) {
    const status = gatewayResponseStatus(response);
    new GatewayResponseResource(scope, `Gateway${name}`, {
      restApi,
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
      templates: { 'application/json': problemTemplate(response, sharedApi) },
    });
  }
}

export interface TokenRouteProps {
  readonly restApi: IRestApi;
  /** The resource `token` is added under (the API's root, or a resource of the team's). */
  readonly parent: IResource;
  readonly handler: IFunction;
  readonly userPool: IUserPool;
  /** Empty: no CORS preflight. */
  readonly corsOrigins: readonly string[];
  /** Where the authorizer is created. */
  readonly authorizerScope: Construct;
  /** Where the request model and validator are created. */
  readonly modelScope: Construct;
  /** The model's name in the API (unique per API); undefined: CloudFormation names it. */
  readonly modelName?: string;
}

export interface TokenRoute {
  readonly resource: Resource;
  readonly method: Method;
}

/**
 * `POST <parent>/token` behind a Cognito user pools authorizer on the pool, its body validated
 * against the contract's JSON-schema model, and (with origins) a CORS preflight.
 */
export function addTokenRoute(props: TokenRouteProps): TokenRoute {
  const { restApi, corsOrigins } = props;
  const authorizer = new CognitoUserPoolsAuthorizer(props.authorizerScope, 'Authorizer', {
    cognitoUserPools: [props.userPool],
    identitySource: 'method.request.header.Authorization',
    resultsCacheTtl: Duration.minutes(5),
  });

  const model = new Model(props.modelScope, 'TokenRequestModel', {
    restApi,
    contentType: 'application/json',
    modelName: props.modelName,
    description: 'Body of POST /token',
    schema: cdkJsonSchema(TOKEN_REQUEST_MODEL),
  });
  // Parameters: the method declares none as required (the authorizer checks Authorization and
  // answers 401 itself), so parameter validation is on but has nothing to refuse.
  const validator = new RequestValidator(props.modelScope, 'RequestValidator', {
    restApi,
    requestValidatorName: 'token-request',
    validateRequestBody: true,
    validateRequestParameters: true,
  });

  const resource = props.parent.addResource('token', {
    defaultCorsPreflightOptions:
      corsOrigins.length === 0
        ? undefined
        : {
            allowOrigins: corsOrigins.includes('*') ? Cors.ALL_ORIGINS : [...corsOrigins],
            allowMethods: [...PREFLIGHT.methods],
            allowHeaders: [...PREFLIGHT.headers],
            maxAge: Duration.seconds(PREFLIGHT.maxAgeSeconds),
            statusCode: 204,
          },
  });

  const method = resource.addMethod(
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
  return { resource, method };
}
