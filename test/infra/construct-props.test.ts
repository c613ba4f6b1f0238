// ZegoTokenService props: the stack's checks, failing synth naming the prop; least privilege on
// the secret however it is given; the userId claim warning from the team's app clients.
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  ClientAttributes,
  StringAttribute,
  UserPool,
  type UserPoolClientOptions,
} from 'aws-cdk-lib/aws-cognito';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../functions/contract/env.ts';
import {
  addService,
  expectServiceNagClean,
  type ServiceProps,
  type TeamStack,
  teamStack,
  templateOf,
} from './construct-support.ts';
import { configError, onlyResource, withoutXrayStatement } from './support.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/zego-AbC123';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function errorFor(build: (team: TeamStack) => void): ConfigError {
  const team = teamStack();
  return configError(() => build(team));
}

describe('ZegoTokenService props: refused at synth, naming the prop', () => {
  it.each([
    [{ maxTtlSeconds: 59 }, 'maxTtlSeconds', /from 60 to 2073600/],
    [{ defaultTtlSeconds: 7200, maxTtlSeconds: 3600 }, 'defaultTtlSeconds', /must not exceed/],
    [{ roomIdPattern: '(?!admin)[a-z]+' }, 'roomIdPattern', /RE2 syntax/],
    [{ publishGroups: ['hosts', 'two words'] }, 'publishGroups', /not a Cognito group name/],
    [{ corsOrigins: ['https://app.example.com/'] }, 'corsOrigins', /scheme and host/],
    [{ userIdClaim: 'bad claim' }, 'userIdClaim', /not a claim name/],
    [{ userIdMaxBytes: 48 as 32 }, 'userIdMaxBytes', /one of 32, 64/],
    [{ logRetentionDays: 10 }, 'logRetentionDays', /one of 1, 3, 5/],
    [{ logLevel: 'TRACE' as 'INFO' }, 'logLevel', /one of DEBUG/],
    [{ memorySize: 64 }, 'memorySize', /from 128 to 10240/],
    [{ secretCacheSeconds: -1 }, 'secretCacheSeconds', /from 0 to 86400/],
    [{ sourceMaps: 'yes' as unknown as boolean }, 'sourceMaps', /true or false/],
    [{ stageName: 'no spaces' }, 'stageName', /not a stage name/],
    [{ apiType: 'graphql' as 'rest' }, 'apiType', /one of rest, http/],
    [
      { provisionedConcurrency: 5, reservedConcurrency: 2 },
      'provisionedConcurrency',
      /must not exceed reservedConcurrency/,
    ],
    [{ serviceName: 'a b' }, 'serviceName', /letters, digits/],
    [{ apiType: 'http', enableWaf: true }, 'enableWaf', /only applies with apiType 'rest'/],
  ] as const)('refuses %j, naming %s', (props, prop, message) => {
    const error = errorFor((team) => addService(team, props as ServiceProps));
    expect(error.origin).toBe('prop');
    expect(error.setting).toBe(prop);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`Invalid ZegoTokenService prop "${prop}"`);
  });

  it('needs at least one app client', () => {
    const error = errorFor((team) => addService(team, { userPoolClients: [] }));
    expect(error.setting).toBe('userPoolClients');
  });

  it('refuses a setting that would be ignored', () => {
    const onRest = errorFor((team) =>
      addService(team, { restApi: new RestApi(team.stack, 'Api'), stageName: 'v1' }),
    );
    expect([onRest.setting, onRest.problem]).toEqual([
      'stageName',
      'only applies to an API the construct creates (no restApi/httpApi)',
    ]);
    const parentAlone = errorFor((team) =>
      addService(team, { parentResource: new RestApi(team.stack, 'Api').root }),
    );
    expect(parentAlone.setting).toBe('parentResource');
    const both = errorFor((team) =>
      addService(team, {
        restApi: new RestApi(team.stack, 'Api'),
        httpApi: new HttpApi(team.stack, 'HttpApi'),
      }),
    );
    expect(both.setting).toBe('httpApi');
  });
});

/** The function role's statements other than X-Ray's and its own log group's. */
function secretStatements(team: TeamStack): Record<string, unknown>[] {
  const template = templateOf(team.stack);
  const role = onlyResource(template, 'AWS::Lambda::Function').resource.Properties.Role as {
    'Fn::GetAtt': [string];
  };
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: role['Fn::GetAtt'][0] }] },
    }),
  ) as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }[];
  expect(policies).toHaveLength(1);
  const document = policies[0]?.Properties.PolicyDocument ?? { Statement: [] };
  const statements = withoutXrayStatement(document).Statement;
  return statements.filter((st) => !String(st.Action).startsWith('logs:'));
}

function secretEnv(team: TeamStack): unknown {
  const fn = onlyResource(templateOf(team.stack), 'AWS::Lambda::Function').resource;
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables
    .ZEGO_SECRET_ID;
}

describe('ZegoTokenService: log groups', () => {
  it("keeps its log groups on cdk destroy unless logRemoval is 'destroy'", () => {
    const policies = (logRemoval?: 'retain' | 'destroy') => {
      const team = teamStack();
      addService(team, logRemoval === undefined ? {} : { logRemoval });
      const groups = templateOf(team.stack).findResources('AWS::Logs::LogGroup');
      return Object.values(groups).map((g) => (g as { DeletionPolicy?: string }).DeletionPolicy);
    };
    // The function's log group and the own API's access logs.
    expect(policies()).toEqual(['Retain', 'Retain']);
    expect(policies('destroy')).toEqual(['Delete', 'Delete']);
    expect(errorFor((team) => addService(team, { logRemoval: 'keep' as 'retain' })).setting).toBe(
      'logRemoval',
    );
  });
});

describe('ZegoTokenService: least privilege on the secret', () => {
  it('creates a retained placeholder secret and may GetSecretValue on it only', () => {
    const team = teamStack();
    const zego = addService(team);
    const template = templateOf(team.stack);
    const secret = onlyResource(template, 'AWS::SecretsManager::Secret');
    expect(secret.resource.DeletionPolicy).toBe('Retain');
    expect(secret.resource.Properties.GenerateSecretString).toMatchObject({
      SecretStringTemplate: '{"appId":0}',
      GenerateStringKey: 'serverSecret',
      PasswordLength: 32,
    });
    expect(secretStatements(team)).toEqual([
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: { Ref: secret.id },
        Sid: 'ReadZegoSecret',
      },
    ]);
    expect(secretEnv(team)).toEqual({ Ref: secret.id });
    expectServiceNagClean(team.stack, zego);
  });

  it('reads a secret given by complete ARN, decrypting with the given key through Secrets Manager', () => {
    const team = teamStack();
    addService(team, {
      secret: Secret.fromSecretCompleteArn(team.stack, 'Zs', SECRET_ARN),
      secretEncryptionKey: Key.fromKeyArn(team.stack, 'Zk', KEY_ARN),
    });
    const statements = secretStatements(team);
    expect(statements).toEqual([
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: SECRET_ARN,
        Sid: 'ReadZegoSecret',
      },
      {
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: KEY_ARN,
        Sid: 'DecryptZegoSecret',
        Condition: { StringEquals: { 'kms:ViaService': expect.anything() } },
      },
    ]);
    expect(JSON.stringify(statements[1]?.Condition)).toContain('secretsmanager.');
    expect(secretEnv(team)).toBe(SECRET_ARN);
    templateOf(team.stack).resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it('grants a secret known by name as name-?????? and passes the name', () => {
    const team = teamStack();
    addService(team, { secret: Secret.fromSecretNameV2(team.stack, 'Zs', 'prod/zego') });
    const [read] = secretStatements(team);
    const resource = JSON.stringify(read?.Resource);
    expect(resource).toContain(':secret:prod/zego-??????');
    expect(resource).not.toContain('*');
    expect(secretEnv(team)).toBe('prod/zego');
  });

  it("decrypts with the team secret's own customer managed key", () => {
    const team = teamStack();
    const key = new Key(team.stack, 'Key', { enableKeyRotation: true });
    addService(team, { secret: new Secret(team.stack, 'Secret', { encryptionKey: key }) });
    const template = templateOf(team.stack);
    const keyId = onlyResource(template, 'AWS::KMS::Key').id;
    const decrypt = secretStatements(team).find((st) => st.Sid === 'DecryptZegoSecret');
    expect(decrypt?.Resource).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });
});

describe('ZegoTokenService: the userId claim and the team app clients', () => {
  const warning = Match.stringLikeRegexp('userIdClaim "custom:zego_id".*write attributes');

  function withCustomClaim(clientProps: UserPoolClientOptions): TeamStack {
    const team = teamStack();
    const pool = new UserPool(team.stack, 'ZegoPool', {
      customAttributes: { zego_id: new StringAttribute({ mutable: true }) },
    });
    const client = pool.addClient('App', clientProps);
    addService(team, { userPool: pool, userPoolClients: [client], userIdClaim: 'custom:zego_id' });
    return team;
  }

  it('warns when an allowed client may write the claim (no write attributes)', () => {
    const team = withCustomClaim({});
    Annotations.fromStack(team.stack).hasWarning('/Team/Zego', warning);
  });

  it('does not warn when every client leaves the claim out of its write attributes', () => {
    const team = withCustomClaim({
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });
    Annotations.fromStack(team.stack).hasNoWarning('*', warning);
  });

  it('does not warn for sub, which Cognito alone sets', () => {
    const team = teamStack();
    addService(team);
    Annotations.fromStack(team.stack).hasNoWarning('*', Match.stringLikeRegexp('userIdClaim'));
  });
});
