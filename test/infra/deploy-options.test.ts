// Deployment options (issue 14): HTTP API, tags, dashboard, extra alarms, provisioned concurrency,
// stage naming, and refusing unknown context keys.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/contract/env.ts';
import { assertKnownContextKeys, closestKey } from '../../infra/deploy-options.ts';
import { expectNagClean, onlyResource, type Synthesized, synthesize } from './support.ts';

const CLIENT_ID = 'abcdefghij0123456789klmnop';

describe('apiType=http', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({
      apiType: 'http',
      corsOrigins: 'https://app.example.com',
      throttleRateLimit: '30',
      throttleBurstLimit: '60',
      userPoolId: 'eu-west-1_AbCdEf123',
      userPoolClientId: CLIENT_ID,
    });
  });

  it('creates an HTTP API and no REST API', () => {
    s.template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    s.template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['https://app.example.com'],
        AllowMethods: ['POST'],
        AllowHeaders: ['authorization', 'content-type'],
        ExposeHeaders: ['retry-after'],
        MaxAge: 3600,
      },
    });
  });

  it('puts POST /token behind a JWT authorizer: issuer = the pool, audience = the app client', () => {
    const authorizer = onlyResource(s.template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.resource.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [CLIENT_ID] },
    });
    const issuer = JSON.stringify(
      (authorizer.resource.Properties.JwtConfiguration as { Issuer: unknown }).Issuer,
    );
    expect(issuer).toContain('https://cognito-idp.');
    expect(issuer).toContain('/eu-west-1_AbCdEf123');
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /token',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizer.id },
    });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles the stage and writes JSON access logs', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'prod',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 30, ThrottlingBurstLimit: 60 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId"'),
      },
    });
  });

  it('has the same outputs as the REST API', () => {
    const rest = synthesize({ userPoolId: 'eu-west-1_AbCdEf123', userPoolClientId: CLIENT_ID });
    expect(Object.keys(s.template.findOutputs('*')).sort()).toEqual(
      Object.keys(rest.template.findOutputs('*')).sort(),
    );
    expect(JSON.stringify(s.template.findOutputs('TokenEndpoint'))).toContain('"/prod/token"');
    expect(JSON.stringify(s.template.findOutputs('ApiUrl'))).toContain('"/prod/"');
  });

  it('alarms on the HTTP API metrics', () => {
    s.template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 1000,
    });
  });

  it('is cdk-nag clean', () => {
    expectNagClean(s.stack);
  });
});

describe('REST (default): extra alarms and dashboard', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize();
  });

  it('alarms on secret fetch errors, the 5xx rate and p99 latency', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'ZegoTokenService',
      MetricName: 'SecretFetchErrors',
      Dimensions: [{ Name: 'service', Value: 'zego-token-service' }],
      Threshold: 1,
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' }),
      ]),
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
    });
  });

  it('has a dashboard with the metrics the handler emits and Lambda/API built-ins', () => {
    const dashboard = onlyResource(s.template, 'AWS::CloudWatch::Dashboard');
    expect(dashboard.resource.Properties.DashboardName).toBe('ZegoTokenService');
    const body = JSON.stringify(dashboard.resource.Properties.DashboardBody);
    for (const text of [
      'TokensIssued',
      'RequestsRefused',
      'SecretFetchErrors',
      'SecretServedStale',
      'Throttles',
      'Duration',
      'p99',
      'platform.report',
      'initDurationMs',
    ]) {
      expect(body, text).toContain(text);
    }
    expect(body).not.toContain('ProvisionedConcurrencySpilloverInvocations');
  });
});

describe('tags', () => {
  it('applies the user tags and the default service tag to every taggable resource', () => {
    const s = synthesize({ tags: '{"team":"rtc","env":"prod"}' });
    expect(s.stack.tags.tagValues()).toEqual({
      team: 'rtc',
      env: 'prod',
      service: 'zego-token-service',
    });
    for (const type of [
      'AWS::Lambda::Function',
      'AWS::IAM::Role',
      'AWS::Logs::LogGroup',
      'AWS::ApiGateway::RestApi',
      'AWS::SecretsManager::Secret',
    ]) {
      s.template.allResourcesProperties(type, {
        Tags: Match.arrayWith([
          { Key: 'service', Value: 'zego-token-service' },
          { Key: 'team', Value: 'rtc' },
        ]),
      });
    }
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTags: { team: 'rtc', env: 'prod', service: 'zego-token-service' },
    });
  });

  it('tags the HTTP API (a map of tags)', () => {
    const s = synthesize({ apiType: 'http', tags: { team: 'rtc' } });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Tags: { team: 'rtc', service: 'zego-token-service' },
    });
  });

  it('refuses tags that are not a JSON object of strings, or that override a default tag', () => {
    expect(() => synthesize({ tags: 'team=rtc' })).toThrow(/Invalid context "tags".*JSON object/);
    expect(() => synthesize({ tags: '{"team":1}' })).toThrow(/needs a string value/);
    expect(() => synthesize({ tags: '{"service":"x"}' })).toThrow(/set by the stack/);
    expect(() => synthesize({ tags: '{"aws:x":"y"}' })).toThrow(/not a tag key/);
  });
});

describe('stage', () => {
  it('names the stack, API stage, dashboard, service and tags after the stage', () => {
    const s = synthesize({ stage: 'dev' });
    expect(s.stack.stackName).toBe('ZegoTokenService-dev');
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'dev' });
    s.template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'ZegoTokenService-dev',
    });
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'zego-token-service-dev' }),
      },
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SecretFetchErrors',
      Dimensions: [{ Name: 'service', Value: 'zego-token-service-dev' }],
    });
    expect(s.stack.tags.tagValues()).toMatchObject({ stage: 'dev' });
  });

  it('keeps an explicit stackName and stageName', () => {
    const s = synthesize({ stage: 'dev', stackName: 'TokensDev', stageName: 'v1' });
    expect(s.stack.stackName).toBe('TokensDev');
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'v1' });
  });

  it('refuses a stage that cannot name a stack and an API stage', () => {
    expect(() => synthesize({ stage: 'Dev-1' })).toThrow(/Invalid context "stage"/);
  });
});

describe('provisionedConcurrency', () => {
  it('adds a live alias with provisioned concurrency, which the API invokes', () => {
    const s = synthesize({ provisionedConcurrency: '5' });
    const alias = onlyResource(s.template, 'AWS::Lambda::Alias');
    expect(alias.resource.Properties).toMatchObject({
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 5 },
    });
    const method = JSON.stringify(
      s.template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'POST' } }),
    );
    expect(method).toContain(alias.id);
    const body = JSON.stringify(onlyResource(s.template, 'AWS::CloudWatch::Dashboard').resource);
    expect(body).toContain('ProvisionedConcurrencySpilloverInvocations');
    expectNagClean(s.stack);
  });

  it('has no alias by default and refuses more than reservedConcurrency', () => {
    synthesize().template.resourceCountIs('AWS::Lambda::Alias', 0);
    expect(() => synthesize({ provisionedConcurrency: '5', reservedConcurrency: '2' })).toThrow(
      /must not exceed reservedConcurrency/,
    );
  });
});

describe('unknown context keys', () => {
  it('refuses a misspelt key with a suggestion', () => {
    expect(() => assertKnownContextKeys({ corsOrgins: 'https://a.example.com' })).toThrow(
      ConfigError,
    );
    expect(() => assertKnownContextKeys({ corsOrgins: 'x' })).toThrow(
      'Invalid context "corsOrgins": unknown key; did you mean "corsOrigins"?',
    );
    expect(closestKey('apitype')).toBe('apiType');
    expect(closestKey('somethingElse')).toBeUndefined();
    expect(() => synthesize({ throttleRateLimt: '5' })).toThrow(/did you mean "throttleRateLimit"/);
  });

  it('ignores CDK feature flags and keys outside the app namespace', () => {
    expect(() =>
      assertKnownContextKeys({
        '@aws-cdk/core:explicitStackTags': true,
        'aws:cdk:bundling-stacks': [],
        'acknowledged-issue-numbers': [1],
        stage: 'dev',
      }),
    ).not.toThrow();
  });

  it('prints a context error as one line without a stack trace, exit code 1', () => {
    const out = mkdtempSync(join(tmpdir(), 'zego-cdk-out-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
        env: {
          ...process.env,
          CDK_OUTDIR: out,
          CDK_CONTEXT_JSON: JSON.stringify({ corsOrgins: 'https://a.example.com' }),
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        'Invalid context "corsOrgins": unknown key; did you mean "corsOrigins"?',
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
