// The cold request as a caller feels it: a fresh `node` process imports the bundled handler (the
// bundle the stack deploys) and answers its first invocation, the secret fetched by the real SDK
// client from the local Secrets Manager stand-in over real HTTP on 127.0.0.1.
//
// Subtracted: a fresh `node` process that does the same GetSecretValue POST with node:http and no
// SDK (bare Node start + the HTTP module + one round trip to the stand-in), on the same Node. What
// is left is the function's own cost: loading and compiling the bundle, building the client,
// signing, parsing, issuing the token, logging and metrics. Measured on the system Node and on
// Node 24 (the Lambda runtime's major); every case of both alternates; medians are subtracted.
// The children mark their phases (cold-child.ts): the breakdown says where the time goes.
//
// The children are spawned asynchronously: the stand-in answers from this process's event loop.
import { startFakeSecretsManager } from '../support/fake-secrets-manager.ts';
import {
  BARE_FETCH_DRIVER,
  BARE_NODE_DRIVER,
  type ColdPhases,
  type ColdRun,
  coldPhases,
  HANDLER_DRIVER,
  interleaveCold,
} from './cold-child.ts';
import { BENCH_APP_ID, BENCH_SECRET } from './core.ts';
import { FUNCTION_ENV, restTokenEvent } from './fixtures.ts';
import type { Runtime } from './runtimes.ts';
import { median } from './stats.ts';

export const COLD_SECRET_NAME = 'zego/bench';

/** The function's environment with the stand-in as its Secrets Manager endpoint. */
export function coldEnv(endpoint: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...FUNCTION_ENV,
    ZEGO_SECRET_ID: COLD_SECRET_NAME,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    // As Lambda provides them: the execution role's temporary credentials in the environment.
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench/secret/access/key/not/real/0000000',
    AWS_SESSION_TOKEN: 'bench-session-token',
  };
}

export function coldSecretString(): string {
  return JSON.stringify({ appId: BENCH_APP_ID, serverSecret: BENCH_SECRET });
}

/** The breakdown's keys: which phase of which child (ColdPhases), per runtime. */
const BREAKDOWN = {
  cold_request_start_ms: ['handler', 'start'],
  cold_request_import_ms: ['handler', 'import'],
  cold_request_import_cpu_ms: ['handler', 'importCpu'],
  cold_request_secret_ms: ['handler', 'secret'],
  cold_request_secret_cpu_ms: ['handler', 'secretCpu'],
  cold_request_secret_http_ms: ['handler', 'secretHttp'],
  cold_request_handler_ms: ['handler', 'handler'],
  cold_request_handler_cpu_ms: ['handler', 'handlerCpu'],
  cold_request_exit_ms: ['handler', 'exit'],
  cold_request_bare_fetch_start_ms: ['fetch', 'start'],
  cold_request_bare_fetch_request_ms: ['fetch', 'request'],
  cold_request_bare_fetch_exit_ms: ['fetch', 'exit'],
} as const satisfies Record<string, readonly ['handler' | 'fetch', keyof ColdPhases]>;

const TOTALS = [
  'cold_request_ms_over_node',
  'cold_request_cpu_ms_over_node',
  'cold_request_ms',
  'cold_request_bare_fetch_ms',
  'cold_request_fetch_ms_over_node',
] as const;

/** The keys for one runtime: as named for the system Node, with `_node24` for Node 24. */
export function coldRequestKeys(suffix: Runtime['suffix']): string[] {
  return [...TOTALS, ...Object.keys(BREAKDOWN)].map((key) => `${key}${suffix}`);
}

/** Keys as for the system Node (add `_node24` for Node 24); every value a median in ms. */
export type ColdRequestResults = Record<string, number>;

type Case = 'bare' | 'fetch' | 'handler';

export async function benchColdRequest(
  bundleFile: string,
  flags: readonly string[],
  runs: number,
  runtimes: readonly Runtime[],
): Promise<ColdRequestResults> {
  const fake = await startFakeSecretsManager({
    secretName: COLD_SECRET_NAME,
    secretString: coldSecretString(),
  });
  try {
    const env = coldEnv(fake.url);
    const event = JSON.stringify(restTokenEvent());
    const drivers: Record<Case, string[]> = {
      bare: ['-e', BARE_NODE_DRIVER],
      fetch: ['-e', BARE_FETCH_DRIVER],
      handler: ['-e', HANDLER_DRIVER, bundleFile, event],
    };
    const results = await interleaveCold(runtimes, drivers, runs, env, flags);
    const handlerCalls = fake.calls.filter((c) => c.authorization !== undefined).length;
    const expected = runtimes.length * (runs + 1);
    if (handlerCalls !== expected) {
      throw new Error(`expected ${expected} signed GetSecretValue calls, saw ${handlerCalls}`);
    }
    const out: ColdRequestResults = { cold_request_runs: runs };
    for (const [r, runtime] of runtimes.entries()) {
      Object.assign(out, summarize(results[r] as Record<Case, ColdRun[]>, runtime.suffix));
    }
    return out;
  } finally {
    await fake.close();
  }
}

function summarize(runs: Record<Case, ColdRun[]>, suffix: string): ColdRequestResults {
  const wall = (name: Case) => median(runs[name].map((r) => r.wallMs));
  const cpu = (name: Case) => median(runs[name].map((r) => r.cpuMs));
  const phases = { handler: runs.handler.map(coldPhases), fetch: runs.fetch.map(coldPhases) };
  const out: ColdRequestResults = {
    [`cold_request_ms_over_node${suffix}`]: wall('handler') - wall('fetch'),
    [`cold_request_cpu_ms_over_node${suffix}`]: cpu('handler') - cpu('fetch'),
    [`cold_request_ms${suffix}`]: wall('handler'),
    [`cold_request_bare_fetch_ms${suffix}`]: wall('fetch'),
    [`cold_request_fetch_ms_over_node${suffix}`]: wall('fetch') - wall('bare'),
  };
  for (const [key, [child, phase]] of Object.entries(BREAKDOWN)) {
    const values = phases[child].map((p) => p[phase]).filter((v) => v !== undefined);
    out[`${key}${suffix}`] = median(values);
  }
  return out;
}
