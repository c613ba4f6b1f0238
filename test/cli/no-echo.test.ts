// zego-token never echoes what it cannot use: a ServerSecret typed as an argument, as an option
// or as a --secret-file path is reported by position and length (captured stderr). And the
// secret file may be the JSON value ops stores, with or without a UTF-8 byte order mark.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/cli.ts';
import { decodeToken } from '../../functions/core/index.ts';
import { referenceGcm04 } from '../support/reference-token.ts';
import { tempDirs } from '../support/temp-dir.ts';

const SECRET = '7c1e3a9b5d2f4e6a8b0c1d2e3f4a5b6c';
const fixtures = tempDirs('zego-cli-echo-');

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, stdin?: string) {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    env,
    readStdin: async () => stdin,
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}

const TOKEN = referenceGcm04(
  { appId: 5, userId: 'u', secret: SECRET, nonce: 1, ctime: 1, expire: 61, payload: '' },
  Buffer.alloc(12, 3),
);

describe('a secret typed in the wrong place is not echoed', () => {
  it.each([
    [
      'a stray argument to generate',
      ['generate', '--app-id', '1', '--user-id', 'u', SECRET],
      /unexpected argument 6 \(32 characters, not shown\)/,
    ],
    ['a second argument to decode', ['decode', TOKEN, SECRET], /unexpected argument 3 \(32/],
    ['an unknown command', [SECRET], /unknown command argument 1 \(32 characters/],
    ['help for an unknown command', ['help', SECRET], /unknown command argument 2 \(32/],
    [
      'an unknown option',
      ['generate', '--app-id', '1', `--${SECRET}`],
      /unknown option: argument 4 \(34 characters, not shown\)/,
    ],
    [
      'an unknown option with a value',
      ['decode', TOKEN, `--key=${SECRET}`],
      /unknown option --key\n/,
    ],
  ])('%s: exit 2, position and length only', async (_, argv, message) => {
    const { code, err, out } = await cli(argv, { ZEGO_SERVER_SECRET: 'f'.repeat(32) });
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(`${err}${out}`).not.toContain(SECRET);
    expect(`${err}${out}`).not.toContain(SECRET.slice(0, 8));
  });

  it('a mistyped option or command is still named', async () => {
    expect((await cli(['genrate'])).err).toMatch(/unknown command "genrate"/);
    expect((await cli(['decode', TOKEN, '--secret-fle', 'x'])).err).toMatch(
      /unknown option --secret-fle\n/,
    );
  });

  it.each([
    ['--secret-file', SECRET],
    ['--secret-file', `${fixtures.make()}/${SECRET}`],
  ])('an unreadable %s path: exit 1, the problem and the length only', async (flag, path) => {
    const { code, err } = await cli(['decode', TOKEN, `${flag}=${path}`]);
    expect(code).toBe(1);
    expect(err).toMatch(
      new RegExp(
        `cannot read --secret-file \\(a path of ${path.length} characters, not shown\\): ENOENT, no such file`,
      ),
    );
    expect(err).not.toContain(SECRET);
  });
});

describe('the secret file', () => {
  const json = JSON.stringify({ appId: 77, serverSecret: SECRET });

  it.each([
    ['the secret on its first line', `${SECRET}\n`],
    ['the JSON value ops stores', json],
    ['the secret after a UTF-8 byte order mark', `\uFEFF${SECRET}\r\n`],
    ['the JSON value after a UTF-8 byte order mark', `\uFEFF${json}\n`],
  ])('may hold %s', async (_, content) => {
    const file = fixtures.file('secret', content);
    const decoded = await cli(['decode', TOKEN, '--secret-file', file]);
    expect(decoded.code, decoded.err).toBe(0);
    expect(JSON.parse(decoded.out).userId).toBe('u');
    const made = await cli([
      'generate',
      '--app-id',
      '77',
      '--user-id',
      'bob',
      '--secret-file',
      file,
    ]);
    expect(made.code, made.err).toBe(0);
    expect(decodeToken(made.out.trim(), SECRET)).toMatchObject({ appId: 77, userId: 'bob' });
  });

  it('gives generate its AppID when it is the JSON value; a different --app-id is refused', async () => {
    const file = fixtures.file('zego.json', json);
    const made = await cli(['generate', '--user-id', 'bob', '--secret-file', file]);
    expect(made.code, made.err).toBe(0);
    expect(decodeToken(made.out.trim(), SECRET).appId).toBe(77);
    const piped = await cli(['generate', '--user-id', 'bob'], {}, json);
    expect(decodeToken(piped.out.trim(), SECRET).appId).toBe(77);
    const differs = await cli([
      'generate',
      '--app-id',
      '78',
      '--user-id',
      'b',
      '--secret-file',
      file,
    ]);
    expect(differs.code).toBe(2);
    expect(differs.err).toMatch(/--app-id differs from the appId in the JSON secret input/);
  });

  it('names a broken JSON value without quoting it', async () => {
    const file = fixtures.file('zego.json', `{"appId": 77, "serverSecret": "${SECRET}"`);
    const { code, err } = await cli(['decode', TOKEN, '--secret-file', file]);
    expect(code).toBe(1);
    expect(err).toMatch(/starts with "\{" but is not valid JSON/);
    expect(err).not.toContain(SECRET);
  });
});
