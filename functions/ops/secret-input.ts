// The AppID and ServerSecret an operator stores, read from a file, piped stdin or a hidden prompt
// (never argv) and checked with the function's own rules (toZegoAppSecret → validateAppId,
// validateSecret). The stack's placeholder (appId 0, see infra/constructs/zego-secret.ts) and
// empty values are refused. Error messages say what is wrong, never what the value is.

import {
  appIdDiffers,
  parseSecretInput,
  readSecretFile,
  type SecretInput,
  SecretInputError,
} from '#commons/secret-file.ts';
import {
  InvalidSecretValueError,
  toZegoAppSecret,
  type ZegoAppSecret,
} from '#commons/secrets/secret-source.ts';
import { TOOL_ENV } from '#contract/env.ts';
import { PLACEHOLDER_APP_ID } from '#contract/secret-placeholder.ts';
import { OpsError, type OpsIo, UsageError } from './io.ts';
import { isTerminal, promptHidden, promptVisible, readAllStdin } from './prompt.ts';

export interface SecretInputOptions {
  /** File holding the ServerSecret (first line) or the whole JSON value. */
  secretFile?: string;
  /** --app-id (the AppID is not secret). */
  appId?: string;
  /** AppID to use when none is given (rotate: the one stored now). */
  fallbackAppId?: number;
}

/** True when a stored SecretString is still the stack's placeholder. */
export function isPlaceholderValue(secretString: string): boolean {
  try {
    const appId = (JSON.parse(secretString) as { appId?: unknown } | null)?.appId;
    return appId === PLACEHOLDER_APP_ID || appId === String(PLACEHOLDER_APP_ID);
  } catch {
    return false;
  }
}

function refusePlaceholderAppId(appId: unknown): void {
  if (
    appId !== undefined &&
    appId !== null &&
    String(appId).trim() === String(PLACEHOLDER_APP_ID)
  ) {
    throw new OpsError(
      "refused: AppID 0 is the placeholder the stack creates; give your ZEGOCLOUD project's AppID. Nothing written.",
    );
  }
}

function validated(appId: unknown, serverSecret: unknown): ZegoAppSecret {
  refusePlaceholderAppId(appId);
  try {
    return toZegoAppSecret({ appId, serverSecret });
  } catch (error) {
    if (!(error instanceof InvalidSecretValueError)) throw error;
    const empty = serverSecret === '' ? ' (the ServerSecret given was empty)' : '';
    throw new OpsError(`refused: ${error.problems.join('; ')}${empty}. Nothing written.`);
  }
}

async function readSecretText(io: OpsIo, options: SecretInputOptions): Promise<string> {
  if (options.secretFile !== undefined) return readSecretFile(options.secretFile);
  if (!isTerminal(io.stdin)) return readAllStdin(io);
  const first = await promptHidden(io, 'ZEGO ServerSecret (32 characters, input hidden): ');
  const again = await promptHidden(io, 'Again, to confirm: ');
  if (first !== again) throw new OpsError('the two entries differ. Nothing written.');
  return first;
}

async function resolveAppId(io: OpsIo, options: SecretInputOptions): Promise<unknown> {
  const given = options.appId ?? io.env[TOOL_ENV.appId];
  if (given !== undefined && given !== '') return given.trim();
  if (options.fallbackAppId !== undefined) return options.fallbackAppId;
  if (options.secretFile === undefined && isTerminal(io.stdin)) {
    return promptVisible(io, 'ZEGO AppID: ');
  }
  return undefined;
}

/** Reads and validates the value to store: `{appId, serverSecret}`. */
export async function readZegoSecretInput(
  io: OpsIo,
  options: SecretInputOptions,
): Promise<ZegoAppSecret> {
  // On a terminal the AppID is asked first, then the hidden ServerSecret.
  const appId = await resolveAppId(io, options);
  let input: SecretInput;
  try {
    input = parseSecretInput(await readSecretText(io, options));
  } catch (error) {
    if (!(error instanceof SecretInputError)) throw error;
    throw new OpsError(`refused: ${error.message}. Nothing written.`);
  }
  if (input.json) {
    refusePlaceholderAppId(input.appId);
    if (appIdDiffers(appId, input.appId)) {
      throw new UsageError('--app-id differs from the appId in the JSON input');
    }
    return validated(input.appId ?? appId, input.serverSecret);
  }
  if (appId === undefined) {
    throw new UsageError(
      `no AppID: pass --app-id N (or ${TOOL_ENV.appId}), or give the JSON {"appId":…,"serverSecret":…}`,
    );
  }
  return validated(appId, input.serverSecret);
}
