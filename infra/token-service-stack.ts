import { CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { Alias, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LIVE_ALIAS, METRICS_NAMESPACE, SERVICE_NAME } from '#contract/service.ts';
import type { TokenServiceConfig } from './config.ts';
import { RateLimitWaf } from './constructs/rate-limit-waf.ts';
import { TokenAlarms } from './constructs/token-alarms.ts';
import { TokenApi } from './constructs/token-api.ts';
import { TokenDashboard } from './constructs/token-dashboard.ts';
import { TokenFunction } from './constructs/token-function.ts';
import { TokenHttpApi } from './constructs/token-http-api.ts';
import type { ApiStageMetrics, TokenMetricSource } from './constructs/token-metrics.ts';
import { TokenUserPool } from './constructs/token-user-pool.ts';
import { ZegoSecret } from './constructs/zego-secret.ts';
import { type DeployOptions, defaultTags } from './deploy-options.ts';
import { acknowledgeFinding } from './nag.ts';

export interface TokenServiceStackProps extends StackProps {
  readonly config: TokenServiceConfig;
  readonly deploy: DeployOptions;
}

/**
 * The ZEGOCLOUD token service: API Gateway (Cognito authorizer) → Lambda → Secrets Manager.
 * Environment-agnostic: deploys to the account and region of the CLI's credentials. The API is a
 * REST API (default) or an HTTP API (`apiType=http`); both export the same outputs.
 */
export class TokenServiceStack extends Stack {
  readonly tokenFunction: TokenFunction;
  /** The REST API, or undefined with apiType=http. */
  readonly tokenApi: TokenApi | undefined;
  /** The HTTP API, or undefined with apiType=rest. */
  readonly tokenHttpApi: TokenHttpApi | undefined;
  /** The `live` alias with provisioned concurrency (provisionedConcurrency), which the API calls. */
  readonly liveAlias: Alias | undefined;
  readonly dashboard: TokenDashboard;
  readonly userPool: TokenUserPool;
  readonly zegoSecret: ZegoSecret;

  constructor(scope: Construct, id: string, props: TokenServiceStackProps) {
    const { config, deploy, ...stackProps } = props;
    const tags = { ...deploy.tags, ...defaultTags(deploy.stage) };
    super(scope, id, {
      description: 'ZEGOCLOUD token service: API Gateway + Cognito + Lambda + Secrets Manager',
      // Stack-level tags (cdk.json sets @aws-cdk/core:explicitStackTags) ...
      tags,
      ...stackProps,
    });
    // ... and every taggable resource in it.
    for (const [key, value] of Object.entries(tags)) Tags.of(this).add(key, value);
    const logRetention = config.logRetentionDays as RetentionDays;
    // Log groups outlive the stack unless asked (-c logRemoval=destroy): an audit trail of who
    // was issued tokens stays readable after `cdk destroy`, until its retention runs out.
    const logRemovalPolicy =
      config.logRemoval === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    // Two stages in one account must not mix their metrics: the stage is in the service name.
    const metricSource: TokenMetricSource = {
      namespace: METRICS_NAMESPACE,
      serviceName: deploy.stage === undefined ? SERVICE_NAME : `${SERVICE_NAME}-${deploy.stage}`,
    };

    this.userPool = new TokenUserPool(this, 'Users', {
      config: config.userPool,
      groups: config.policy.publishGroups,
      userIdClaim: config.policy.userIdClaim,
      userIdMaxBytes: config.policy.userIdMaxBytes,
    });
    this.zegoSecret = new ZegoSecret(this, 'ZegoSecret', {
      config: config.secret,
      kmsKeyArn: config.secretKmsKeyArn,
    });

    const allowedClientIds =
      config.policy.allowedClientIds.length > 0
        ? config.policy.allowedClientIds
        : [this.userPool.clientId];

    this.tokenFunction = new TokenFunction(this, 'TokenFunction', {
      description: 'Issues ZEGOCLOUD tokens to signed-in Cognito users',
      memorySize: config.memorySizeMb,
      reservedConcurrentExecutions: config.reservedConcurrency,
      logRetention,
      logRemovalPolicy,
      logLevel: config.logLevel,
      sourceMaps: config.sourceMaps,
      serviceName: metricSource.serviceName,
      metricsNamespace: metricSource.namespace,
    })
      .readZegoSecret(this.zegoSecret.binding)
      .enforceTokenPolicy(config.policy, allowedClientIds)
      .allowCorsOrigins(config.corsOrigins);

    // A secret imported by name is granted as "<name>-??????" (Secrets Manager's random 6-character
    // ARN suffix is unknown at synth time). "?" matches exactly one character and cdk-nag's IAM5
    // only flags "*", so nothing is acknowledged; secretArn names the ARN exactly.

    this.liveAlias =
      deploy.provisionedConcurrency === undefined
        ? undefined
        : new Alias(this, 'LiveAlias', {
            aliasName: LIVE_ALIAS,
            version: this.tokenFunction.currentVersion,
            provisionedConcurrentExecutions: deploy.provisionedConcurrency,
            description: 'Version the API invokes, with provisioned concurrency (no cold starts)',
          });
    const invoked: IFunction = this.liveAlias ?? this.tokenFunction;

    let stage: ApiStageMetrics;
    let api: { url: string; tokenEndpoint: string; accessLogGroupName: string };
    if (deploy.apiType === 'http') {
      this.tokenApi = undefined;
      this.tokenHttpApi = new TokenHttpApi(this, 'TokenHttpApi', {
        handler: invoked,
        userPoolId: this.userPool.userPoolId,
        audience: allowedClientIds,
        apiName: config.stackName,
        stageName: config.stageName,
        corsOrigins: config.corsOrigins,
        throttleRateLimit: config.throttleRateLimit,
        throttleBurstLimit: config.throttleBurstLimit,
        logRetention,
        logRemovalPolicy,
      });
      stage = this.tokenHttpApi.stage;
      api = {
        url: this.tokenHttpApi.url,
        tokenEndpoint: this.tokenHttpApi.tokenEndpoint,
        accessLogGroupName: this.tokenHttpApi.accessLogs.logGroupName,
      };
    } else {
      this.tokenHttpApi = undefined;
      this.tokenApi = this.restApi(config, invoked, logRetention, logRemovalPolicy);
      stage = this.tokenApi.api.deploymentStage;
      api = {
        url: this.tokenApi.api.url,
        tokenEndpoint: this.tokenApi.api.urlForPath('/token'),
        accessLogGroupName: this.tokenApi.accessLogs.logGroupName,
      };
    }

    const alarms = new TokenAlarms(this, 'Alarms', {
      stage,
      handler: this.tokenFunction,
      metrics: metricSource,
      email: config.alarmEmail,
    });
    this.dashboard = new TokenDashboard(this, 'Dashboard', {
      dashboardName: config.stackName,
      stage,
      handler: this.tokenFunction,
      functionLogGroup: this.tokenFunction.logGroup,
      metrics: metricSource,
      provisionedAlias: this.liveAlias,
    });

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the token API (stage)',
      value: api.url,
    });
    new CfnOutput(this, 'TokenEndpoint', {
      description: 'POST here with "Authorization: Bearer <Cognito ID token>"',
      value: api.tokenEndpoint,
    });
    new CfnOutput(this, 'UserPoolId', {
      description: 'Cognito user pool whose ID tokens the API accepts',
      value: this.userPool.userPoolId,
    });
    new CfnOutput(this, 'UserPoolClientId', {
      description: 'Cognito app client ID (USER_PASSWORD_AUTH and SRP)',
      value: this.userPool.clientId,
    });
    new CfnOutput(this, 'SecretArn', {
      description: 'Secrets Manager secret holding {"appId","serverSecret"}',
      value: this.zegoSecret.secretArn,
    });
    new CfnOutput(this, 'FunctionLogGroupName', {
      description: 'CloudWatch log group of the token function (aws logs tail)',
      value: this.tokenFunction.logGroup.logGroupName,
    });
    new CfnOutput(this, 'AccessLogGroupName', {
      description: 'CloudWatch log group of the API access logs',
      value: api.accessLogGroupName,
    });
    if (alarms.topic !== undefined) {
      new CfnOutput(this, 'AlarmTopicArn', {
        description: 'SNS topic the alarms notify (confirm the e-mail subscription)',
        value: alarms.topic.topicArn,
      });
    }
  }

  /** The REST API (default), with WAF or its acknowledgement and the logging role's. */
  private restApi(
    config: TokenServiceConfig,
    handler: IFunction,
    logRetention: RetentionDays,
    logRemovalPolicy: RemovalPolicy,
  ) {
    const tokenApi = new TokenApi(this, 'TokenApi', {
      handler,
      userPool: this.userPool.userPool,
      stageName: config.stageName,
      corsOrigins: config.corsOrigins,
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
      logRetention,
      logRemovalPolicy,
      cloudWatchRole: config.apiGatewayCloudWatchRole,
    });
    const stage = tokenApi.api.deploymentStage;
    if (config.apiGatewayCloudWatchRole) {
      const cloudWatchRole = tokenApi.api.node.tryFindChild('CloudWatchRole');
      if (cloudWatchRole !== undefined) {
        acknowledgeFinding(
          cloudWatchRole,
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
          'The account-level role API Gateway uses to write execution and access logs; the AWS ' +
            'managed policy is the documented one for it and is assumable by API Gateway only. ' +
            'Set apiGatewayCloudWatchRole=false when the account already has one.',
        );
      }
    }
    if (config.wafEnabled) {
      new RateLimitWaf(this, 'Waf', { stage, limit: config.wafRateLimit });
    } else {
      acknowledgeFinding(
        stage,
        'AwsSolutions-APIG3',
        'WAF is optional by configuration (context enableWaf, fixed monthly cost): without it the ' +
          'API is still protected by the Cognito authorizer, stage throttling and the request ' +
          'validator. Set enableWaf=true for a per-IP rate-based rule.',
      );
    }
    return tokenApi;
  }
}
