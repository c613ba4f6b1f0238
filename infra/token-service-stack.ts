import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { SERVICE_NAME } from '../functions/contract/service.ts';
import type { TokenServiceConfig } from './config.ts';
import { TokenAlarms } from './constructs/token-alarms.ts';
import { TokenDashboard } from './constructs/token-dashboard.ts';
import type { ApiStageMetrics } from './constructs/token-metrics.ts';
import { TokenUserPool } from './constructs/token-user-pool.ts';
import { ZegoSecret } from './constructs/zego-secret.ts';
import { ZegoTokenService } from './constructs/zego-token-service.ts';
import { type DeployOptions, defaultTags } from './deploy-options.ts';

export interface TokenServiceStackProps extends StackProps {
  readonly config: TokenServiceConfig;
  readonly deploy: DeployOptions;
}

/**
 * This repository's deployment of the ZegoTokenService construct: the construct (function, API,
 * least-privilege role) plus what a whole stack adds around it: the user pool and app client (or
 * imported ones), the secret (or an imported one), alarms, a dashboard, tags and outputs.
 * Environment-agnostic: deploys to the account and region of the CLI's credentials. The API is a
 * REST API (default) or an HTTP API (`apiType=http`); both export the same outputs.
 */
export class TokenServiceStack extends Stack {
  readonly service: ZegoTokenService;
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
    const { policy } = config;

    this.userPool = new TokenUserPool(this, 'Users', {
      config: config.userPool,
      groups: policy.publishGroups,
      userIdClaim: policy.userIdClaim,
      userIdMaxBytes: policy.userIdMaxBytes,
    });
    this.zegoSecret = new ZegoSecret(this, 'ZegoSecret', {
      config: config.secret,
      kmsKeyArn: config.secretKmsKeyArn,
    });
    const userPoolClients =
      policy.allowedClientIds.length > 0
        ? policy.allowedClientIds.map((clientId, index) =>
            UserPoolClient.fromUserPoolClientId(this, `AllowedClient${index}`, clientId),
          )
        : [this.userPool.client];
    const rest = deploy.apiType === 'rest';

    // The ID "Default" is left out of the logical IDs of what the construct creates, so they are
    // those this stack had before it used the construct: a deployed stack updates in place.
    this.service = new ZegoTokenService(this, 'Default', {
      userPool: this.userPool.userPool,
      userPoolClients,
      secret: this.zegoSecret.secret,
      secretEncryptionKey: this.zegoSecret.encryptionKey,
      apiType: deploy.apiType,
      ...(rest ? {} : { apiName: config.stackName }),
      userIdClaim: policy.userIdClaim,
      userIdMaxBytes: policy.userIdMaxBytes,
      publishGroups: policy.publishGroups,
      roomIdPattern: policy.roomIdPattern,
      defaultTtlSeconds: policy.defaultTtlSeconds,
      maxTtlSeconds: policy.maxTtlSeconds,
      secretCacheSeconds: policy.secretCacheSeconds,
      secretMaxStaleSeconds: policy.secretMaxStaleSeconds,
      corsOrigins: config.corsOrigins,
      memorySize: config.memorySizeMb,
      reservedConcurrency: config.reservedConcurrency,
      provisionedConcurrency: deploy.provisionedConcurrency,
      logRetentionDays: config.logRetentionDays,
      logRemoval: config.logRemoval,
      logLevel: config.logLevel,
      sourceMaps: config.sourceMaps,
      // Two stages in one account must not mix their metrics: the stage is in the service name.
      serviceName: deploy.stage === undefined ? SERVICE_NAME : `${SERVICE_NAME}-${deploy.stage}`,
      stageName: config.stageName,
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
      // The REST API's own settings (an HTTP API has no WAF or account logging role).
      ...(rest
        ? {
            apiGatewayCloudWatchRole: config.apiGatewayCloudWatchRole,
            enableWaf: config.wafEnabled,
            wafRateLimit: config.wafRateLimit,
          }
        : {}),
    });
    const service = this.service;
    const api = ownApi(service);

    const alarms = new TokenAlarms(this, 'Alarms', {
      stage: api.stage,
      handler: service.function,
      metrics: service.metrics,
      email: config.alarmEmail,
    });
    this.dashboard = new TokenDashboard(this, 'Dashboard', {
      dashboardName: config.stackName,
      stage: api.stage,
      handler: service.function,
      functionLogGroup: service.function.logGroup,
      metrics: service.metrics,
      provisionedAlias: service.liveAlias,
    });

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the token API (stage)',
      value: api.url,
    });
    new CfnOutput(this, 'TokenEndpoint', {
      description: 'POST here with "Authorization: Bearer <Cognito ID token>"',
      value: service.tokenUrl,
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
      value: service.function.logGroup.logGroupName,
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
}

/** The API the construct created for the stack (REST or HTTP), as the alarms and outputs see it. */
function ownApi(service: ZegoTokenService): {
  stage: ApiStageMetrics;
  url: string;
  accessLogGroupName: string;
} {
  if (service.tokenHttpApi !== undefined) {
    return {
      stage: service.tokenHttpApi.stage,
      url: service.tokenHttpApi.url,
      accessLogGroupName: service.tokenHttpApi.accessLogs.logGroupName,
    };
  }
  if (service.tokenApi === undefined) throw new Error('the stack creates its own API');
  return {
    stage: service.tokenApi.api.deploymentStage,
    url: service.tokenApi.api.url,
    accessLogGroupName: service.tokenApi.accessLogs.logGroupName,
  };
}
