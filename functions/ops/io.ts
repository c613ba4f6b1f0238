// What every operator command gets: its streams and environment, and the two kinds of failure it
// reports (a usage error, exit 2; an operational error, exit 1). Messages never carry the secret.
import type { Readable } from 'node:stream';
import { describeSdkError, isSdkError } from '#commons/aws-error.ts';

/** Standard input as a prompt needs it (a TTY has isTTY and setRawMode). */
export type PromptInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export interface OpsIo {
  env: NodeJS.ProcessEnv;
  stdin: PromptInput;
  stdout: (text: string) => void;
  /** Diagnostics and prompts (so stdout stays clean for --json). */
  stderr: (text: string) => void;
}

export class UsageError extends Error {}

/** A failure the operator can act on; `exitCode` 1 unless said otherwise. */
export class OpsError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The AWS error name (e.g. AccessDeniedException), or undefined for other errors. */
export function awsErrorName(error: unknown): string | undefined {
  return isSdkError(error) ? (error as Error).name : undefined;
}

/**
 * One line for an AWS SDK error: what was attempted, then the function's redaction rule
 * (functions/commons/aws-error.ts: name, HTTP status, request ID, no message once the service
 * answered), with a hint for the usual causes.
 */
export function awsFailure(action: string, error: unknown): OpsError {
  if (!(error instanceof Error)) return new OpsError(`${action} failed`);
  const client = isSdkError(error) ? '' : `${error.name} ${error.message}`;
  let hint = '';
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(error.name)) {
    hint = ' — your AWS credentials lack this permission (check the profile/role you run with)';
  } else if (/Region is missing|Region not accepted/.test(client)) {
    hint = ' — no AWS region: set AWS_REGION (or a profile with a region) or pass --region';
  } else if (/CredentialsProviderError|Could not load credentials/.test(client)) {
    hint = ' — no AWS credentials found (set AWS_PROFILE or run `aws configure`)';
  }
  return new OpsError(`${action} failed: ${describeSdkError(error)}${hint}`);
}

/**
 * Any failure as one line for an operator: an AWS SDK error by the redaction rule, any other
 * error (ours say what is wrong, never a value) by its message.
 */
export function failureText(error: unknown): string {
  if (isSdkError(error)) return describeSdkError(error);
  return error instanceof Error ? error.message : 'failed';
}
