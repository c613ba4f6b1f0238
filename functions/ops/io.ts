// What every operator command gets: its streams and environment, and the two kinds of failure it
// reports (a usage error, exit 2; an operational error, exit 1). Messages never carry the secret.
import type { Readable } from 'node:stream';

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

interface AwsErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The AWS error name (e.g. AccessDeniedException), or undefined for other errors. */
export function awsErrorName(error: unknown): string | undefined {
  const shape = error as AwsErrorShape;
  return error instanceof Error && shape.$metadata !== undefined ? shape.name : undefined;
}

/** One line for an AWS SDK error: what was attempted, the service's name and message. */
export function awsFailure(action: string, error: unknown): OpsError {
  if (!(error instanceof Error)) return new OpsError(`${action} failed`);
  const shape = error as AwsErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  let hint = '';
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(error.name)) {
    hint = ' — your AWS credentials lack this permission (check the profile/role you run with)';
  } else if (/Region is missing|Region not accepted/.test(error.message)) {
    hint = ' — no AWS region: set AWS_REGION (or a profile with a region) or pass --region';
  } else if (
    /CredentialsProviderError|Could not load credentials/.test(`${error.name} ${error.message}`)
  ) {
    hint = ' — no AWS credentials found (set AWS_PROFILE or run `aws configure`)';
  }
  const where = status === undefined ? '' : ` (HTTP ${status})`;
  return new OpsError(`${action} failed: ${error.name}${where}: ${error.message}${hint}`);
}
