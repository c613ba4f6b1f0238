// Helpers for the ZegoTokenService construct tests: a team's stack (user pool, app client, and the
// API they already have), the construct added to it, and cdk-nag's findings split into the
// construct's and the team's.
import { type App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { expect } from 'vitest';
import { ZegoTokenService } from '../../infra/constructs/zego-token-service.ts';
import type { ZegoTokenServiceProps } from '../../infra/constructs/zego-token-service-props.ts';
import type { Resource, Resources } from '../packages/construct-consumer-support.ts';
import {
  acknowledgements,
  expectAcknowledgementsUsed,
  nagViolations,
  testApp,
  withoutCfnValidation,
} from './support.ts';

export interface TeamStack {
  readonly app: App;
  readonly stack: Stack;
  readonly pool: UserPool;
  readonly client: UserPoolClient;
}

/** A team's stack with its own user pool and app client (and whatever `extra` adds). */
export function teamStack(extra: (team: TeamStack) => void = () => {}): TeamStack {
  const app = testApp();
  const stack = new Stack(app, 'Team');
  const pool = new UserPool(stack, 'Pool', { signInAliases: { email: true } });
  const client = pool.addClient('Web', { authFlows: { userSrp: true } });
  const team = { app, stack, pool, client };
  extra(team);
  return team;
}

export type ServiceProps = Omit<ZegoTokenServiceProps, 'userPool' | 'userPoolClients'> &
  Partial<Pick<ZegoTokenServiceProps, 'userPool' | 'userPoolClients'>>;

/** The construct as 'Zego' in the team's stack, with the team's pool and client by default. */
export function addService(team: TeamStack, props: ServiceProps = {}): ZegoTokenService {
  return new ZegoTokenService(team.stack, 'Zego', {
    userPool: team.pool,
    userPoolClients: [team.client],
    ...props,
  });
}

export function templateOf(stack: Stack): Template {
  return withoutCfnValidation(() => Template.fromStack(stack));
}

/**
 * Whether a finding is on something the construct created: under its own path, or the `/token`
 * resource and methods it added to the team's REST API.
 */
export function isServiceFinding(finding: string, service: ZegoTokenService): boolean {
  return finding.startsWith(`${service.node.path}/`) || /\/token(\/| )/.test(finding);
}

/**
 * The construct's resources raise no unacknowledged finding, and each of its acknowledgements
 * (reason and all) silences a finding cdk-nag really raises there.
 */
export function expectServiceNagClean(stack: Stack, service: ZegoTokenService): void {
  expect(nagViolations(stack).filter((f) => isServiceFinding(f, service))).toEqual([]);
  const acks = acknowledgements(stack).filter(
    (ack) => ack.path === service.node.path || ack.path.startsWith(`${service.node.path}/`),
  );
  expectAcknowledgementsUsed(stack, acks);
}

/** Resources of a template by logical ID, without CDK's construct-path metadata. */
export function resourcesOf(template: Template): Resources {
  const resources = template.toJSON().Resources as Record<
    string,
    Resource & { Metadata?: unknown }
  >;
  return Object.fromEntries(
    Object.entries(resources).map(([id, resource]) => {
      const { Metadata: _metadata, ...rest } = resource;
      return [id, rest];
    }),
  );
}
