// The Lambda entry module (functions/token/handler.ts) as Lambda loads it, in the test's own
// process: a fresh copy of the module each time, its configuration in process.env (which the
// module reads when it loads), and process.env put back afterwards.
import { vi } from 'vitest';
import type { TokenHandler } from '../../functions/token/create-handler.ts';

const savedEnv = { ...process.env };

/** Puts process.env back as it was when the test file started. */
export function restoreEnv(): void {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
}

/**
 * Loads a fresh copy of the entry module with the function's environment: a region, credentials
 * and Powertools' names as Lambda sets them, Secrets Manager at `secretsManagerUrl`, then `env`
 * (a variable set to undefined is left out). No other ZEGO_, POWERTOOLS_ or AWS_ variable is set.
 */
export async function loadLambdaEntry(
  secretsManagerUrl: string,
  env: Record<string, string | undefined>,
): Promise<TokenHandler> {
  restoreEnv();
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('ZEGO_') || key.startsWith('POWERTOOLS_') || key.startsWith('AWS_')) {
      delete process.env[key];
    }
  }
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'not-a-real-key',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManagerUrl,
    POWERTOOLS_SERVICE_NAME: 'zego-token',
    POWERTOOLS_METRICS_NAMESPACE: 'ZegoToken',
    ...env,
  });
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  vi.resetModules();
  const entry = await import('../../functions/token/handler.ts');
  return entry.handler;
}
