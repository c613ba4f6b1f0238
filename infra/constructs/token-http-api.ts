import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogField } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PREFLIGHT } from '../../functions/contract/token-api.ts';
import { accessLogFormat } from './access-log.ts';

export interface CognitoJwtAuthorizerOptions {
  /** The authorizer's construct ID (it is created in the HTTP API's scope). */
  readonly id: string;
  readonly authorizerName: string;
  readonly userPoolId: string;
  /** Accepted `aud` (ID tokens) / `client_id` (access tokens) values: the app client(s). */
  readonly audience: readonly string[];
}

/** A JWT authorizer that accepts the user pool's tokens for the given app clients. */
export function cognitoJwtAuthorizer(
  scope: Construct,
  options: CognitoJwtAuthorizerOptions,
): HttpJwtAuthorizer {
  const stack = Stack.of(scope);
  return new HttpJwtAuthorizer(
    options.id,
    `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${options.userPoolId}`,
    {
      authorizerName: options.authorizerName,
      jwtAudience: [...options.audience],
      identitySource: ['$request.header.Authorization'],
    },
  );
}

export interface TokenHttpApiProps {
  readonly handler: IFunction;
  /** The user pool whose tokens the JWT authorizer accepts (its issuer). */
  readonly userPoolId: string;
  /** Accepted `aud` (ID tokens) / `client_id` (access tokens) values: the app client(s). */
  readonly audience: readonly string[];
  readonly apiName: string;
  readonly stageName: string;
  /** Empty: no CORS configuration. */
  readonly corsOrigins: readonly string[];
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  readonly logRetention: RetentionDays;
  /** The access log group on `cdk destroy`; default RETAIN (an audit trail). */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The HTTP API (v2) option (`-c apiType=http`): `POST /token` behind a JWT authorizer on the
 * Cognito user pool, a stage with throttling and JSON access logs, optional CORS. Cheaper and
 * faster than the REST API, without WAF, request model validation or custom gateway responses
 * (the function validates the body and answers problem+json itself).
 */
export class TokenHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** Base URL of the stage, ending in "/". */
  readonly url: string;
  readonly tokenEndpoint: string;

  constructor(scope: Construct, id: string, props: TokenHttpApiProps) {
    super(scope, id);

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    const origins = props.corsOrigins;
    this.api = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'ZEGOCLOUD token service: POST /token issues a Token04 for the signed-in user',
      createDefaultStage: false,
      corsPreflight:
        origins.length === 0
          ? undefined
          : {
              allowOrigins: [...origins],
              allowMethods: [CorsHttpMethod.POST],
              allowHeaders: ['authorization', 'content-type'],
              exposeHeaders: ['retry-after'],
              maxAge: Duration.seconds(PREFLIGHT.maxAgeSeconds),
            },
    });

    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: props.stageName,
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRateLimit, burstLimit: props.throttleBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: accessLogFormat(
          { routeKey: '$context.routeKey' },
          {
            errorMessage: AccessLogField.contextErrorMessage(),
            authorizerError: '$context.authorizer.error',
          },
        ),
      },
    });

    const authorizer = cognitoJwtAuthorizer(this, {
      id: 'CognitoJwt',
      authorizerName: 'cognito-user-pool',
      userPoolId: props.userPoolId,
      audience: props.audience,
    });

    this.api.addRoutes({
      path: '/token',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Token', props.handler),
      authorizer,
    });

    // HttpStage.url has no trailing slash; the REST API's url has one, and the outputs match.
    this.url = `${this.stage.url}/`;
    this.tokenEndpoint = `${this.stage.url}/token`;
  }
}
