// A burst of cold starts, locally: N fresh Node processes (each one a new execution environment)
// import the deployed bundle at the same moment and answer their first request, the real SDK
// fetching the secret from one Secrets Manager stand-in. Counted: GetSecretValue calls the
// stand-in received (one per environment is the design), and each environment's first-request
// latency from spawn to answer. On this project's 2 shared cores N processes compete for CPU, so
// the latencies show CPU contention, not Lambda (where every environment has its own share); the
// call count is what carries over.

import { findLambdaNode } from '../../functions/invoke/lambda-node.ts';
import { startFakeSecretsManager } from '../support/fake-secrets-manager.ts';
import { type ColdRun, HANDLER_DRIVER, runCold } from './cold-child.ts';
import { COLD_SECRET_NAME, coldEnv, coldSecretString } from './cold-request.ts';
import { restTokenEvent } from './fixtures.ts';
import { median } from './stats.ts';

/** Environment counts simulated (2 cores: kept at 50 or fewer). */
export const BURST_SIZES = [20, 50] as const;

export interface BurstResults {
  burst_20_get_secret_value_calls: number;
  burst_20_get_secret_value_retries: number;
  burst_20_first_request_p50_ms: number;
  burst_20_first_request_max_ms: number;
  burst_20_all_answered_ms: number;
  burst_20_cpu_ms_per_environment: number;
  burst_50_get_secret_value_calls: number;
  burst_50_get_secret_value_retries: number;
  burst_50_first_request_p50_ms: number;
  burst_50_first_request_max_ms: number;
  burst_50_all_answered_ms: number;
  burst_50_cpu_ms_per_environment: number;
  /** One environment alone (no contention): the baseline for the latencies above. */
  burst_1_first_request_ms: number;
}

interface Burst {
  calls: number;
  /** Calls that were the SDK's second attempt (amz-sdk-request: attempt=2), after a failed one. */
  retries: number;
  runs: ColdRun[];
  allAnsweredMs: number;
}

async function burst(bundleFile: string, size: number, flags: readonly string[]): Promise<Burst> {
  const fake = await startFakeSecretsManager({
    secretName: COLD_SECRET_NAME,
    secretString: coldSecretString(),
  });
  try {
    const env = coldEnv(fake.url);
    const event = JSON.stringify(restTokenEvent());
    // Each environment runs Node 24, the Lambda runtime's major.
    const node = findLambdaNode().path;
    const started = performance.now();
    const runs = await Promise.all(
      Array.from({ length: size }, () =>
        runCold(node, ['-e', HANDLER_DRIVER, bundleFile, event], env, flags),
      ),
    );
    const allAnsweredMs = performance.now() - started;
    const calls = fake.calls.filter((c) => c.target === 'secretsmanager.GetSecretValue');
    const retries = calls.filter((c) => !/^attempt=1;/.test(c.headers['amz-sdk-request'] ?? ''));
    return { calls: calls.length, retries: retries.length, runs, allAnsweredMs };
  } finally {
    await fake.close();
  }
}

export async function benchBurst(
  bundleFile: string,
  flags: readonly string[],
): Promise<BurstResults> {
  // Warm the file cache and take the uncontended baseline (median of 3 single starts).
  const singles: number[] = [];
  for (let i = 0; i < 4; i++) {
    const one = await burst(bundleFile, 1, flags);
    if (i > 0) singles.push(one.runs[0]?.wallMs ?? Number.NaN);
  }
  const results: Record<string, number> = { burst_1_first_request_ms: median(singles) };
  for (const size of BURST_SIZES) {
    const { calls, retries, runs, allAnsweredMs } = await burst(bundleFile, size, flags);
    const wall = runs.map((r) => r.wallMs);
    results[`burst_${size}_get_secret_value_calls`] = calls;
    results[`burst_${size}_get_secret_value_retries`] = retries;
    results[`burst_${size}_first_request_p50_ms`] = median(wall);
    results[`burst_${size}_first_request_max_ms`] = Math.max(...wall);
    results[`burst_${size}_all_answered_ms`] = allAnsweredMs;
    results[`burst_${size}_cpu_ms_per_environment`] = median(runs.map((r) => r.cpuMs));
  }
  return results as unknown as BurstResults;
}
