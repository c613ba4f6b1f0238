// `npm start` and `npm run dev:token` as a developer uses them: start.ts runs under tsx in its
// own process group, is stopped with SIGINT (what Ctrl-C sends), leaves nothing behind, and
// starts again on the same port.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decodeToken } from '../../functions/core/index.ts';
import { isProcessAlive } from '../../functions/local/cognito-emulator.ts';
import { type LocalStackState, listStates } from '../../functions/local/state.ts';
import { postToken, send } from './support/http.ts';
import { jwtPayload } from './support/jwt.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const STATE_DIR = mkdtempSync(join(tmpdir(), 'zego-e2e-state-'));

/** The environment of a developer's shell, without anything that would change the run. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(ZEGO_|COGNITO_|POWERTOOLS_|PORT$|VITEST|NODE_OPTIONS$)/.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    ZEGO_LOCAL_STATE_DIR: STATE_DIR,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const started: Running[] = [];

function run(script: string, args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, [TSX, script, ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
    // Its own process group, like a terminal's foreground job.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const running = { child, stdout: () => out, stderr: () => err, exited };
  started.push(running);
  return running;
}

async function waitFor(what: () => boolean, label: string, r: Running, ms = 40_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${label}\nstdout:\n${r.stdout()}\nstderr:\n${r.stderr()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startStack(env: Record<string, string>) {
  const r = run('functions/local/start.ts', [], env);
  await waitFor(() => r.stdout().includes('Press Ctrl-C to stop.'), 'the start banner', r);
  const url = /POST (http:\/\/127\.0\.0\.1:(\d+))\/token/.exec(r.stdout());
  expect(url).not.toBeNull();
  const port = Number(url?.[2]);
  const state = listStates({ ZEGO_LOCAL_STATE_DIR: STATE_DIR }).find((s) => s.port === port);
  expect(state).toBeDefined();
  return { r, url: url?.[1] as string, port, state: state as LocalStackState };
}

async function devToken(port: number, username: string) {
  const r = run('functions/local/dev-token.ts', [username], { PORT: String(port) });
  const code = await r.exited;
  return { code, stdout: r.stdout().trim(), stderr: r.stderr() };
}

function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** SIGINT to start.ts's own process (the node process tsx runs). */
async function interrupt(r: Running, state: LocalStackState): Promise<number | null> {
  process.kill(state.pid, 'SIGINT');
  return r.exited;
}

/** SIGINT to the whole process group, as a terminal's Ctrl-C sends it. */
async function ctrlC(r: Running): Promise<number | null> {
  process.kill(-(r.child.pid as number), 'SIGINT');
  return r.exited;
}

afterEach(() => {
  // A failed test must not leave a stack running.
  for (const r of started) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      try {
        process.kill(-(r.child.pid as number), 'SIGKILL');
      } catch {}
    }
  }
  started.length = 0;
});

afterAll(() => {
  rmSync(STATE_DIR, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves tokens with a generated dev secret, stops on SIGINT, and starts again on the same port', async () => {
    const first = await startStack({ PORT: '0' });
    const out = first.r.stdout();
    expect(out).toContain('alice');
    expect(out).toContain('bob');
    expect(out).toMatch(/DEV-ONLY/);
    expect(out).toContain(`curl -s -X POST ${first.url}/token`);
    expect(out).toContain(`PORT=${first.port} npm run -s dev:token -- alice`);
    // The developer console: printed in the banner, served by this server with its script.
    expect(out).toContain(`Console: ${first.url}/console/`);
    const [consolePage, consoleScript] = await Promise.all([
      send(`${first.url}/console/`),
      send(`${first.url}/console/app.js`),
    ]);
    expect(consolePage.status).toBe(200);
    expect(consolePage.text).toContain('developer console');
    expect(consoleScript.status).toBe(200);
    expect(consoleScript.text).toContain('tokenWillExpire');
    const secret = /ServerSecret ([0-9a-f]{32})/.exec(out)?.[1] as string;
    const appId = Number(/AppID (\d+)/.exec(out)?.[1]);
    expect(secret).toMatch(/^[0-9a-f]{32}$/);

    // dev:token signs alice in against this stack; the token works on POST /token.
    const [token, unknown] = await Promise.all([
      devToken(first.port, 'alice'),
      devToken(first.port, 'mallory'),
    ]);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const answer = await postToken(first.url, token.stdout, { roomId: 'room-1' });
    expect(answer.status, answer.text).toBe(200);
    const decoded = decodeToken((answer.json() as { token: string }).token, secret);
    expect(decoded.appId).toBe(appId);
    const sub = String(jwtPayload(token.stdout).sub);
    expect(jwtPayload(token.stdout)['cognito:username']).toBe('alice');
    expect(decoded.userId).toBe(sub.replaceAll('-', ''));
    // The decode hint reads the generated secret from an owner-only file, never a command line.
    const secretFile = /decode --secret-file (\S+) <token>/.exec(out)?.[1] as string;
    expect(out).not.toMatch(new RegExp(`=${secret}`));
    expect(secretFile.startsWith(STATE_DIR)).toBe(true);
    expect(readFileSync(secretFile, 'utf8').trim()).toBe(secret);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    await waitFor(() => /POST \/token 200 /.test(first.r.stdout()), 'the access log line', first.r);

    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no seeded user "mallory"');

    const cognitoPid = first.state.cognitoPid as number;
    expect(isProcessAlive(cognitoPid)).toBe(true);
    expect(await interrupt(first.r, first.state), first.r.stderr()).toBe(0);
    expect(first.r.stdout()).toContain('stopped.');
    expect(isProcessAlive(cognitoPid)).toBe(false);
    expect(await portClosed(first.port)).toBe(true);
    expect(existsSync(join(STATE_DIR, `stack-${first.port}.json`))).toBe(false);
    expect(existsSync(secretFile)).toBe(false);

    const gone = await devToken(first.port, 'alice');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`no local stack is running on port ${first.port}`);

    // Again, on the very port the first run used, with the developer's own ZEGO app.
    const ownSecret = 'S3cr3t-0123456789abcdefghijklmno';
    const second = await startStack({
      PORT: String(first.port),
      ZEGO_APP_ID: '987654321',
      ZEGO_SERVER_SECRET: ownSecret,
    });
    expect(second.url).toBe(first.url);
    const again = await devToken(second.port, 'bob');
    expect(again.code, again.stderr).toBe(0);
    const issued = await postToken(second.url, again.stdout);
    expect(issued.status, issued.text).toBe(200);
    const mine = decodeToken((issued.json() as { token: string }).token, ownSecret);
    expect(mine.appId).toBe(987654321);
    const secondPid = second.state.cognitoPid as number;
    // Ctrl-C reaches tsx and start.ts together. tsx SIGKILLs its child when the child does not
    // acknowledge a signal within ~30 ms (possible on a loaded machine), so the exit code may be
    // 130; either way nothing may be left running.
    expect([0, 130]).toContain(await ctrlC(second.r));
    expect(isProcessAlive(second.state.pid)).toBe(false);
    await waitFor(() => !isProcessAlive(secondPid), 'the emulator to exit', second.r, 5000);
    expect(await portClosed(second.port)).toBe(true);
    expect(listStates({ ZEGO_LOCAL_STATE_DIR: STATE_DIR })).toEqual([]);
    // A secret the developer supplied is never printed.
    expect(second.r.stdout() + second.r.stderr()).not.toContain(ownSecret);
    expect(second.r.stdout()).toContain('(not shown)');
  });

  it('leaves no emulator behind even when killed with SIGKILL', async () => {
    const { r, state } = await startStack({ PORT: '0' });
    const pid = state.cognitoPid as number;
    const workDir = /its log: (\S+)\/cognito-local\.log/.exec(r.stdout())?.[1] as string;
    expect(existsSync(workDir)).toBe(true);
    process.kill(-(r.child.pid as number), 'SIGKILL');
    await r.exited;
    const deadline = Date.now() + 5000;
    while (isProcessAlive(pid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(workDir)).toBe(false);
    // Its state file is left, but dev:token's lookup drops it as stale.
    expect(listStates({ ZEGO_LOCAL_STATE_DIR: STATE_DIR })).toEqual([]);
  });

  it('exits 1 with the variable named when the configuration is wrong', async () => {
    const r = run('functions/local/start.ts', [], { PORT: '0', ZEGO_APP_ID: '42' });
    const pool = run('functions/local/start.ts', [], {
      PORT: '0',
      COGNITO_USER_POOL_ID: 'eu-west-1_Abc',
    });
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toContain('ZEGO_SERVER_SECRET');
    expect(await pool.exited).toBe(1);
    expect(pool.stderr()).toContain('COGNITO_CLIENT_ID');
    // Neither got as far as starting the emulator or writing a state file.
    expect(listStates({ ZEGO_LOCAL_STATE_DIR: STATE_DIR })).toEqual([]);
  });
});
