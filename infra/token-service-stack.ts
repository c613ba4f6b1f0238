import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { TokenServiceConfig } from './config.ts';
import { RateLimitWaf } from './constructs/rate-limit-waf.ts';
import { TokenAlarms } from './constructs/token-alarms.ts';
import { TokenApi } from './constructs/token-api.ts';
import { TokenFunction } from './constructs/token-function.ts';
import { TokenUserPool } from './constructs/token-user-pool.ts';
import { ZegoSecret } from './constructs/zego-secret.ts';
import { acknowledgeFinding } from './nag.ts';

/** The Lambda entry point (exports `handler`). */
export const TOKEN_HANDLER_ENTRY = fileURLToPath(
  new URL('../functions/token/handler.ts', import.meta.url),
);

export interface TokenServiceStackProps extends StackProps {
  readonly config: TokenServiceConfig;
  /** Override the function entry (tools only); defaults to functions/token/handler.ts. */
  readonly handlerEntry?: string;
}

/**
 * The ZEGOCLOUD token service: API Gateway (Cognito authorizer) → Lambda → Secrets Manager.
 * Environment-agnostic: deploys to the account and region of the CLI's credentials.
 */
export class TokenServiceStack extends Stack {
  readonly tokenFunction: TokenFunction;
  readonly tokenApi: TokenApi;
  readonly userPool: TokenUserPool;
  readonly zegoSecret: ZegoSecret;

  constructor(scope: Construct, id: string, props: TokenServiceStackProps) {
    const { config, handlerEntry, ...stackProps } = props;
    super(scope, id, {
      description: 'ZEGOCLOUD token service: API Gateway + Cognito + Lambda + Secrets Manager',
      ...stackProps,
    });
    const logRetention = config.logRetentionDays as RetentionDays;

    this.userPool = new TokenUserPool(this, 'Users', {
      config: config.userPool,
      groups: config.policy.publishGroups,
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
      entry: handlerEntry ?? TOKEN_HANDLER_ENTRY,
      description: 'Issues ZEGOCLOUD tokens to signed-in Cognito users',
      memorySize: config.memorySizeMb,
      reservedConcurrentExecutions: config.reservedConcurrency,
      logRetention,
      logLevel: config.logLevel,
      sourceMaps: config.sourceMaps,
      serviceName: 'zego-token-service',
      metricsNamespace: 'ZegoTokenService',
    })
      .readZegoSecret(this.zegoSecret.binding)
      .enforceTokenPolicy(config.policy, allowedClientIds)
      .allowCorsOrigins(config.corsOrigins);

    acknowledgeFinding(
      this.tokenFunction,
      'AwsSolutions-L1',
      'The service targets the nodejs22.x runtime on purpose (project contract: the AWS SDK v3 ' +
        'line it is tested with and local Node 20/22 parity); moving to a newer runtime is a ' +
        'deliberate, tested upgrade.',
    );
    // A secret imported by name is granted as "<name>-??????" (Secrets Manager's random 6-character
    // ARN suffix is unknown at synth time). "?" matches exactly one character and cdk-nag's IAM5
    // only flags "*", so nothing is acknowledged; secretArn names the ARN exactly.

    this.tokenApi = new TokenApi(this, 'TokenApi', {
      handler: this.tokenFunction,
      userPool: this.userPool.userPool,
      stageName: config.stageName,
      corsOrigins: config.corsOrigins,
      throttleRateLimit: config.throttleRateLimit,
      throttleBurstLimit: config.throttleBurstLimit,
      logRetention,
      cloudWatchRole: config.apiGatewayCloudWatchRole,
    });
    const stage = this.tokenApi.api.deploymentStage;

    if (config.apiGatewayCloudWatchRole) {
      const cloudWatchRole = this.tokenApi.api.node.tryFindChild('CloudWatchRole');
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

    const alarms = new TokenAlarms(this, 'Alarms', {
      stage,
      handler: this.tokenFunction,
      email: config.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the token API (stage)',
      value: this.tokenApi.api.url,
    });
    new CfnOutput(this, 'TokenEndpoint', {
      description: 'POST here with "Authorization: Bearer <Cognito ID token>"',
      value: this.tokenApi.api.urlForPath('/token'),
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
      value: this.tokenApi.accessLogs.logGroupName,
    });
    if (alarms.topic !== undefined) {
      new CfnOutput(this, 'AlarmTopicArn', {
        description: 'SNS topic the alarms notify (confirm the e-mail subscription)',
        value: alarms.topic.topicArn,
      });
    }
  }
}
