// Item 5: the local server under load. The stack runs in a child process (load-server.ts); this
// process checks one request end to end, warms the server up briefly, then drives POST /token
// with autocannon over loopback: N connections, a bounded duration, the seeded user's ID token;
// then briefly with one connection, for the latency of a request that waits behind no other.
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { decodeToken } from '../../functions/core/index.ts';
import { ROOT, tsxChildArgs } from './child.ts';
import { BENCH_SECRET } from './core.ts';
import { BENCH_REQUEST_BODY } from './fixtures.ts';
import type { LoadServerReady, LoadServerUsage } from './load-server.ts';

const START_TIMEOUT_MS = 60_000;

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** A second run with one connection: the service's latency without a queue in front of it. */
  singleSeconds: number;
}

export interface LoadResults {
  load_rps: number;
  load_p50_ms: number;
  load_p99_ms: number;
  load_non2xx: number;
  load_errors: number;
  load_connections: number;
  load_duration_s: number;
  /** Server process CPU time per request during the measured run (gateway + authorizer + handler). */
  load_server_cpu_us_per_request: number;
  /** One connection, one request at a time. */
  load_single_rps: number;
  /** Mean latency with one connection: 1 / its request rate. */
  load_single_mean_ms: number;
  /** autocannon's percentiles are whole milliseconds: 0 means under 1 ms. */
  load_single_p99_ms: number;
}

function startServer(): Promise<{ child: ChildProcess; ready: LoadServerReady }> {
  const child = spawn(process.execPath, tsxChildArgs('load-server.ts'), {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TMPDIR: process.env.TMPDIR ?? '/tmp',
    },
    // The handler's log lines go to /dev/null: written, never shown. Stderr is kept for errors.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the local stack did not start in time: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve({ child, ready: message as LoadServerReady });
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local stack exited early (code ${code}): ${stderr}`));
    });
  });
}

function serverCpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const usage = message as LoadServerUsage;
      if (usage?.kind !== 'usage') return;
      child.off('message', onMessage);
      resolve(usage.cpuMicros);
    };
    child.on('message', onMessage);
    child.send('usage');
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('stop');
  const timer = setTimeout(() => child.kill(), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function benchLoad(options: LoadOptions): Promise<LoadResults> {
  const { child, ready } = await startServer();
  try {
    const url = `${ready.url}/token`;
    const headers = {
      authorization: `Bearer ${ready.idToken}`,
      'content-type': 'application/json',
    };
    // One request end to end first: the load below must be made of real successes.
    const probe = await fetch(url, { method: 'POST', headers, body: BENCH_REQUEST_BODY });
    const text = await probe.text();
    if (probe.status !== 200) throw new Error(`probe answered ${probe.status}: ${text}`);
    const decoded = decodeToken((JSON.parse(text) as { token: string }).token, BENCH_SECRET);
    if (decoded.privilege?.roomId !== 'room-1') throw new Error('probe token has the wrong room');

    const request = { url, method: 'POST', headers, body: BENCH_REQUEST_BODY };
    if (options.warmupSeconds > 0) {
      await autocannon({ ...request, connections: 10, duration: options.warmupSeconds });
    }
    const cpuBefore = await serverCpuMicros(child);
    const result = await autocannon({
      ...request,
      connections: options.connections,
      duration: options.durationSeconds,
      timeout: 10,
    });
    const cpuAfter = await serverCpuMicros(child);
    const single = await autocannon({
      ...request,
      connections: 1,
      duration: options.singleSeconds,
      timeout: 10,
    });
    return {
      load_rps: result.requests.total / result.duration,
      load_p50_ms: result.latency.p50,
      load_p99_ms: result.latency.p99,
      load_non2xx: result.non2xx,
      load_errors: result.errors + result.timeouts,
      load_connections: options.connections,
      load_duration_s: result.duration,
      load_server_cpu_us_per_request: (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
      load_single_rps: single.requests.total / single.duration,
      load_single_mean_ms: (1000 * single.duration) / Math.max(1, single.requests.total),
      load_single_p99_ms: single.latency.p99,
    };
  } finally {
    await stopServer(child);
  }
}
