// Runs a documented command block in a real interactive shell — zsh with its default options
// (`zsh -f -i`) or bash (`bash --norc --noprofile -i`) — with the external commands it calls
// (npm, curl, aws, …) replaced by recorders on PATH: nothing runs, each call writes its argument
// vector. The same block must make the same calls in both shells, and neither may complain
// (an unknown command is "not found": add it to RECORDED_COMMANDS).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ShellName = 'zsh' | 'bash';

export interface ShellRun {
  /** One line per command called: `CALL [arg0] [arg1] …`. */
  calls: string[];
  /** The shell's own error lines (`zsh: …` / `bash: …`), prompts and job-control notes left out. */
  errors: string[];
}

/** The commands the documentation calls; any other is "not found" and fails the test. */
const RECORDED_COMMANDS = [
  'npm',
  'npx',
  'curl',
  'aws',
  'node',
  'git',
  'cat',
  'ls',
  'mkdir',
  'chmod',
];

/** A folder of stand-ins, one per command, each appending its argument vector to `callsFile`. */
function writeRecorders(dir: string, callsFile: string): void {
  mkdirSync(dir);
  for (const name of RECORDED_COMMANDS) {
    const script = [
      '#!/bin/sh',
      `{ printf 'CALL [%s]' '${name}'; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'; } >> '${callsFile}'`,
      '',
    ].join('\n');
    writeFileSync(join(dir, name), script, { mode: 0o755 });
  }
}

/** The same HOME for both shells, so `~/file` expands alike (it need not exist). */
const HOME = '/home/doc-reader';

/** Terminal control sequences a shell writes around its prompts. */
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

const NOISE = [/cannot set terminal process group/, /no job control in this shell/, /^\s*$/];

export function runInShell(shell: ShellName, commands: string): ShellRun {
  const work = mkdtempSync(join(tmpdir(), 'shell-block-'));
  try {
    const recorders = join(work, 'bin');
    const callsFile = join(work, 'calls.txt');
    writeFileSync(callsFile, '');
    writeRecorders(recorders, callsFile);
    const args = shell === 'zsh' ? ['-f', '-i'] : ['--norc', '--noprofile', '-i'];
    const result = spawnSync(shell, args, {
      input: `PS1='' PS2=''\nPATH='${recorders}'\n${commands}\nexit 0\n`,
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
