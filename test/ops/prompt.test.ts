// The hidden prompt: with an injected fake terminal (raw mode, keystrokes), and for real under a
// pseudo-terminal made by util-linux `script`, where the line discipline would echo typed text
// unless the prompt switched raw mode on.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpsIo, PromptInput } from '../../functions/ops/io.ts';
import { promptHidden } from '../../functions/ops/prompt.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';
import { awsEnv, REPO_ROOT } from './support.ts';

function fakeTerminal() {
  const input = new PassThrough() as PassThrough & PromptInput;
  const modes: boolean[] = [];
  input.isTTY = true;
  input.setRawMode = (raw: boolean) => {
    modes.push(raw);
    return input;
  };
  let shown = '';
  const io: OpsIo = {
    env: {},
    stdin: input,
    stdout: () => undefined,
    stderr: (text) => {
      shown += text;
    },
  };
  return { input, io, modes, shown: () => shown };
}

describe('promptHidden with a fake terminal', () => {
  it('reads a line in raw mode, applies backspace, echoes nothing, restores the mode', async () => {
    const t = fakeTerminal();
    const answer = promptHidden(t.io, 'Secret: ');
    t.input.write('abcX');
    t.input.write('\u007fdef\r');
    expect(await answer).toBe('abcdef');
    expect(t.modes).toEqual([true, false]);
    expect(t.shown()).toBe('Secret: \n');
  });

  it('Ctrl-C cancels with exit code 130 and leaves raw mode', async () => {
    const t = fakeTerminal();
    const answer = promptHidden(t.io, 'Secret: ');
    t.input.write('abc\u0003');
    await expect(answer).rejects.toMatchObject({ exitCode: 130 });
    expect(t.modes).toEqual([true, false]);
  });
});

describe('put-secret on a real pseudo-terminal', () => {
  let sm: FakeSecretsManager;
  beforeAll(async () => {
    sm = await startFakeSecretsManager({ secretName: 'zego/app' });
  });
  afterAll(async () => {
    await sm?.close();
  });

  it('prompts twice, echoes nothing, and stores the value', async () => {
    const secret = 'Tty-Secret-0123456789abcdefghijK';
    const tsx = join(REPO_ROOT, 'node_modules/.bin/tsx');
    const command = `${tsx} functions/ops/main.ts put-secret --app-id 4242 --secret-id zego/app`;
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
      cwd: REPO_ROOT,
      env: awsEnv({ secretsManager: sm.url }),
    });
    let screen = '';
    let answered = 0;
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      // Type only once the prompt is on screen (and so raw mode is on).
      const prompts = (screen.match(/input hidden\): |Again, to confirm: /g) ?? []).length;
      if (prompts > answered) {
        answered = prompts;
        child.stdin.write(`${secret}\r`);
      }
    });
    const code = await done;
    expect(code, screen).toBe(0);
    expect(answered).toBe(2);
    expect(screen).toMatch(/Stored AppID 4242/);
    expect(screen).not.toContain(secret);
    expect(sm.puts.map((p) => JSON.parse(p))).toEqual([{ appId: 4242, serverSecret: secret }]);
  });
});
