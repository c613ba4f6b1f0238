// Bundle entry for the cold-start breakdown: functions/token/handler.ts's init (Powertools logger
// and metrics, configuration, createTokenHandler) without the Secrets Manager client, whose place
// a static secret source takes. Its cold init minus the real entry's is what the AWS SDK costs.
import { createLogger, createMetrics } from '../../functions/commons/observability.ts';
import { staticSecretSource } from '../../functions/commons/secrets/secret-source.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { createTokenHandler } from '../../functions/token/create-handler.ts';

export const handler = createTokenHandler({
  config: await readHandlerConfig(process.env),
  secrets: staticSecretSource({ appId: 1_234_567_890, serverSecret: 'bench'.padEnd(32, '0') }),
  logger: createLogger(),
  metrics: createMetrics(),
});
