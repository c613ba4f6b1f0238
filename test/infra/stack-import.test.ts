// The "import" configurations: an existing user pool and app client, and an existing secret by
// complete ARN (encrypted with a customer managed key) or by name.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acknowledgements,
  expectNagClean,
  onlyResource,
  type Synthesized,
  synthesize,
  withoutXrayStatement,
} from './support.ts';

const POOL_ID = 'eu-west-1_AbCdEf123';
const CLIENT_ID = '4abc5def6ghi7jkl8mno';
const OTHER_CLIENT_ID = '9pqr0stu1vwx';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/zego-AbC123';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SECRET_NAME = 'prod/zego-token';

let byArn: Synthesized;
let byName: Synthesized;

beforeAll(() => {
  byArn = synthesize({
    userPoolId: POOL_ID,
    userPoolClientId: CLIENT_ID,
    allowedClientIds: `${CLIENT_ID},${OTHER_CLIENT_ID}`,
    secretArn: SECRET_ARN,
    secretKmsKeyArn: KEY_ARN,
    corsOrigins: '*',
    apiGatewayCloudWatchRole: 'false',
    stageName: 'v1',
    sourceMaps: false,
  });
  byName = synthesize({ secretName: SECRET_NAME });
});

function functionRolePolicy(s: Synthesized): { Statement: Record<string, unknown>[] } {
  const fn = onlyResource(s.template, 'AWS::Lambda::Function');
  const roleId = (fn.resource.Properties.Role as { 'Fn::GetAtt': [string, string] })[
    'Fn::GetAtt'
  ][0];
  const policies = Object.values(
    s.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
  );
  expect(policies).toHaveLength(1);
  // X-Ray's statement (checked exact there) is the one "*" active tracing needs.
  return withoutXrayStatement(
    (policies[0] as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } })
      .Properties.PolicyDocument,
  );
}

describe('import configuration (pool by ID, secret by ARN with a customer key)', () => {
  it('creates no user pool, app client or secret', () => {
    byArn.template.resourceCountIs('AWS::Cognito::UserPool', 0);
    byArn.template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    byArn.template.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
    byArn.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it('authorizes POST /token with the imported user pool', () => {
    const authorizer = onlyResource(byArn.template, 'AWS::ApiGateway::Authorizer');
    expect(authorizer.resource.Properties.Type).toBe('COGNITO_USER_POOLS');
    expect(JSON.stringify(authorizer.resource.Properties.ProviderARNs)).toContain(
      `:userpool/${POOL_ID}`,
    );
    byArn.template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: authorizer.id },
    });
  });

  it('may GetSecretValue on exactly the given secret ARN, and decrypt only through Secrets Manager', () => {
    const statements = functionRolePolicy(byArn).Statement;
    const read = statements.filter((st) => st.Sid === 'ReadZegoSecret');
    expect(read).toEqual([
      {
        Sid: 'ReadZegoSecret',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: SECRET_ARN,
      },
    ]);
    const decrypt = statements.filter((st) => st.Sid === 'DecryptZegoSecret');
    expect(decrypt).toHaveLength(1);
    expect(decrypt[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': expect.anything() } },
    });
    expect(JSON.stringify(decrypt[0]?.Condition)).toContain('secretsmanager.');
    expect(statements).toHaveLength(3); // + writing its own log group
    expect(JSON.stringify(statements)).not.toContain('*');
  });

  it('passes the secret ARN and the allowed client IDs to the function (no source maps)', () => {
    byArn.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          ZEGO_SECRET_ID: SECRET_ARN,
          ZEGO_ALLOWED_CLIENT_IDS: `${CLIENT_ID},${OTHER_CLIENT_ID}`,
          ZEGO_CORS_ORIGINS: '*',
          ZEGO_DEFAULT_TTL_SECONDS: '3600',
          ZEGO_MAX_TTL_SECONDS: '86400',
          ZEGO_PUBLISH_GROUPS: Match.absent(),
          ZEGO_ROOM_ID_PATTERN: Match.absent(),
          NODE_OPTIONS: Match.absent(),
        }),
      },
    });
  });

  it('keeps default throttling, validation and log retention', () => {
    byArn.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })],
    });
    byArn.template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
    });
    const retention = Object.values(byArn.template.findResources('AWS::Logs::LogGroup')).map(
      (g) => (g as { Properties: { RetentionInDays: number } }).Properties.RetentionInDays,
    );
    expect(retention).toEqual([30, 30]);
  });

  it('uses the account-level API Gateway logging role as configured (none created)', () => {
    byArn.template.resourceCountIs('AWS::ApiGateway::Account', 0);
    byArn.template.resourceCountIs('AWS::IAM::Role', 1); // the function's own role
  });

  it('answers gateway errors with Access-Control-Allow-Origin * for CORS "*"', () => {
    const unauthorized = Object.values(
      byArn.template.findResources('AWS::ApiGateway::GatewayResponse', {
        Properties: { ResponseType: 'UNAUTHORIZED' },
      }),
    )[0] as { Properties: { ResponseParameters: Record<string, string> } };
    expect(unauthorized.Properties.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
    });
    expect(
      unauthorized.Properties.ResponseParameters['gatewayresponse.header.Vary'],
    ).toBeUndefined();
  });

  it('has alarms without actions and no WAF when neither is configured', () => {
    byArn.template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
    byArn.template.resourceCountIs('AWS::SNS::Topic', 0);
    byArn.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    for (const alarm of Object.values(byArn.template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(
        (alarm as { Properties: Record<string, unknown> }).Properties.AlarmActions,
      ).toBeUndefined();
    }
  });

  it('outputs the imported pool, client and secret ARN', () => {
    const outputs = byArn.template.toJSON().Outputs;
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'AccessLogGroupName',
        'ApiUrl',
        'FunctionLogGroupName',
        'SecretArn',
        'TokenEndpoint',
        'UserPoolClientId',
        'UserPoolId',
      ].sort(),
    );
    expect(outputs.UserPoolId.Value).toBe(POOL_ID);
    expect(outputs.UserPoolClientId.Value).toBe(CLIENT_ID);
    expect(outputs.SecretArn.Value).toBe(SECRET_ARN);
  });

  it('is cdk-nag clean, acknowledging only real findings with reasons', () => {
    expectNagClean(byArn.stack);
  });
});

describe('import configuration (secret by name)', () => {
  it('names the secret in ZEGO_SECRET_ID and grants the name with its 6-character suffix only', () => {
    byName.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    byName.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ZEGO_SECRET_ID: SECRET_NAME }) },
    });
    const read = functionRolePolicy(byName).Statement.filter((st) => st.Sid === 'ReadZegoSecret');
    expect(read).toHaveLength(1);
    expect(read[0]?.Action).toBe('secretsmanager:GetSecretValue');
    const resource = (read[0] as { Resource: { 'Fn::Join': [string, unknown[]] } }).Resource;
    const parts = resource['Fn::Join'][1];
    expect(parts.at(-1)).toBe(`:secret:${SECRET_NAME}-??????`);
    expect(JSON.stringify(parts)).toContain(':secretsmanager:');
    expect(functionRolePolicy(byName).Statement.some((st) => st.Sid === 'DecryptZegoSecret')).toBe(
      false,
    );
  });

  it('needs no acknowledgement for the suffix pattern (no "*" anywhere in the policy)', () => {
    expect(JSON.stringify(functionRolePolicy(byName))).not.toContain('*');
    expectNagClean(byName.stack);
    expect(
      acknowledgements(byName.stack).filter((a) => a.id.startsWith('AwsSolutions-IAM')),
    ).toEqual([
      expect.objectContaining({ id: 'AwsSolutions-IAM5[Resource::*]' }),
      expect.objectContaining({
        id: expect.stringContaining('AmazonAPIGatewayPushToCloudWatchLogs'),
      }),
    ]);
  });
});
