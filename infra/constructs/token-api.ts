import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  EndpointType,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  type Resource,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { accessLogFormat } from './access-log.ts';
import { acknowledgeFinding } from './acknowledge.ts';
import { addProblemGatewayResponses, addTokenRoute } from './token-route.ts';

export interface TokenApiProps {
  readonly handler: IFunction;
  readonly userPool: IUserPool;
  /** The API's name; default its construct ID. */
  readonly restApiName?: string;
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
      restApiName: props.restApiName,
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
    // Users take the URL from ZegoTokenService.tokenUrl (the stack's ApiUrl/TokenEndpoint
    // outputs): drop RestApi's auto-named output.
    api.node.tryRemoveChild('Endpoint');
    this.api = api;

    addProblemGatewayResponses(api, api, props.corsOrigins, false);
    const route = addTokenRoute({
      restApi: api,
      parent: api.root,
      handler: props.handler,
      userPool: props.userPool,
      corsOrigins: props.corsOrigins,
      authorizerScope: this,
      modelScope: api,
      modelName: 'TokenRequest',
    });
    this.tokenResource = route.resource;
    this.tokenMethod = route.method;

    const cloudWatchRole = api.node.tryFindChild('CloudWatchRole');
    if (props.cloudWatchRole && cloudWatchRole !== undefined) {
      acknowledgeFinding(
        cloudWatchRole,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        'The account-level role API Gateway uses to write execution and access logs; the AWS ' +
          'managed policy is the documented one for it and is assumable by API Gateway only. ' +
          'Set apiGatewayCloudWatchRole=false when the account already has one.',
      );
    }
  }
}
