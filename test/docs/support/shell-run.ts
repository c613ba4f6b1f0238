// Runs a documented command block in a real interactive shell — zsh with its default options
// (`zsh -f -i`) or bash (`bash --norc --noprofile -i`) — with every external command replaced by
// a recorder: nothing runs, each call prints its argument vector. The same block must make the
// same calls in both shells, and zsh must print no error of its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ShellName = 'zsh' | 'bash';

export interface ShellRun {
  /** One line per command called: `CALL [arg0] [arg1] …`. */
  calls: string[];
  /** The shell's own error lines (`zsh: …` / `bash: …`), prompts and job-control notes left out. */
  errors: string[];
}

// Both shells call this hook for a command that is not found; with PATH pointing at an empty
// folder, that is every external command. It appends to a file, so calls inside `$(...)` are
// recorded too; printf is a builtin in both shells.
function recorder(callsFile: string): string {
  const record = `{ printf 'CALL'; printf ' [%s]' "$@"; printf '\\n'; } >> '${callsFile}'; return 0;`;
  return [
    "PS1='' PS2=''",
    `command_not_found_handler() { ${record} }`,
    `command_not_found_handle() { ${record} }`,
  ].join('\n');
}

/** The same HOME for both shells, so `~/file` expands alike (it need not exist). */
const HOME = '/home/doc-reader';

/** Terminal control sequences a shell writes around its prompts. */
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

const NOISE = [/cannot set terminal process group/, /no job control in this shell/, /^\s*$/];

export function runInShell(shell: ShellName, commands: string): ShellRun {
  const work = mkdtempSync(join(tmpdir(), 'shell-block-'));
  try {
    const emptyPath = join(work, 'no-commands');
    const callsFile = join(work, 'calls.txt');
    writeFileSync(callsFile, '');
    const args = shell === 'zsh' ? ['-f', '-i'] : ['--norc', '--noprofile', '-i'];
    const result = spawnSync(shell, args, {
      input: `${recorder(callsFile)}\nPATH='${emptyPath}'\n${commands}\nexit 0\n`,
      cwd: work,
      env: { HOME, PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', TERM: 'dumb' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    if (result.error) throw result.error;
    const stderr = (result.stderr ?? '').replace(ANSI_ESCAPE, '').replace(/\r/g, '\n');
    const prefix = `${shell}: `;
    const errors = stderr
      .split('\n')
      .map((line) => line.replace(/^.*?(zsh: |bash: )/, '$1'))
      .filter((line) => line.startsWith(prefix) && !NOISE.some((n) => n.test(line)));
    const calls = readFileSync(callsFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    return { calls, errors };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
