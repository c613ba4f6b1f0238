// The real token handler for the local stack: the same createTokenHandler the Lambda entry uses,
// configured by readHandlerConfig, with the secret from a static source instead of Secrets Manager.
import { Logger } from '@aws-lambda-powertools/logger';
import { createMetrics, DEFAULT_SERVICE_NAME } from '../commons/observability.ts';
import { staticSecretSource } from '../commons/secrets/secret-source.ts';
import { readHandlerConfig } from '../token/config.ts';
import { createTokenHandler } from '../token/create-handler.ts';
import type { ProxyHandler } from './gateway.ts';
import type { HandlerFactoryInput } from './stack.ts';

export function createRealHandler(input: HandlerFactoryInput): ProxyHandler {
  const config = readHandlerConfig(input.env);
  // Built here rather than with createLogger(env): Powertools reads POWERTOOLS_* from
  // process.env, and this env may differ from it.
  const logger = new Logger({
    serviceName: input.env.POWERTOOLS_SERVICE_NAME || DEFAULT_SERVICE_NAME,
    ...(input.quiet ? { logLevel: 'SILENT' as const } : {}),
  });
  return createTokenHandler({
    config,
    secrets: staticSecretSource(input.secret),
    logger,
    metrics: createMetrics(input.env),
  });
}
