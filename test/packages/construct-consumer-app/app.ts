// A team's CDK app (CommonJS, TypeScript run by ts-node), with the packed cdk-zego-token-service
// installed from its tarball: the construct on an API of its own, and on the team's REST API
// beside a route of the team's. test/packages/construct-consumer.test.ts reads what it writes.
import { writeFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, ZegoTokenService, type ZegoTokenServiceProps } from 'cdk-zego-token-service';

// The package's types are real types, not `any` (checked with skipLibCheck on, too).
type IsAny<T> = 0 extends 1 & T ? true : false;
const propsAreTyped: IsAny<ZegoTokenServiceProps> = false;
const functionIsTyped: IsAny<ZegoTokenService['function']> = false;

const app = new App({ outdir: 'cdk.out' });

function teamStack(id: string): { stack: Stack; pool: UserPool; client: UserPoolClient } {
  const stack = new Stack(app, id);
  const pool = new UserPool(stack, 'Pool', { signInAliases: { email: true } });
  const client = pool.addClient('Web', { authFlows: { userSrp: true } });
  return { stack, pool, client };
}

function teamRestApi(stack: Stack): RestApi {
  const api = new RestApi(stack, 'Api');
  api.root.addResource('health').addMethod('GET', new MockIntegration());
  return api;
}

const own = teamStack('OwnApi');
new ZegoTokenService(own.stack, 'Zego', {
  userPool: own.pool,
  userPoolClients: [own.client],
  publishGroups: ['hosts'],
  roomIdPattern: 'room-[a-z0-9-]+',
  maxTtlSeconds: 7200,
});

const rest = teamStack('RestAttach');
const zego = new ZegoTokenService(rest.stack, 'Zego', {
  userPool: rest.pool,
  userPoolClients: [rest.client],
  restApi: teamRestApi(rest.stack),
});
// The same team stack without the construct, to compare the team's own resources with.
teamRestApi(teamStack('RestBaseline').stack);

const wrongType: ZegoTokenServiceProps = {
  userPool: rest.pool,
  userPoolClients: [],
  // @ts-expect-error A prop of the wrong type does not compile.
  maxTtlSeconds: '1h',
};

let refused = '';
try {
  const bad = teamStack('Refused');
  new ZegoTokenService(bad.stack, 'Zego', {
    userPool: bad.pool,
    userPoolClients: [bad.client],
    maxTtlSeconds: 10,
  });
} catch (error) {
  if (error instanceof ConfigError) refused = error.message;
  app.node.tryRemoveChild('Refused');
}

const nag = Object.fromEntries(
  ['OwnApi', 'RestAttach'].map((id) => [
    id,
    new AwsSolutionsChecks()
      .validateScope(app.node.findChild(id))
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${r.constructPath} ${v.ruleName}`),
      ),
  ]),
);
app.synth();
writeFileSync(
  'result-cjs.json',
  JSON.stringify({
    nag,
    refused,
    tokenUrl: rest.stack.resolve(zego.tokenUrl),
    runtime: zego.function.runtime.name,
  }),
);
void [propsAreTyped, functionIsTyped, wrongType];
