// The real token handler for the local stack: the same createTokenHandler the Lambda entry uses,
// configured by readHandlerConfig, with the secret from a static source instead of Secrets Manager.
import { createLogger, createMetrics } from '#commons/observability.ts';
import { staticSecretSource } from '#commons/secrets/secret-source.ts';
import { readHandlerConfig } from '#token/config.ts';
import { createTokenHandler } from '#token/create-handler.ts';
import type { HandlerFactoryInput, ProxyHandler } from './handler-factory.ts';

export async function createRealHandler(input: HandlerFactoryInput): Promise<ProxyHandler> {
  const config = await readHandlerConfig(input.env);
  const logger = createLogger(input.env, { silent: input.quiet === true });
  return createTokenHandler({
    config,
    secrets: staticSecretSource(input.secret),
    logger,
    metrics: createMetrics(input.env),
  });
}
