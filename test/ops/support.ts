// Runs the operator commands as a user does: a child process with piped stdin, real SDK clients
// pointed at local stand-ins through the standard AWS_ENDPOINT_URL_<SERVICE> settings.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

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
