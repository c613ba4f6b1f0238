// Child process of item 3: warm invocations of the real handler (createTokenHandler with
// Powertools logger and metrics, as the Lambda entry builds it) with a static, already-resolved
// secret source. Results go back over IPC.
//
// Where the logs go: Powertools' Logger and Metrics each write through a Console bound to
// process.stdout when they are constructed. With `discarded`, process.stdout is replaced, before
// they are constructed, by a Writable that drops every chunk: log lines and EMF documents are
// still built, serialised and written to a stream, but no byte leaves the process. Otherwise stdout is
// whatever the parent gave this process (a pipe it drains, for `logged`).
import { Writable } from 'node:stream';
import { createLogger, createMetrics } from '../../functions/commons/observability.ts';
import { staticSecretSource } from '../../functions/commons/secrets/secret-source.ts';
import { decodeToken } from '../../functions/core/index.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { createTokenHandler } from '../../functions/token/create-handler.ts';
import { BENCH_APP_ID, BENCH_SECRET } from './core.ts';
import { BENCH_SUB, lambdaContext, restTokenEvent } from './fixtures.ts';
import { type MicroOptions, runAsyncMicro } from './micro.ts';

export interface WorkerReply {
  opsPerSecond: number;
  perRound: number[];
  invocations: number;
  /** Process CPU time (user + system) per invocation over the timed runs. */
  cpuMicrosPerInvocation: number;
}

function discardStdout(): void {
  const sink = new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
  Object.defineProperty(process, 'stdout', { configurable: true, get: () => sink });
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as MicroOptions;
  if (process.argv[3] === 'discarded') discardStdout();
  const handler = createTokenHandler({
    config: await readHandlerConfig(process.env),
    secrets: staticSecretSource({ appId: BENCH_APP_ID, serverSecret: BENCH_SECRET }),
    logger: createLogger(),
    metrics: createMetrics(),
  });
  const event = restTokenEvent();
  const context = lambdaContext();

  // The invocation measured must be a real success: a 200 whose token decodes to the caller.
  const first = await handler(event, context);
  if (first.statusCode !== 200) {
    throw new Error(`handler answered ${first.statusCode}: ${first.body.slice(0, 300)}`);
  }
  const body = JSON.parse(first.body) as { token: string };
  const decoded = decodeToken(body.token, BENCH_SECRET);
  if (decoded.userId !== BENCH_SUB.replaceAll('-', '') || decoded.privilege?.roomId !== 'room-1') {
    throw new Error('the handler issued a token for the wrong user or room');
  }

  let invocations = 0;
  const result = await runAsyncMicro(
    {
      handler: () => {
        invocations++;
        return handler(event, context);
      },
    },
    options,
  );
  const reply: WorkerReply = {
    opsPerSecond: result.opsPerSecond.handler ?? Number.NaN,
    perRound: result.perRound.handler ?? [],
    invocations: invocations + 1,
    cpuMicrosPerInvocation: 1e6 / (result.opsPerCpuSecond.handler ?? Number.NaN),
  };
  process.send?.(reply);
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    process.stderr.write(`handler bench worker failed: ${String(error)}\n`);
    process.exit(1);
  },
);
