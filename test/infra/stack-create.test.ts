// The "create" configuration: the stack creates the user pool, app client, groups and secret,
// with every optional feature on (CORS for two origins, WAF, alarm e-mail, runtime source maps).
import { Token } from 'aws-cdk-lib';
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

const ORIGINS = ['https://app.example.com', 'https://admin.example.com'];

let s: Synthesized;
let ids: {
  fn: string;
  fnLogGroup: string;
  role: string;
  secret: string;
  pool: string;
  client: string;
  api: string;
  stage: string;
  authorizer: string;
  validator: string;
  model: string;
  accessLogs: string;
  topic: string;
};

beforeAll(() => {
  s = synthesize(
    {
      corsOrigins: ORIGINS.join(','),
      enableWaf: 'true',
      wafRateLimit: '500',
      alarmEmail: 'ops@example.com',
      publishGroups: 'hosts,moderators',
      roomIdPattern: 'room-[a-z0-9]+',
      defaultTtlSeconds: '1800',
      maxTtlSeconds: '7200',
      throttleRateLimit: '20',
      throttleBurstLimit: '40',
      logRetentionDays: '90',
      selfSignUp: 'true',
      mfa: 'required',
      memorySize: '512',
      reservedConcurrency: '10',
      logLevel: 'WARN',
      sourceMaps: 'true',
    },
    // With CDK's built-in CloudFormation template validation (errors fail, per cdk.json's flags),
    // as `cdk synth` runs it: this configuration has every optional resource.
    { cfnValidation: true },
  );
  const t = s.template;
  const fn = onlyResource(t, 'AWS::Lambda::Function');
  const role = fn.resource.Properties.Role as { 'Fn::GetAtt': [string, string] };
  const logging = fn.resource.Properties.LoggingConfig as { LogGroup: { Ref: string } };
  const stage = onlyResource(t, 'AWS::ApiGateway::Stage');
  const accessLog = (stage.resource.Properties.AccessLogSetting as { DestinationArn: unknown })
    .DestinationArn;
  const accessLogs = JSON.stringify(accessLog).match(/"Ref":"(TokenApiAccessLogs\w+)"/)?.[1];
  ids = {
    fn: fn.id,
    fnLogGroup: logging.LogGroup.Ref,
    role: role['Fn::GetAtt'][0],
    secret: onlyResource(t, 'AWS::SecretsManager::Secret').id,
    pool: onlyResource(t, 'AWS::Cognito::UserPool').id,
    client: onlyResource(t, 'AWS::Cognito::UserPoolClient').id,
    api: onlyResource(t, 'AWS::ApiGateway::RestApi').id,
    stage: stage.id,
    authorizer: onlyResource(t, 'AWS::ApiGateway::Authorizer').id,
    validator: onlyResource(t, 'AWS::ApiGateway::RequestValidator').id,
    model: onlyResource(t, 'AWS::ApiGateway::Model').id,
    accessLogs: accessLogs ?? 'missing',
    topic: onlyResource(t, 'AWS::SNS::Topic').id,
  };
});

describe('create configuration: function', () => {
  it('runs nodejs24.x on ARM64 with the configured memory, timeout and concurrency', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 10,
      ReservedConcurrentExecutions: 10,
    });
  });

  it('logs JSON to its own log group with the configured retention', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: ids.fnLogGroup } },
    });
    s.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    const retention = s.template.toJSON().Resources[ids.fnLogGroup].Properties.RetentionInDays;
    expect(retention).toBe(90);
  });

  it('gets exactly the handler contract environment from the configuration', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectEquals({
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'zego-token-service',
          POWERTOOLS_METRICS_NAMESPACE: 'ZegoTokenService',
          POWERTOOLS_LOG_LEVEL: 'WARN',
          ZEGO_SECRET_ID: { Ref: ids.secret },
          ZEGO_USER_ID_CLAIM: 'sub',
          ZEGO_USER_ID_MAX_BYTES: '32',
          ZEGO_PUBLISH_GROUPS: 'hosts,moderators',
          ZEGO_ROOM_ID_PATTERN: 'room-[a-z0-9]+',
          ZEGO_DEFAULT_TTL_SECONDS: '1800',
          ZEGO_MAX_TTL_SECONDS: '7200',
          ZEGO_ALLOWED_CLIENT_IDS: { Ref: ids.client },
          ZEGO_ALLOWED_TOKEN_USE: 'id',
          ZEGO_SECRET_CACHE_SECONDS: '300',
          ZEGO_SECRET_MAX_STALE_SECONDS: '900',
          ZEGO_CORS_ORIGINS: ORIGINS.join(','),
        }),
      },
    });
  });
});

describe('create configuration: least privilege', () => {
  it('has its own role with no managed policies, assumable by Lambda only', () => {
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
          },
        ],
      },
    });
    const role = s.template.toJSON().Resources[ids.role];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('may read only the one secret and write only its own log group, with no wildcard', () => {
    const policies = Object.values(
      s.template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: ids.role }] },
      }),
    );
    expect(policies).toHaveLength(1);
    const document = withoutXrayStatement(
      (policies[0] as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties
        .PolicyDocument,
    );
    expect(document.Statement).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [ids.fnLogGroup, 'Arn'] },
      },
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: { Ref: ids.secret },
        Sid: 'ReadZegoSecret',
      },
    ]);
    expect(JSON.stringify(document)).not.toContain('*');
  });

  it('traces actively (X-Ray)', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('lets API Gateway invoke the function for POST /token on this API only', () => {
    const permissions = Object.values(s.template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(1);
    const permission = permissions[0] as { Properties: Record<string, unknown> };
    expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
    const sourceArn = JSON.stringify(permission.Properties.SourceArn);
    expect(sourceArn).toContain(`{"Ref":"${ids.api}"}`);
    expect(sourceArn).toContain('/POST/token');
  });
});

describe('create configuration: secret', () => {
  it('is retained on stack deletion and starts as a placeholder of the right shape', () => {
    s.template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        GenerateSecretString: {
          SecretStringTemplate: '{"appId":0}',
          GenerateStringKey: 'serverSecret',
          PasswordLength: 32,
          ExcludePunctuation: true,
        },
      },
    });
  });
});

describe('create configuration: Cognito', () => {
  it('creates an e-mail sign-in pool with the configured sign-up, MFA and a strong password policy', () => {
    s.template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: {
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'ESSENTIALS',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
      },
    });
  });

  it('creates a public app client for USER_PASSWORD_AUTH and SRP without OAuth', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { Ref: ids.pool },
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals([
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]),
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlows: Match.absent(),
    });
  });

  it('creates the publish groups', () => {
    const groups = Object.values(s.template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => (g as { Properties: { GroupName: string } }).Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['hosts', 'moderators']);
  });
});

describe('create configuration: REST API', () => {
  it('puts POST /token behind the Cognito user pools authorizer', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [ids.pool, 'Arn'] }],
    });
    s.template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: ids.authorizer },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
  });

  it('validates the body against the JSON-schema model of the contract, accepting {}', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestValidatorId: { Ref: ids.validator },
      RequestModels: { 'application/json': { Ref: ids.model } },
    });
    s.template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
    });
    const schema = s.template.toJSON().Resources[ids.model].Properties.Schema;
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    // No required property: an empty body (validated as {}) must pass for a basic token.
    expect(schema.required).toBeUndefined();
    expect(Object.keys(schema.properties).sort()).toEqual(
      [
        'cipher',
        'format',
        'privileges',
        'roomId',
        'streamIds',
        'ttlSeconds',
        'userId',
        'userName',
        'version',
      ].sort(),
    );
    expect(schema.properties.privileges).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { loginRoom: { type: 'boolean' }, publishStream: { type: 'boolean' } },
    });
    expect(schema.properties.cipher.enum).toEqual(['gcm', 'cbc']);
    expect(schema.properties.version.enum).toEqual(['04', '03']);
    expect(schema.properties.format.enum).toEqual(['token', 'kit']);
    expect(schema.properties.ttlSeconds).toMatchObject({ type: 'integer', minimum: 60 });
  });

  it('throttles the stage, traces it and writes JSON access logs with retention', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 20,
          ThrottlingBurstLimit: 40,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ],
    });
    const stage = s.template.toJSON().Resources[ids.stage].Properties;
    const format = JSON.parse(stage.AccessLogSetting.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      sub: '$context.authorizer.claims.sub',
    });
    expect(stage.AccessLogSetting.Format).not.toMatch(/authorization|\$input/i);
    expect(s.template.toJSON().Resources[ids.accessLogs].Properties.RetentionInDays).toBe(90);
  });

  it('answers CORS preflight without an authorizer for the configured origins only', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      AuthorizationType: 'NONE',
      Integration: {
        Type: 'MOCK',
        IntegrationResponses: [
          Match.objectLike({
            StatusCode: '204',
            ResponseParameters: Match.objectLike({
              'method.response.header.Access-Control-Allow-Origin': `'${ORIGINS[0]}'`,
              'method.response.header.Access-Control-Allow-Headers': "'Authorization,Content-Type'",
              'method.response.header.Access-Control-Allow-Methods': "'POST,OPTIONS'",
            }),
            ResponseTemplates: {
              'application/json': Match.stringLikeRegexp(ORIGINS[1] as string),
            },
          }),
        ],
      },
    });
  });

  it('answers authorizer and throttling errors as problem+json with CORS headers', () => {
    const responses = s.template.findResources('AWS::ApiGateway::GatewayResponse');
    const byType = new Map(
      Object.values(responses).map((r) => {
        const p = (r as { Properties: Record<string, unknown> }).Properties;
        return [p.ResponseType as string, p] as const;
      }),
    );
    for (const [type, status, code] of [
      ['UNAUTHORIZED', '401', 'unauthenticated'],
      ['ACCESS_DENIED', '403', 'forbidden'],
      ['THROTTLED', '429', 'throttled'],
      ['WAF_FILTERED', '429', 'throttled'],
      ['BAD_REQUEST_BODY', '400', 'invalid_request'],
    ] as const) {
      const response = byType.get(type) as {
        StatusCode: string;
        ResponseParameters: Record<string, string>;
        ResponseTemplates: Record<string, string>;
      };
      expect(response, type).toBeDefined();
      expect(response.StatusCode).toBe(status);
      expect(response.ResponseParameters).toMatchObject({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
        'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin',
        'gatewayresponse.header.Vary': "'Origin'",
      });
      const body = JSON.parse(
        (response.ResponseTemplates['application/json'] as string).replace(
          '$context.requestId',
          'req-1',
        ),
      );
      expect(body).toEqual({
        type: `urn:zego-token-service:problem:${code}`,
        title: expect.any(String),
        status: Number(status),
        detail: expect.any(String),
        code,
        requestId: 'req-1',
      });
    }
    expect(byType.get('THROTTLED')?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Retry-After': "'1'",
    });
    expect(byType.get('UNAUTHORIZED')?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.WWW-Authenticate': "'Bearer'",
    });
    // Every gateway response body is valid JSON.
    for (const [type, p] of byType) {
      const templates = p.ResponseTemplates as Record<string, string>;
      expect(() => JSON.parse(templates['application/json'] as string), type).not.toThrow();
    }
  });

  it('says in a BAD_REQUEST_BODY detail what the request validator found', () => {
    const response = Object.values(
      s.template.findResources('AWS::ApiGateway::GatewayResponse', {
        Properties: { ResponseType: 'BAD_REQUEST_BODY' },
      }),
    )[0] as { Properties: { ResponseTemplates: Record<string, string> } } | undefined;
    const template = response?.Properties.ResponseTemplates['application/json'] ?? '';
    // API Gateway substitutes the variable inside the JSON string (no VTL in gateway responses).
    const body = JSON.parse(template) as { detail: string };
    expect(body.detail).toMatch(/: \$context\.error\.validationErrorString$/);
  });

  it('attaches a WAF web ACL with a per-IP rate-based rule to the stage', () => {
    s.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } },
        }),
      ],
    });
    const association = onlyResource(s.template, 'AWS::WAFv2::WebACLAssociation');
    const arn = JSON.stringify(association.resource.Properties.ResourceArn);
    expect(arn).toContain(`{"Ref":"${ids.api}"}`);
    expect(arn).toContain(`{"Ref":"${ids.stage}"}`);
  });
});

describe('create configuration: alarms and outputs', () => {
  it('alarms on API 5xx, errors, throttles, secret fetches, 5xx rate and p99, notifying the topic', () => {
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => (a as { Properties: Record<string, unknown> }).Properties,
    );
    expect(alarms.map((a) => `${a.Namespace ?? 'math'}/${a.MetricName ?? 'rate'}`).sort()).toEqual([
      'AWS/ApiGateway/5XXError',
      'AWS/ApiGateway/Latency',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Throttles',
      'ZegoTokenService/SecretFetchErrors',
      'math/rate',
    ]);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: ids.topic }]);
    }
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: ids.topic },
    });
  });

  it('outputs the API URL, token endpoint, user pool, app client and secret ARN', () => {
    const outputs = s.template.toJSON().Outputs;
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'AccessLogGroupName',
        'AlarmTopicArn',
        'ApiUrl',
        'FunctionLogGroupName',
        'SecretArn',
        'TokenEndpoint',
        'UserPoolClientId',
        'UserPoolId',
      ].sort(),
    );
    expect(outputs.UserPoolId.Value).toEqual({ Ref: ids.pool });
    expect(outputs.UserPoolClientId.Value).toEqual({ Ref: ids.client });
    expect(outputs.SecretArn.Value).toEqual({ Ref: ids.secret });
    expect(JSON.stringify(outputs.ApiUrl.Value)).toContain(`{"Ref":"${ids.api}"}`);
    const endpoint = outputs.TokenEndpoint.Value['Fn::Join'][1] as unknown[];
    expect(endpoint.at(-1)).toBe('/token');
    expect(outputs.FunctionLogGroupName.Value).toEqual({ Ref: ids.fnLogGroup });
    expect(outputs.AccessLogGroupName.Value).toEqual({ Ref: ids.accessLogs });
  });

  it('is environment-agnostic', () => {
    expect(s.stack.environment).toBe('aws://unknown-account/unknown-region');
    expect(Token.isUnresolved(s.stack.account)).toBe(true);
    expect(Token.isUnresolved(s.stack.region)).toBe(true);
  });
});

describe('create configuration: cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding; every acknowledgement has a reason and a real finding', () => {
    expectNagClean(s.stack);
    const ids = acknowledgements(s.stack)
      .map((a) => a.id)
      .sort();
    // MFA is required here and WAF is on, so only these remain acknowledged (IAM5: X-Ray's "*").
    expect(ids).toEqual(
      [
        'AwsSolutions-COG8',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-SMG4',
      ].sort(),
    );
  });
});
