// Runs the operator commands as a user does: a child process with piped stdin, real SDK clients
// pointed at local stand-ins through the standard AWS_ENDPOINT_URL_<SERVICE> settings.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  type FakeCloudFormation,
  startFakeCloudFormation,
} from '../support/fake-cloudformation.ts';
import { type FakeLambda, startFakeLambda } from '../support/fake-lambda.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';

export const REPO_ROOT = new URL('../..', import.meta.url).pathname;
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');

export interface Endpoints {
  cloudFormation?: string;
  secretsManager?: string;
  lambda?: string;
  cognito?: string;
}

/** A clean environment: fake credentials, a region, the stand-ins' endpoints, nothing else AWS. */
export function awsEnv(endpoints: Endpoints): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('ZEGO_')) env[key] = value;
  }
  return {
    ...env,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIAFAKEOPS',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-key',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(endpoints.cloudFormation
      ? { AWS_ENDPOINT_URL_CLOUDFORMATION: endpoints.cloudFormation }
      : {}),
    ...(endpoints.secretsManager
      ? { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager }
      : {}),
    ...(endpoints.lambda ? { AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda } : {}),
    ...(endpoints.cognito ? { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito } : {}),
  };
}

/** The deployed stack's function and secret, as the stand-ins of startDeployedStack know them. */
export const DEPLOYED_FUNCTION = 'zego-token-fn';
export const DEPLOYED_SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ZegoSecret-AbCdEf';

export interface DeployedStack {
  cfn: FakeCloudFormation;
  sm: FakeSecretsManager;
  lambda: FakeLambda;
  /** The commands' environment (awsEnv), pointing at the three. */
  env: NodeJS.ProcessEnv;
}

/**
 * Stand-ins of a deployed stack: CloudFormation describes stack ZegoTokenService with its function
 * DEPLOYED_FUNCTION and the outputs SecretArn (DEPLOYED_SECRET_ARN) and `outputs`; Secrets Manager
 * holds the secret ZegoSecret; Lambda starts empty. The caller closes the three.
 */
export async function startDeployedStack(
  outputs: Record<string, string> = {},
): Promise<DeployedStack> {
  const [cfn, sm, lambda] = await Promise.all([
    startFakeCloudFormation(),
    startFakeSecretsManager({ secretName: 'ZegoSecret' }),
    startFakeLambda(),
  ]);
  cfn.stacks.set('ZegoTokenService', {
    outputs: { ...outputs, SecretArn: DEPLOYED_SECRET_ARN },
    resources: { TokenFunction1A2B3C: ['AWS::Lambda::Function', DEPLOYED_FUNCTION] },
  });
  const env = awsEnv({ cloudFormation: cfn.url, secretsManager: sm.url, lambda: lambda.url });
  return { cfn, sm, lambda, env };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `tsx functions/ops/main.ts …` (what `npm run ops --` runs), stdin piped (closed when absent). */
export function runOps(
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdin?: string; npm?: boolean },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = options.npm
      ? spawn('npm', ['run', '-s', 'ops', '--', ...args], { cwd: REPO_ROOT, env: options.env })
      : spawn(TSX, [join(REPO_ROOT, 'functions/ops/main.ts'), ...args], {
          cwd: REPO_ROOT,
          env: options.env,
        });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
