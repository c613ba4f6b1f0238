// What the zego-token CLI reads besides its options: the ServerSecret and, from the JSON value
// `{"appId","serverSecret"}` that `npm run ops -- put-secret` accepts, the AppID. The secret never
// comes from argv; the file reading and the JSON form are shared with ops (functions/commons/).
import {
  appIdDiffers,
  firstLine,
  parseSecretInput,
  readSecretFile,
  type SecretInput,
} from '#commons/secret-file.ts';
import { TOOL_ENV } from '#contract/env.ts';
import type { CliIo } from './cli.ts';

/** A mistake on the command line (exit 2, usage shown). */
export class UsageError extends Error {}

export const APP_ID_REQUIRED = `--app-id is required (or set ${TOOL_ENV.appId}, or give the JSON {"appId","serverSecret"} secret file)`;

export function parseInteger(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${name} must be a whole number`);
  return Number(text);
}

/** The secret, and the AppID when it came as the JSON value. */
export interface GivenSecret {
  secret: string;
  appId?: unknown;
}

/**
 * The secret from the first source given: --secret-file (the secret on its first line, or the
 * JSON value), ZEGO_SERVER_SECRET, piped stdin (either form), or the hidden prompt.
 */
export async function readSecret(
  secretFile: string | undefined,
  io: CliIo,
  stdinTaken: boolean,
): Promise<GivenSecret> {
  let input: SecretInput;
  if (secretFile !== undefined) {
    input = parseSecretInput(readSecretFile(secretFile));
  } else {
    const fromEnv = io.env[TOOL_ENV.serverSecret];
    if (fromEnv !== undefined && fromEnv !== '') return { secret: fromEnv };
    if (stdinTaken) {
      throw new UsageError(
        `the token is read from stdin, so give the secret by ${TOOL_ENV.serverSecret} or --secret-file`,
      );
    }
    const piped = await io.readStdin();
    if (piped === undefined && io.promptSecret !== undefined) {
      return { secret: (await io.promptSecret()).trim() };
    }
    if (piped === undefined || firstLine(piped) === '') {
      throw new UsageError(
        `no secret: pass --secret-file PATH, set ${TOOL_ENV.serverSecret}, pipe it on stdin, or run on a terminal to be asked`,
      );
    }
    input = parseSecretInput(piped);
  }
  if (typeof input.serverSecret !== 'string' || input.serverSecret === '') {
    throw new UsageError(
      input.json ? 'the JSON input has no "serverSecret" string' : 'the secret file is empty',
    );
  }
  return { secret: input.serverSecret, ...(input.json ? { appId: input.appId } : {}) };
}

/** --app-id (or ZEGO_APP_ID), checked against the AppID of a JSON secret input. */
export function resolveAppId(given: string | undefined, fromSecret: unknown): number {
  const flag = parseInteger(given, '--app-id');
  if (fromSecret === undefined || fromSecret === null) {
    if (flag !== undefined) return flag;
    throw new UsageError(APP_ID_REQUIRED);
  }
  if (appIdDiffers(flag, fromSecret)) {
    throw new UsageError('--app-id differs from the appId in the JSON secret input');
  }
  return parseInteger(String(fromSecret), 'the appId in the JSON secret input') as number;
}
