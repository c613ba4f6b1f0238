import type { App } from 'aws-cdk-lib';
import { type ContextKey, readTokenServiceConfig } from './config.ts';
import {
  applyStage,
  assertKnownContextKeys,
  checkDeployOptions,
  readDeployOptions,
} from './deploy-options.ts';
import { addNagChecks } from './nag.ts';
import { TokenServiceStack } from './token-service-stack.ts';

/**
 * Adds the token service to a CDK app: refuses unknown context keys, reads the configuration and
 * deployment options from the app's context, creates the (environment-agnostic) stack and
 * registers the cdk-nag AWS Solutions checks.
 */
export function buildTokenServiceApp(app: App): TokenServiceStack {
  assertKnownContextKeys(app.node.getAllContext());
  const get = (key: ContextKey) => app.node.tryGetContext(key);
  const deploy = readDeployOptions(get);
  const config = applyStage(readTokenServiceConfig(get), deploy, get);
  checkDeployOptions(config, deploy);
  const stack = new TokenServiceStack(app, config.stackName, { config, deploy });
  addNagChecks(app);
  return stack;
}
