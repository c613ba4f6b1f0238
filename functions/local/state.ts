// A small state file per running local stack, so `npm run dev:token` can sign a seeded user in
// against it. Lives in a private folder in the OS temp dir, keyed by the gateway's port, and is
// removed when the stack stops. It holds only dev-only emulator data (never a ServerSecret), and
// beside it, for a GENERATED dev-only ServerSecret, a file the CLI can read it from
// (`--secret-file`), so decoding a token never puts that secret on a command line.

import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOL_ENV } from '#contract/env.ts';
import { isProcessAlive } from './cognito-emulator.ts';

export interface LocalStackState {
  version: 1;
  /** Process that runs the stack (start.ts). */
  pid: number;
  url: string;
  port: number;
  mode: 'emulator' | 'cognito';
  cognitoEndpoint?: string;
  /** The emulator's process id. */
  cognitoPid?: number;
  userPoolId?: string;
  clientId?: string;
  users: { username: string; password: string; groups: string[] }[];
}

/** Override with ZEGO_LOCAL_STATE_DIR (tests). */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return env[TOOL_ENV.localStateDir] || join(tmpdir(), `zego-token-local-${uid}`);
}

export function stateFile(port: number, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), `stack-${port}.json`);
}

export function writeState(state: LocalStackState, env: NodeJS.ProcessEnv = process.env): string {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Our own folder in a shared temp dir: private (it holds dev-only passwords).
  if (!env[TOOL_ENV.localStateDir]) chmodSync(dir, 0o700);
  const file = stateFile(state.port, env);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  return file;
}

export function removeState(port: number, env: NodeJS.ProcessEnv = process.env): void {
  rmSync(stateFile(port, env), { force: true });
  rmSync(devSecretFile(port, env), { force: true });
}

export function devSecretFile(port: number, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), `dev-secret-${port}.txt`);
}

/** Writes a generated dev-only ServerSecret (owner-only file) and returns its path. */
export function writeDevSecret(
  port: number,
  serverSecret: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = devSecretFile(port, env);
  writeFileSync(file, `${serverSecret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

function readOne(file: string): LocalStackState | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as LocalStackState;
    return value && value.version === 1 && typeof value.pid === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** States of running stacks; files left behind by dead processes are removed. */
export function listStates(env: NodeJS.ProcessEnv = process.env): LocalStackState[] {
  const dir = stateDir(env);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const states: LocalStackState[] = [];
  for (const name of names) {
    if (!/^stack-\d+\.json$/.test(name)) continue;
    const file = join(dir, name);
    const state = readOne(file);
    if (state && isProcessAlive(state.pid)) states.push(state);
    else rmSync(file, { force: true });
  }
  return states.sort((a, b) => a.port - b.port);
}
