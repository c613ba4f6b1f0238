// Lambda entry for POST /token: builds the real dependencies from the environment once per
// execution environment and hands every invocation to the shared handler.
//
// A configuration error does not fail the import: an init failure would surface to callers as
// API Gateway's bare 502 and only as a runtime crash in the logs. Instead it is logged once at
// init (naming the variable) and again with every request, which is answered 500 internal_error
// in the service's problem+json form.
//
// The handler is built at init with top-level await (Lambda's init phase waits for it): reading
// the configuration imports the room-pattern engine only when a pattern is set.
import { createLogger, createMetrics, secretSourceObserver } from '#commons/observability.ts';
import { secretsManagerSecretSource } from '#commons/secrets/secrets-manager.ts';
import { ConfigError, FUNCTION_ENV } from '#contract/env.ts';
import { readHandlerConfig } from './config.ts';
import {
  createMisconfiguredHandler,
  createTokenHandler,
  type TokenHandler,
} from './create-handler.ts';

const logger = createLogger();
const metrics = createMetrics();

async function build(): Promise<TokenHandler> {
  try {
    const config = await readHandlerConfig(process.env);
    const secretId = config.secret.id;
    if (secretId === undefined) {
      throw new ConfigError(
        FUNCTION_ENV.secretId,
        'must name the Secrets Manager secret (name or ARN)',
      );
    }
    const secrets = secretsManagerSecretSource({
      secretId,
      cacheSeconds: config.secret.cacheSeconds,
      maxStaleSeconds: config.secret.maxStaleSeconds,
      observer: secretSourceObserver(logger, metrics),
    });
    return createTokenHandler({ config, secrets, logger, metrics });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error('configuration error: every request will be answered 500', {
      variable: error.variable,
      detail: error.message,
    });
    return createMisconfiguredHandler(error, logger, metrics);
  }
}

export const handler: TokenHandler = await build();
