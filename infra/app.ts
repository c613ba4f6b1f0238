// CDK app entry point (cdk.json runs it with tsx). Configuration: README, "Configuration", and
// docs/deploy.md.
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../functions/contract/env.ts';
import { buildTokenServiceApp } from './build-app.ts';
import { buildDeployedHandlerBundles } from './handler-bundle.ts';

try {
  // The function's code is built from today's sources before every synth (about a second).
  await buildDeployedHandlerBundles();
  const app = new App();
  buildTokenServiceApp(app);
  app.synth();
} catch (error) {
  // A context mistake is the user's to fix: one line naming the key, no Node stack trace.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
