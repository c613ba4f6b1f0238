// The app as `cdk synth` runs it: cdk.json (tsx, feature flags), the default configuration, and
// the cdk-nag plugin failing synthesis on an unacknowledged finding.

import { Match } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CDK_JSON,
  CDK_JSON_FLAGS,
  expectNagClean,
  type Synthesized,
  synthesize,
  withoutCfnValidation,
} from './support.ts';

let s: Synthesized;

beforeAll(() => {
  // CI's real `cdk synth` also runs CDK's CloudFormation validation on this default configuration.
  s = synthesize();
});

describe('cdk.json', () => {
  it('runs the app with tsx', () => {
    expect(CDK_JSON.app).toBe('npx tsx infra/app.ts');
  });

  it('carries the recommended feature flags of the installed aws-cdk-lib', () => {
    expect(CDK_JSON.context).toMatchObject(CURRENTLY_RECOMMENDED_FLAGS);
    // Tests build their App from these same flags (support.ts), so tests and `cdk synth` agree.
    expect(CDK_JSON_FLAGS).toEqual(CURRENTLY_RECOMMENDED_FLAGS);
  });
});

describe('default configuration', () => {
  it('creates the pool (self sign-up off, MFA optional) and the secret, with default policy', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      UsernameAttributes: ['email'],
    });
    s.template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    s.template.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Environment: {
        Variables: Match.objectLike({
          ZEGO_USER_ID_CLAIM: 'sub',
          ZEGO_DEFAULT_TTL_SECONDS: '3600',
          ZEGO_MAX_TTL_SECONDS: '86400',
          ZEGO_ALLOWED_TOKEN_USE: 'id',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          ZEGO_CORS_ORIGINS: Match.absent(),
          ZEGO_PUBLISH_GROUPS: Match.absent(),
        }),
      },
    });
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: Match.absent() }) },
    });
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })],
    });
  });

  it('has no CORS preflight and no CORS headers on gateway errors when no origin is configured', () => {
    s.template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS' }, 0);
    const responses = Object.values(s.template.findResources('AWS::ApiGateway::GatewayResponse'));
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      const headers = (response as { Properties: { ResponseParameters: Record<string, string> } })
        .Properties.ResponseParameters;
      expect(Object.keys(headers).some((h) => h.includes('Access-Control'))).toBe(false);
    }
  });

  it('creates the API Gateway account logging role and keeps it on stack deletion', () => {
    s.template.resourceCountIs('AWS::ApiGateway::Account', 1);
    s.template.hasResource('AWS::IAM::Role', {
      DeletionPolicy: 'Retain',
      Properties: {
        ManagedPolicyArns: [
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
              ],
            ],
          },
        ],
      },
    });
  });

  it('is cdk-nag clean, acknowledging only real findings with reasons', () => {
    expectNagClean(s.stack);
  });
});

describe('cdk-nag wiring', () => {
  it('fails synthesis on a finding nobody acknowledged', () => {
    // The same app, plus a topic that violates AwsSolutions-SNS3 (no TLS enforcement).
    new Topic(s.stack, 'UnsafeTopic');
    expect(() => withoutCfnValidation(() => s.app.synth({ force: true }))).toThrow(
      /AwsSolutions-SNS3/,
    );
  });
});
