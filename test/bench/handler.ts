// Item 3: warm handler invocations per second, each configuration in its own child process so
// that its stdout can be what the configuration says:
//   discarded: the worker's process.stdout is an in-process Writable that drops every chunk:
//              every log line and EMF metric is still built, serialised and written to a
//              stream, but no byte leaves the process (see handler-worker.ts);
//   logged:    stdout is a pipe this process drains, as Lambda's runtime drains the function's;
//   silent:    (extra) POWERTOOLS_LOG_LEVEL=SILENT and metrics disabled: the handler's own work.
import { spawn } from 'node:child_process';
import { ROOT, tsxChildArgs } from './child.ts';
import { FUNCTION_ENV } from './fixtures.ts';
import type { WorkerReply } from './handler-worker.ts';
import type { MicroOptions } from './micro.ts';
import { median } from './stats.ts';

type Mode = 'discarded' | 'logged' | 'silent';

export interface HandlerResults {
  handler_warm_per_s: number;
  handler_warm_logged_per_s: number;
  handler_warm_silent_per_s: number;
  handler_log_bytes_per_invocation: number;
  /** CPU time (user + system) per invocation, a figure less disturbed by neighbours. */
  handler_warm_cpu_us: number;
  handler_warm_logged_cpu_us: number;
  handler_warm_silent_cpu_us: number;
}

async function runWorker(
  mode: Mode,
  options: MicroOptions,
): Promise<WorkerReply & { stdoutBytes: number }> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...FUNCTION_ENV };
  if (mode === 'silent') {
    env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    env.POWERTOOLS_METRICS_DISABLED = 'true';
  }
  const child = spawn(
    process.execPath,
    tsxChildArgs('handler-worker.ts', JSON.stringify(options), mode),
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', mode === 'logged' ? 'pipe' : 'ignore', 'pipe', 'ipc'],
    },
  );
  let stdoutBytes = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let reply: WorkerReply | undefined;
  child.on('message', (message) => {
    reply = message as WorkerReply;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || reply === undefined) {
    throw new Error(`handler bench (${mode}) failed with exit code ${code}: ${stderr}`);
  }
  return { ...reply, stdoutBytes };
}

interface Combined {
  opsPerSecond: number;
  cpuMicrosPerInvocation: number;
  stdoutBytes: number;
  invocations: number;
}

/**
 * The three configurations run in alternation, `passes` times, each pass a fresh process with
 * its share of the rounds: a busy minute on the machine then hits every configuration, not one.
 */
export async function benchHandler(options: MicroOptions, passes = 2): Promise<HandlerResults> {
  const modes: Mode[] = ['discarded', 'logged', 'silent'];
  const perPass = { ...options, rounds: Math.max(1, Math.ceil(options.rounds / passes)) };
  const replies: Record<Mode, Array<WorkerReply & { stdoutBytes: number }>> = {
    discarded: [],
    logged: [],
    silent: [],
  };
  for (let pass = 0; pass < passes; pass++) {
    for (const mode of modes) replies[mode].push(await runWorker(mode, perPass));
  }
  const combine = (mode: Mode): Combined => {
    const all = replies[mode];
    return {
      opsPerSecond: median(all.flatMap((r) => r.perRound)),
      cpuMicrosPerInvocation: median(all.map((r) => r.cpuMicrosPerInvocation)),
      stdoutBytes: all.reduce((sum, r) => sum + r.stdoutBytes, 0),
      invocations: all.reduce((sum, r) => sum + r.invocations, 0),
    };
  };
  const discarded = combine('discarded');
  const logged = combine('logged');
  const silent = combine('silent');
  return {
    handler_warm_per_s: discarded.opsPerSecond,
    handler_warm_logged_per_s: logged.opsPerSecond,
    handler_warm_silent_per_s: silent.opsPerSecond,
    handler_log_bytes_per_invocation: logged.stdoutBytes / logged.invocations,
    handler_warm_cpu_us: discarded.cpuMicrosPerInvocation,
    handler_warm_logged_cpu_us: logged.cpuMicrosPerInvocation,
    handler_warm_silent_cpu_us: silent.cpuMicrosPerInvocation,
  };
}
