// One cold invocation in a fresh process: spawns runtime-shim.mjs on the chosen Node with the
// function's environment, times INIT (spawn → handler loaded) and INVOKE (the handler's promise),
// enforces the function's timeout (the process is killed, as Lambda ends a timed-out
// invocation), and writes Lambda's platform lines around the function's own output.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const SHIM = fileURLToPath(new URL('./runtime-shim.mjs', import.meta.url));

/** Lambda gives INIT at most 10 s. */
const INIT_LIMIT_MS = 10_000;

export interface RuntimeRun {
  nodePath: string;
  cwd: string;
  env: Record<string, string>;
  event: unknown;
  requestId: string;
  invokedFunctionArn: string;
  traceId: string;
  timeoutSeconds: number;
  memorySizeMb: number;
  /** Platform lines and the function's output, as they come. */
  write: (text: string) => void;
}

export type InvokeStatus = 'returned' | 'failed' | 'timed-out';

export interface InvokeReport {
  durationMs: number;
  /** Rounded up to the millisecond, the cold start's init included (as Lambda bills it). */
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs: number;
}

export interface RuntimeOutcome {
  status: InvokeStatus;
  /** What Lambda's Invoke API answers: the result, or an error {errorType, errorMessage, trace}. */
  payload: unknown;
  report: InvokeReport;
}

interface ShimMessage {
  type: 'ready' | 'init-error' | 'result' | 'error';
  payload?: unknown;
  durationMs?: number;
  maxRssKb?: number;
}

function errorTypeOf(payload: unknown): string {
  const type = (payload as { errorType?: unknown } | null)?.errorType;
  return typeof type === 'string' ? type : 'Unknown';
}

export async function runOnce(run: RuntimeRun): Promise<RuntimeOutcome> {
  const started = performance.now();
  const child = spawn(run.nodePath, [SHIM], {
    cwd: run.cwd,
    env: run.env,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  const timeoutMs = run.timeoutSeconds * 1000;
  child.stdin.on('error', () => undefined);
  child.stdin.end(
    JSON.stringify({
      event: run.event,
      requestId: run.requestId,
      timeoutMs,
      traceId: run.traceId,
      invokedFunctionArn: run.invokedFunctionArn,
    }),
  );
  child.stdout.setEncoding('utf8').on('data', run.write);
  child.stderr.setEncoding('utf8').on('data', run.write);

  let initDurationMs: number | undefined;
  let invokeStarted = 0;
  let last: ShimMessage | undefined;
  let maxRssKb = 0;
  let timedOut: 'init' | 'invoke' | undefined;
  let timer = setTimeout(() => {
    timedOut = 'init';
    child.kill('SIGKILL');
  }, INIT_LIMIT_MS);

  createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => {
    let message: ShimMessage;
    try {
      message = JSON.parse(line) as ShimMessage;
    } catch {
      return;
    }
    maxRssKb = Math.max(maxRssKb, message.maxRssKb ?? 0);
    if (message.type === 'ready') {
      initDurationMs = performance.now() - started;
      invokeStarted = performance.now();
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = 'invoke';
        child.kill('SIGKILL');
      }, timeoutMs);
      return;
    }
    clearTimeout(timer);
    last = message;
  });

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    },
  );
  clearTimeout(timer);
  const elapsed = performance.now() - (invokeStarted || started);
  const init = initDurationMs ?? performance.now() - started;

  let status: InvokeStatus;
  let payload: unknown;
  let durationMs = last?.durationMs ?? elapsed;
  if (timedOut !== undefined) {
    status = 'timed-out';
    const limit = timedOut === 'init' ? INIT_LIMIT_MS : timeoutMs;
    durationMs = timedOut === 'init' ? 0 : timeoutMs;
    payload = {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${run.requestId} Error: ${timedOut === 'init' ? 'INIT phase' : 'Task'} timed out after ${(limit / 1000).toFixed(2)} seconds`,
    };
  } else if (last?.type === 'result') {
    status = 'returned';
    payload = last.payload;
  } else if (last?.type === 'error' || last?.type === 'init-error') {
    status = 'failed';
    payload = last.payload;
  } else {
    status = 'failed';
    payload = {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${run.requestId} Error: Runtime exited with error: ${signal === null ? `exit status ${code}` : `signal: ${signal}`}`,
    };
  }

  if (last?.type === 'init-error' || timedOut === 'init') {
    run.write(
      `INIT_REPORT Init Duration: ${init.toFixed(2)} ms\tPhase: init\tStatus: ${timedOut === 'init' ? 'timeout' : 'error'}\tError Type: ${errorTypeOf(payload)}\n`,
    );
    durationMs = 0;
  }
  const report: InvokeReport = {
    durationMs,
    billedDurationMs: Math.ceil(durationMs + init),
    memorySizeMb: run.memorySizeMb,
    maxMemoryUsedMb: Math.ceil(maxRssKb / 1024),
    initDurationMs: init,
  };
  const outcomeNote =
    status === 'timed-out'
      ? '\tStatus: timeout'
      : status === 'failed'
        ? `\tStatus: error\tError Type: ${errorTypeOf(payload)}`
        : '';
  run.write(`END RequestId: ${run.requestId}\n`);
  run.write(
    `REPORT RequestId: ${run.requestId}\tDuration: ${report.durationMs.toFixed(2)} ms\tBilled Duration: ${report.billedDurationMs} ms\tMemory Size: ${report.memorySizeMb} MB\tMax Memory Used: ${report.maxMemoryUsedMb} MB\tInit Duration: ${report.initDurationMs.toFixed(2)} ms${outcomeNote}\n`,
  );
  return { status, payload, report };
}
