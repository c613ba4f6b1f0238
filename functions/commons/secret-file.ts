// The ServerSecret as operators hand it to the tools (zego-token, npm run ops): a file or piped
// text holding either the secret on its first line or the JSON value the stack stores,
// {"appId": …, "serverSecret": "…"}. Read the same way by both tools. Messages never quote the
// content, nor the path (a secret typed after --secret-file by mistake would be the path).
import { readFileSync } from 'node:fs';

/** The input cannot be used; the message names the problem only. */
export class SecretInputError extends Error {
  override readonly name = 'SecretInputError';
}

/** What was given: the ServerSecret, and the AppID when the input was the JSON value. */
export interface SecretInput {
  readonly serverSecret: unknown;
  /** Present only when the JSON value had an appId member. */
  readonly appId?: unknown;
  readonly json: boolean;
}

const BOM = '\uFEFF';

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the path is too long',
};

/** Reads a secret file; an error names the problem and the path's length, never the path. */
export function readSecretFile(path: string, option = '--secret-file'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = String((error as NodeJS.ErrnoException).code ?? 'EIO');
    const problem = READ_PROBLEMS[code] ?? 'unreadable';
    throw new SecretInputError(
      `cannot read ${option} (a path of ${path.length} characters, not shown): ${code}, ${problem}`,
    );
  }
}

/** The first line, trimmed (a trailing newline from `echo` or an editor is not part of it). */
export function firstLine(text: string): string {
  return (text.split(/\r?\n/, 1)[0] ?? '').trim();
}

/**
 * Reads the secret from file or piped text: JSON when it starts with "{", else the first line. A
 * leading UTF-8 byte order mark (Notepad and PowerShell write one) is dropped.
 */
export function parseSecretInput(raw: string): SecretInput {
  const text = raw.startsWith(BOM) ? raw.slice(BOM.length) : raw;
  if (!text.trimStart().startsWith('{')) return { serverSecret: firstLine(text), json: false };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the input.
    throw new SecretInputError('the input starts with "{" but is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SecretInputError(
      'the JSON input must be an object {"appId": …, "serverSecret": "…"}',
    );
  }
  const { appId, serverSecret } = value as Record<string, unknown>;
  return { serverSecret, json: true, ...(appId === undefined ? {} : { appId }) };
}

/**
 * True when an AppID given beside a JSON input (--app-id, ZEGO_APP_ID) names another app than
 * the input's own appId. Each tool refuses it in its own words.
 */
export function appIdDiffers(given: unknown, fromInput: unknown): boolean {
  return given !== undefined && fromInput !== undefined && String(given) !== String(fromInput);
}
