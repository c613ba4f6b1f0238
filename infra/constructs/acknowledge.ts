import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

// cdk-nag 3 reads CDK's own acknowledgements (`Validations.of(construct).acknowledge`), so the
// constructs acknowledge their findings without depending on cdk-nag: an app that runs the AWS
// Solutions checks sees none of them, and an app that does not need not install it.

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
