// `--secret-file PATH` of `npm run invoke`: the ServerSecret on the file's first line (AppID from
// --app-id or ZEGO_APP_ID), or the whole value as Secrets Manager stores it,
// {"appId": …, "serverSecret": "…"}. Errors say what is wrong, never what the value is.
import { readFileSync } from 'node:fs';
import { InvalidSecretValueError, toZegoAppSecret } from '#commons/secrets/secret-source.ts';
import { type Env, TOOL_ENV } from '#contract/env.ts';
import { UsageError } from './args.ts';

export function readSecretFile(
  path: string,
  appIdOption: string | undefined,
  env: Env = process.env,
): { appId: number; serverSecret: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read --secret-file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let value: { appId?: unknown; serverSecret?: unknown };
  if (text.trimStart().startsWith('{')) {
    try {
      value = JSON.parse(text) as typeof value;
    } catch {
      throw new UsageError('--secret-file starts with "{" but is not valid JSON');
    }
    if (appIdOption !== undefined && String(value.appId) !== appIdOption.trim()) {
      throw new UsageError('--app-id differs from the appId in --secret-file');
    }
  } else {
    const appId = appIdOption ?? env[TOOL_ENV.appId];
    if (appId === undefined || appId.trim() === '') {
      throw new UsageError(
        `--secret-file holds a ServerSecret only: give the AppID with --app-id or ${TOOL_ENV.appId}`,
      );
    }
    value = { appId: appId.trim(), serverSecret: (text.split(/\r?\n/, 1)[0] ?? '').trim() };
  }
  try {
    const credentials = toZegoAppSecret(value);
    return { appId: credentials.appId, serverSecret: credentials.serverSecret };
  } catch (error) {
    if (!(error instanceof InvalidSecretValueError)) throw error;
    throw new UsageError(`--secret-file: ${error.problems.join('; ')}`);
  }
}
