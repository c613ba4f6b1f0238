// Starts and stops `cognito-local` (a Cognito User Pools emulator from npm) as a child process.
//
// Quirks handled here:
// - its data folder is always `./.cognito` in its working directory, so it runs from a fresh
//   temporary folder that is removed on stop;
// - `.cognito/config.json` must turn off e-mail usernames before the first pool is created;
// - its issuer is `http://<HOST>:<PORT>/<poolId>`, built from the PORT it was given, so it
//   cannot listen on port 0: a free port is chosen first (and retried if somebody takes it).

import { type ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOL_ENV } from '#contract/env.ts';
import { findFreePort, sleep, urlHost } from './net.ts';

export interface CognitoEmulatorOptions {
  /** Interface to listen on (default 127.0.0.1: loopback only). */
  host?: string;
  /** Fixed port; default: a free port. */
  port?: number;
  /** Pass the emulator's own logs through to this process's stderr (default: log file only). */
  debug?: boolean;
  /** How long to wait for the emulator to answer /health (default 20 s). */
  readyTimeoutMs?: number;
}

export interface CognitoEmulator {
  /** Base URL, e.g. http://127.0.0.1:40123 — the SDK endpoint and the issuer prefix. */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  /** Process id of the emulator (leader of its own process group). */
  readonly pid: number;
  /** Temporary working folder (holds `.cognito/` and `cognito-local.log`). */
  readonly workDir: string;
  readonly logFile: string;
  /** Stops the emulator's process group and removes its temporary folder. Idempotent. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const GUARD = fileURLToPath(new URL('./emulator-guard.cjs', import.meta.url));

/** Path of cognito-local's start script, resolved from the installed package. */
function cognitoLocalBin(): string {
  const pkg = require.resolve('cognito-local/package.json');
  return join(dirname(pkg), 'lib', 'bin', 'start.js');
}

/** Children still running, killed synchronously if this process exits without stopping them. */
const running = new Set<number>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of running) killGroup(pid, 'SIGKILL');
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** True while a process with this pid exists. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startCognitoEmulator(
  options: CognitoEmulatorOptions = {},
): Promise<CognitoEmulator> {
  const host = options.host ?? '127.0.0.1';
  const attempts = options.port ? 1 : 3;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = options.port ?? (await findFreePort(host));
    try {
      return await launch(host, port, options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function launch(
  host: string,
  port: number,
  options: CognitoEmulatorOptions,
): Promise<CognitoEmulator> {
  const workDir = mkdtempSync(join(tmpdir(), 'zego-cognito-local-'));
  mkdirSync(join(workDir, '.cognito'), { recursive: true });
  writeFileSync(
    join(workDir, '.cognito', 'config.json'),
    `${JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }, null, 2)}\n`,
  );
  const logFile = join(workDir, 'cognito-local.log');
  const logFd = openSync(logFile, 'a');
  const endpoint = `http://${urlHost(host)}:${port}`;

  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['--require', GUARD, cognitoLocalBin()], {
      cwd: workDir,
      // Own process group: a terminal's Ctrl-C reaches us, and we stop the emulator in order.
      detached: true,
      // stdin: a pipe the guard watches, so the emulator never outlives this process.
      stdio: ['pipe', options.debug ? 'inherit' : logFd, options.debug ? 'inherit' : logFd],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: host,
        [TOOL_ENV.emulatorWorkDir]: workDir,
        // The emulator needs no AWS credentials; never hand it the developer's real ones.
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        [TOOL_ENV.serverSecret]: '',
        NODE_OPTIONS: '',
      },
    });
  } finally {
    closeSync(logFd);
  }
  child.stdin?.on('error', () => undefined);
  const pid = child.pid;
  if (pid === undefined) {
    rmSync(workDir, { recursive: true, force: true });
    throw new Error('cognito-local did not start (no pid)');
  }
  running.add(pid);
  installExitHook();

  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      running.delete(pid);
      resolve();
    });
  });

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (!exited) {
        killGroup(pid, 'SIGTERM');
        const timedOut = await Promise.race([
          exitPromise.then(() => false),
          sleep(3000).then(() => true),
        ]);
        if (timedOut) {
          killGroup(pid, 'SIGKILL');
          await exitPromise;
        }
      }
      // The emulator may have started helpers in its group: make sure none outlives it.
      killGroup(pid, 'SIGKILL');
      running.delete(pid);
      rmSync(workDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  while (true) {
    if (exited) {
      const log = safeRead(logFile);
      await stop();
      throw new Error(`cognito-local exited before it was ready on ${endpoint}\n${tail(log)}`);
    }
    if (await isHealthy(endpoint)) break;
    if (Date.now() > deadline) {
      const log = safeRead(logFile);
      await stop();
      throw new Error(`cognito-local was not ready on ${endpoint} in time\n${tail(log)}`);
    }
    await sleep(100);
  }

  return { endpoint, host, port, pid, workDir, logFile, stop };
}

async function isHealthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
