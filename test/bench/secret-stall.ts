// Secret refresh under a hanging Secrets Manager: the real handler with the real SDK client
// against the local stand-in, a 1 s cache and the default stale window. After the first load
// every GetSecretValue is accepted and never answered; requests keep arriving and are timed.
// Each is answered from the last good value while one refresh hangs (stale-while-revalidate).
import { createLogger, createMetrics } from '../../functions/commons/observability.ts';
import {
  createSecretsManagerClient,
  secretsManagerSecretSource,
} from '../../functions/commons/secrets/secrets-manager.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { createTokenHandler } from '../../functions/token/create-handler.ts';
import { startFakeSecretsManager } from '../support/fake-secrets-manager.ts';
import { BENCH_APP_ID, BENCH_SECRET } from './core.ts';
import { FUNCTION_ENV, lambdaContext, restTokenEvent } from './fixtures.ts';
import { median } from './stats.ts';

export interface SecretStallResults {
  stale_while_hanging_p50_ms: number;
  stale_while_hanging_p99_ms: number;
  stale_while_hanging_max_ms: number;
  stale_while_hanging_non2xx: number;
  stale_while_hanging_requests: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchSecretStall(durationMs: number): Promise<SecretStallResults> {
  const fake = await startFakeSecretsManager({
    secretName: 'zego/bench',
    secretString: JSON.stringify({ appId: BENCH_APP_ID, serverSecret: BENCH_SECRET }),
  });
  try {
    const config = await readHandlerConfig({ ...FUNCTION_ENV, ZEGO_SECRET_CACHE_SECONDS: '1' });
    const client = createSecretsManagerClient(
      {},
      {
        region: 'us-east-1',
        endpoint: fake.url,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      },
    );
    const secrets = secretsManagerSecretSource({
      secretId: 'zego/bench',
      cacheSeconds: config.secret.cacheSeconds,
      maxStaleSeconds: config.secret.maxStaleSeconds,
      client,
    });
    // Nothing may reach stdout (the bench's --json answer): no log lines, no EMF documents.
    const previous = process.env.POWERTOOLS_METRICS_DISABLED;
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const metrics = createMetrics();
    if (previous === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = previous;
    const handler = createTokenHandler({
      config,
      secrets,
      logger: createLogger({}, { silent: true }),
      metrics,
    });
    const context = lambdaContext();
    await handler(restTokenEvent(), context);
    // From now on the store hangs on every call (far more faults than calls can happen).
    fake.inject(...Array.from({ length: 10_000 }, () => ({ kind: 'hang' as const })));

    const latencies: number[] = [];
    let non2xx = 0;
    const deadline = performance.now() + durationMs;
    const inflight: Promise<void>[] = [];
    while (performance.now() < deadline) {
      // Bursts of 5 concurrent requests every 10 ms: several fall on every cache expiry.
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        inflight.push(
          handler(restTokenEvent(), context).then((result) => {
            latencies.push(performance.now() - started);
            if (result.statusCode !== 200) non2xx += 1;
          }),
        );
      }
      await sleep(10);
    }
    await Promise.all(inflight);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      stale_while_hanging_p50_ms: median(sorted),
      stale_while_hanging_p99_ms: percentile(sorted, 99),
      stale_while_hanging_max_ms: sorted.at(-1) ?? NaN,
      stale_while_hanging_non2xx: non2xx,
      stale_while_hanging_requests: sorted.length,
    };
  } finally {
    await fake.close();
  }
}
