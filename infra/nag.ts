import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

// cdk-nag 3: rule packs are CDK validation plugins, and findings are acknowledged with CDK's
// native `Validations.of(construct).acknowledge({ id, reason })`. A finding that is neither fixed
// nor acknowledged fails `cdk synth`.

/** Registers the AWS Solutions rule pack, so `cdk synth` fails on any unacknowledged finding. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

const MIN_REASON_LENGTH = 20;

/**
 * Acknowledges one cdk-nag finding on a construct (and its children). Every acknowledgement must
 * say why the finding is acceptable here; a missing or token-short reason is a programming error.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(`cdk-nag acknowledgement ${id} on ${scope.node.path} needs a real reason`);
  }
  Validations.of(scope).acknowledge({ id, reason });
}
