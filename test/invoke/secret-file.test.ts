// `npm run invoke -- --secret-file PATH`: the file read as zego-token and ops read it (either
// form, after a UTF-8 byte order mark), with errors that never quote the file.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../functions/invoke/args.ts';
import { readSecretFile } from '../../functions/invoke/secret-file.ts';
import { tempDirs } from '../support/temp-dir.ts';

const SECRET = '7f3e9a0b1c2d4e5f60718293a4b5c6d7';
const files = tempDirs('zego-invoke-secret-');
const NO_ENV = {};

function refusal(path: string, appId?: string): string {
  try {
    readSecretFile(path, appId, NO_ENV);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain(SECRET);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('invoke --secret-file', () => {
  it('reads the JSON value after a UTF-8 byte order mark (Notepad, PowerShell)', () => {
    const path = files.file(
      'bom.json',
      `\uFEFF${JSON.stringify({ appId: 42, serverSecret: SECRET })}\n`,
    );
    expect(readSecretFile(path, undefined, NO_ENV)).toEqual({ appId: 42, serverSecret: SECRET });
    expect(readSecretFile(path, '42', NO_ENV)).toEqual({ appId: 42, serverSecret: SECRET });
  });

  it('reads the secret on the first line after a byte order mark, the AppID from --app-id or ZEGO_APP_ID', () => {
    const path = files.file('bom.txt', `\uFEFF${SECRET}\r\nnot read\n`);
    expect(readSecretFile(path, '42', NO_ENV)).toEqual({ appId: 42, serverSecret: SECRET });
    expect(readSecretFile(path, undefined, { ZEGO_APP_ID: ' 7 ' })).toEqual({
      appId: 7,
      serverSecret: SECRET,
    });
    expect(refusal(path)).toBe(
      '--secret-file holds a ServerSecret only: give the AppID with --app-id or ZEGO_APP_ID',
    );
  });

  it('refuses broken JSON, an --app-id of another app, an unreadable file', () => {
    const broken = files.file('broken.json', `{"appId": 42, "serverSecret": "${SECRET}"`);
    expect(refusal(broken)).toBe('--secret-file: the input starts with "{" but is not valid JSON');
    const json = files.file('value.json', JSON.stringify({ appId: 42, serverSecret: SECRET }));
    expect(refusal(json, '43')).toBe('--app-id differs from the appId in --secret-file');
    const missing = `${files.make()}/${SECRET}`;
    expect(refusal(missing)).toBe(
      `cannot read --secret-file (a path of ${missing.length} characters, not shown): ENOENT, no such file`,
    );
  });
});
