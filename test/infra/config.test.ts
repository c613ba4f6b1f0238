import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, type ContextKey, readTokenServiceConfig } from '../../infra/config.ts';
import { readDeployOptions } from '../../infra/deploy-options.ts';
import { configError } from './support.ts';

function read(context: Partial<Record<ContextKey, unknown>> = {}) {
  return readTokenServiceConfig((key) => context[key]);
}

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/zego-AbC123';

describe('readTokenServiceConfig', () => {
  it('defaults to creating the user pool and the secret with the documented policy', () => {
    const config = read();
    expect(config.stackName).toBe('ZegoTokenService');
    expect(config.userPool).toEqual({
      kind: 'create',
      selfSignUp: false,
      mfa: 'optional',
      featurePlan: 'essentials',
    });
    expect(config.secret).toEqual({ kind: 'create' });
    expect(config.secretKmsKeyArn).toBeUndefined();
    expect(config.policy).toEqual({
      userIdClaim: 'sub',
      userIdMaxBytes: 32,
      publishGroups: [],
      roomIdPattern: '',
      defaultTtlSeconds: 3600,
      maxTtlSeconds: 86_400,
      allowedClientIds: [],
      secretCacheSeconds: 300,
      secretMaxStaleSeconds: 900,
    });
    expect(config.corsOrigins).toEqual([]);
    expect(config.throttleRateLimit).toBe(50);
    expect(config.throttleBurstLimit).toBe(100);
    expect(config.wafEnabled).toBe(false);
    expect(config.alarmEmail).toBeUndefined();
    expect(config.logRetentionDays).toBe(30);
    expect(config.logRemoval).toBe('retain');
    expect(config.memorySizeMb).toBe(256);
    expect(config.reservedConcurrency).toBeUndefined();
    expect(config.sourceMaps).toBe(false);
    expect(config.apiGatewayCloudWatchRole).toBe(true);
    expect(config.stageName).toBe('prod');
  });

  it('accepts command-line strings and cdk.json JSON types alike', () => {
    const fromCli = read({
      selfSignUp: 'true',
      maxTtlSeconds: '7200',
      publishGroups: 'hosts, moderators',
      corsOrigins: 'https://app.example.com,https://admin.example.com',
      enableWaf: 'true',
      userIdMaxBytes: '64',
      sourceMaps: 'true',
    });
    const fromJson = read({
      selfSignUp: true,
      maxTtlSeconds: 7200,
      publishGroups: ['hosts', 'moderators'],
      corsOrigins: ['https://app.example.com', 'https://admin.example.com'],
      enableWaf: true,
      userIdMaxBytes: 64,
      sourceMaps: true,
    });
    expect(fromCli).toEqual(fromJson);
    expect(fromCli.userPool).toMatchObject({ kind: 'create', selfSignUp: true });
    expect(fromCli.policy.publishGroups).toEqual(['hosts', 'moderators']);
    expect(fromCli.policy.maxTtlSeconds).toBe(7200);
    expect(fromCli.policy.defaultTtlSeconds).toBe(3600);
    expect(fromCli.policy.userIdMaxBytes).toBe(64);
    expect(fromCli.wafEnabled).toBe(true);
    expect(fromCli.sourceMaps).toBe(true);
    expect(read({ sourceMaps: 'false' }).sourceMaps).toBe(false);
    // A JSON array typed on the command line is one too, not a list split at its commas.
    expect(read({ publishGroups: '["hosts", "mods"]' }).policy.publishGroups).toEqual([
      'hosts',
      'mods',
    ]);
    expect(read({ sourceMaps: false }).sourceMaps).toBe(false);
  });

  it('accepts KMS key ARNs of both key ID shapes', () => {
    for (const arn of [
      'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab',
    ]) {
      expect(read({ secretKmsKeyArn: arn }).secretKmsKeyArn).toBe(arn);
    }
  });

  it('caps the default lifetime at a smaller maximum, as the function does', () => {
    expect(read({ maxTtlSeconds: 600 }).policy.defaultTtlSeconds).toBe(600);
  });

  it('imports a user pool with its app client, and a secret by ARN or by name', () => {
    const imported = read({
      userPoolId: 'eu-west-1_AbCdEf123',
      userPoolClientId: '4abc5def6ghi7jkl',
      secretArn: ARN,
    });
    expect(imported.userPool).toEqual({
      kind: 'import',
      userPoolId: 'eu-west-1_AbCdEf123',
      userPoolClientId: '4abc5def6ghi7jkl',
    });
    expect(imported.secret).toEqual({ kind: 'import-arn', secretArn: ARN });
    expect(read({ secretName: 'prod/zego' }).secret).toEqual({
      kind: 'import-name',
      secretName: 'prod/zego',
    });
  });

  it.each([
    [{ userPoolId: 'eu-west-1_AbC' }, 'userPoolClientId', /required when userPoolId/],
    [{ userPoolClientId: 'abc' }, 'userPoolClientId', /only valid together with userPoolId/],
    [{ userPoolId: 'not-a-pool', userPoolClientId: 'abc' }, 'userPoolId', /not a user pool ID/],
    [
      { userPoolId: 'eu-west-1_AbC', userPoolClientId: 'abc', mfa: 'required' },
      'mfa',
      /only applies when the stack creates/,
    ],
    [{ secretArn: ARN, secretName: 'x' }, 'secretArn', /not both/],
    [
      { secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/zego' },
      'secretArn',
      /complete secret ARN/,
    ],
    [{ secretName: 'arn:aws:secretsmanager:x' }, 'secretName', /not a secret name/],
    [{ secretKmsKeyArn: 'alias/aws/secretsmanager' }, 'secretKmsKeyArn', /KMS key ARN/],
    // Shapes CloudFormation's schema check refuses (key IDs are UUIDs or mrk- and 32 hex digits).
    [
      { secretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/my_key' },
      'secretKmsKeyArn',
      /KMS key ARN/,
    ],
    [
      {
        secretKmsKeyArn:
          'arn:aws:kms:eu-west-1:123456789012:key/1234ABCD-12AB-34CD-56EF-1234567890AB',
      },
      'secretKmsKeyArn',
      /KMS key ARN/,
    ],
    [
      { secretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/zego' },
      'secretKmsKeyArn',
      /not an alias/,
    ],
    [{ publishGroups: ['x,publishers'] }, 'publishGroups', /contains ","/],
    [{ publishGroups: 'hosts,my group' }, 'publishGroups', /not a Cognito group name/],
    [{ publishGroups: '["x,publishers"]' }, 'publishGroups', /contains ","/],
    [{ publishGroups: '["hosts",]' }, 'publishGroups', /JSON array of strings/],
    [{ allowedClientIds: ['a,b'] }, 'allowedClientIds', /contains ","/],
    [{ logRemoval: 'delete' }, 'logRemoval', /one of retain, destroy/],
    [{ mfa: 'sometimes' }, 'mfa', /one of off, optional, required/],
    [{ selfSignUp: 'yes' }, 'selfSignUp', /true or false/],
    [{ sourceMaps: 'on' }, 'sourceMaps', /true or false/],
    [{ sourceMaps: 1 }, 'sourceMaps', /true or false/],
    [{ defaultTtlSeconds: 59 }, 'defaultTtlSeconds', /from 60 to 2073600/],
    [{ maxTtlSeconds: '2073601' }, 'maxTtlSeconds', /from 60 to 2073600/],
    [{ maxTtlSeconds: '1h' }, 'maxTtlSeconds', /integer/],
    [{ defaultTtlSeconds: 7200, maxTtlSeconds: 3600 }, 'defaultTtlSeconds', /must not exceed/],
    [{ roomIdPattern: 'room-(' }, 'roomIdPattern', /regular expression/],
    [{ roomIdPattern: '(?!admin)[a-z]+' }, 'roomIdPattern', /RE2 syntax/],
    [{ roomIdPattern: '(a+)\\1' }, 'roomIdPattern', /RE2 syntax/],
    [{ corsOrigins: 'https://app.example.com/' }, 'corsOrigins', /scheme and host/],
    [{ corsOrigins: '*,https://app.example.com' }, 'corsOrigins', /cannot be combined/],
    [{ publishGroups: [1] }, 'publishGroups', /must be strings/],
    [{ userIdMaxBytes: 48 }, 'userIdMaxBytes', /one of 32, 64/],
    [{ logRetentionDays: 10 }, 'logRetentionDays', /one of 1, 3, 5/],
    [{ alarmEmail: 'ops' }, 'alarmEmail', /e-mail/],
    [{ throttleRateLimit: 0 }, 'throttleRateLimit', /from 1 to/],
    [{ wafRateLimit: 5 }, 'wafRateLimit', /from 10 to/],
    [{ stackName: '1stack' }, 'stackName', /stack name/],
  ] as const)('refuses %j, naming %s', (context, key, message) => {
    const error = configError(() => read(context as Partial<Record<ContextKey, unknown>>));
    expect(error.key).toBe(key);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`"${key}"`);
  });

  it('reads only the documented keys', () => {
    const seen = new Set<string>();
    const reader = (key: ContextKey) => {
      seen.add(key);
      return undefined;
    };
    readTokenServiceConfig(reader);
    // The rest are deployment options (infra/deploy-options.ts).
    readDeployOptions(reader);
    expect([...seen].sort()).toEqual([...CONTEXT_KEYS].sort());
  });
});
