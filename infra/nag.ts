import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

// cdk-nag 3: rule packs are CDK validation plugins, and findings are acknowledged with CDK's
// native `Validations.of(construct).acknowledge({ id, reason })` (infra/constructs/acknowledge.ts,
// which the constructs use without importing cdk-nag). A finding that is neither fixed nor
// acknowledged fails `cdk synth`.

/** Registers the AWS Solutions rule pack, so `cdk synth` fails on any unacknowledged finding. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
