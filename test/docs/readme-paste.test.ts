// The README's Quick start and Try-it blocks pasted, as a newcomer would, into a real
// interactive zsh with its default options (`zsh -f -i`, macOS's default shell without any rc
// file) in a pseudo-terminal — and the Try-it blocks into bash too. Quick start starts the real
// local stack; the Try-it commands must print what the README says they print, and neither shell
// may complain. Two departures from a person's terminal, both explicit: the stack listens on a
// free port (the Try-it text's 127.0.0.1:3000 is pointed at it), and `npm ci` is not run again
// (this suite runs after it; re-running it would replace node_modules under the other tests).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken } from '../../functions/core/index.ts';
import { findFreePort } from '../../functions/local/net.ts';
import { devSecretFile, listStates } from '../../functions/local/state.ts';
import { ensureShell } from './support/ensure-shell.ts';
import { codeBlocks, ROOT, SHELL_LANGS } from './support/markdown.ts';
import { Terminal } from './support/terminal.ts';

const readmeBlocks = codeBlocks('README.md').filter((b) => SHELL_LANGS.has(b.lang));
const quickStart = readmeBlocks.filter((b) => b.heading === 'Quick start')[0];
const tryIt = readmeBlocks.filter((b) => b.heading === 'Try it');

const work = mkdtempSync(join(tmpdir(), 'readme-paste-'));
const stateEnv = { ZEGO_LOCAL_STATE_DIR: join(work, 'state') };
const terminals: Terminal[] = [];
let port: number;
let server: Terminal;

/** A developer's environment: nothing from the test runner that would change the run. */
function shellEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(ZEGO_|COGNITO_|POWERTOOLS_|PORT$|VITEST|NODE_OPTIONS$|npm_)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, PATH: `${join(work, 'bin')}:${process.env.PATH ?? ''}`, ...stateEnv, ...extra };
}

/** `npm` as installed, except that `npm ci` says it was skipped (see the header). */
function npmWrapper(): void {
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (!npm) throw new Error('npm is not on PATH');
  const script = [
    '#!/bin/sh',
    'if [ "$1" = ci ]; then echo "npm ci: skipped (already run for this test run)"; exit 0; fi',
    `exec '${npm}' "$@"`,
    '',
  ].join('\n');
  const bin = join(work, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'npm'), script);
  chmodSync(join(bin, 'npm'), 0o755);
}

function open(shell: string, extra: Record<string, string> = {}): Terminal {
  const terminal = new Terminal(shell, { cwd: ROOT, env: shellEnv(extra) });
  terminals.push(terminal);
  return terminal;
}

/** The shell's own complaints: `zsh: no matches found: …`, `bash: …: command not found`, … */
function shellErrors(text: string): string[] {
  return text.split('\n').filter((line) => /(^|\s)(zsh|bash): /.test(line));
}

/** Every line the terminal shows that is exactly one JSON object (a curl body and its newline). */
function jsonBodies(text: string): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!/^\{".*\}$/.test(line)) continue;
    try {
      bodies.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // an echoed command line, not a body
    }
  }
  return bodies;
}

beforeAll(async () => {
  ensureShell('zsh');
  npmWrapper();
  port = await findFreePort();
  expect(quickStart, 'README has a Quick start command block').toBeDefined();
  server = open('zsh -f -i', { PORT: String(port) });
  await server.waitFor(/\S/, 'the zsh prompt', 10_000);
  server.paste(quickStart?.code ?? '');
  await server.waitFor(/Press Ctrl-C to stop\./, 'the npm start banner', 120_000);
}, 180_000);

afterAll(async () => {
  for (const terminal of terminals) await terminal.close().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}, 30_000);

describe('README pasted into an interactive zsh with default options', () => {
  it('Quick start starts the local stack on the port given, with no zsh error', () => {
    const text = server.text();
    expect(shellErrors(text)).toEqual([]);
    expect(text).toContain(`POST http://127.0.0.1:${port}/token`);
    expect(text).toMatch(/alice\s+password \S+\s+publishers \(may publish\)/);
  });

  for (const shell of ['zsh -f -i', 'bash --norc --noprofile -i']) {
    it(`Try it, pasted into ${shell.split(' ')[0]}: a JWT, two tokens, a 403 and a 401`, async () => {
      expect(tryIt.length).toBeGreaterThanOrEqual(2);
      const terminal = open(shell);
      await terminal.waitFor(/\S/, 'the prompt', 10_000);
      for (const block of tryIt) {
        expect(block.code).toContain('npm run -s dev:token -- alice');
        terminal.paste(block.code.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`));
        await terminal.settle(`the Try-it block at README.md:${block.line}`);
      }
      const text = terminal.text();
      expect(shellErrors(text)).toEqual([]);

      // dev:token printed a Cognito ID token on a line of its own.
      expect(text).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/m);

      const secret = readFileSync(devSecretFile(port, stateEnv), 'utf8').trim();
      const state = listStates(stateEnv).find((s) => s.port === port);
      expect(state).toBeDefined();
      const [alice, bob, bobPublishing, anonymous, ...rest] = jsonBodies(text);
      expect(rest).toEqual([]);

      const aliceToken = decodeToken(String(alice?.token), secret);
      expect(aliceToken.privilege).toMatchObject({ roomId: 'room-1', publishStream: true });
      expect(alice?.userId).toBe(aliceToken.userId);
      const bobToken = decodeToken(String(bob?.token), secret);
      expect(bobToken.privilege).toMatchObject({
        roomId: 'room-1',
        loginRoom: true,
        publishStream: false,
      });
      expect(bobToken.userId).not.toBe(aliceToken.userId);
      expect(bobPublishing).toMatchObject({ status: 403, code: 'privilege_denied' });
      expect(anonymous).toMatchObject({ status: 401, code: 'unauthenticated' });
    }, 120_000);
  }

  it('Ctrl-C stops the stack and leaves no state behind', async () => {
    server.pressCtrlC();
    await server.waitFor(/^stopped\.$/m, 'npm start to stop', 30_000);
    await server.settle('the prompt after Ctrl-C', 10_000);
    expect(listStates(stateEnv).find((s) => s.port === port)).toBeUndefined();
    expect(shellErrors(server.text())).toEqual([]);
  }, 60_000);
});
