// `--secret-file PATH` of `npm run invoke`: the ServerSecret on the file's first line (AppID from
// --app-id or ZEGO_APP_ID), or the whole value as Secrets Manager stores it,
// {"appId": …, "serverSecret": "…"}. Read as zego-token and ops read it (commons/secret-file.ts);
// errors say what is wrong, never what the value is.
import {
  appIdDiffers,
  parseSecretInput,
  readSecretFile as readSecretText,
  type SecretInput,
  SecretInputError,
} from '#commons/secret-file.ts';
import { InvalidSecretValueError, toZegoAppSecret } from '#commons/secrets/secret-source.ts';
import { type Env, TOOL_ENV } from '#contract/env.ts';
import { UsageError } from './args.ts';

export function readSecretFile(
  path: string,
  appIdOption: string | undefined,
  env: Env = process.env,
): { appId: number; serverSecret: string } {
  let text: string | undefined;
  let input: SecretInput;
  try {
    text = readSecretText(path);
    input = parseSecretInput(text);
  } catch (error) {
    if (!(error instanceof SecretInputError)) throw error;
    // The reading error names --secret-file already.
    throw new UsageError(text === undefined ? error.message : `--secret-file: ${error.message}`);
  }
  let appId: unknown = input.appId;
  if (input.json) {
    if (appIdDiffers(appIdOption?.trim(), input.appId)) {
      throw new UsageError('--app-id differs from the appId in --secret-file');
    }
  } else {
    const given = appIdOption ?? env[TOOL_ENV.appId];
    if (given === undefined || given.trim() === '') {
      throw new UsageError(
        `--secret-file holds a ServerSecret only: give the AppID with --app-id or ${TOOL_ENV.appId}`,
      );
    }
    appId = given.trim();
  }
  try {
    const credentials = toZegoAppSecret({ appId, serverSecret: input.serverSecret });
    return { appId: credentials.appId, serverSecret: credentials.serverSecret };
  } catch (error) {
    if (!(error instanceof InvalidSecretValueError)) throw error;
    throw new UsageError(`--secret-file: ${error.problems.join('; ')}`);
  }
}
