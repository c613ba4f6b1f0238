import type { App } from 'aws-cdk-lib';
import { type ContextKey, readTokenServiceConfig } from './config.ts';
import { addNagChecks } from './nag.ts';
import { TokenServiceStack } from './token-service-stack.ts';

/**
 * Adds the token service to a CDK app: reads the configuration from the app's context, creates the
 * (environment-agnostic) stack and registers the cdk-nag AWS Solutions checks.
 */
export function buildTokenServiceApp(app: App): TokenServiceStack {
  const config = readTokenServiceConfig((key: ContextKey) => app.node.tryGetContext(key));
  const stack = new TokenServiceStack(app, config.stackName, { config });
  addNagChecks(app);
  return stack;
}
