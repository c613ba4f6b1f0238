// The same team, as an ES module app in plain JavaScript: the construct on an HTTP API of its own
// and on the team's HTTP API beside a route of the team's. Imports the CommonJS package by name.
import { writeFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ZegoTokenService } from 'cdk-zego-token-service';

const app = new App({ outdir: 'cdk.out.http' });

function teamStack(id) {
  const stack = new Stack(app, id);
  const pool = new UserPool(stack, 'Pool', { signInAliases: { email: true } });
  const client = pool.addClient('Web', { authFlows: { userSrp: true } });
  return { stack, pool, client };
}

function teamHttpApi(stack) {
  const httpApi = new HttpApi(stack, 'HttpApi');
  new HttpRoute(stack, 'StatusRoute', {
    httpApi,
    routeKey: HttpRouteKey.with('/status', HttpMethod.GET),
    integration: new HttpUrlIntegration('Status', 'https://status.example.com/'),
  });
  return httpApi;
}

const own = teamStack('OwnHttpApi');
new ZegoTokenService(own.stack, 'Zego', {
  userPool: own.pool,
  userPoolClients: [own.client],
  apiType: 'http',
});

const team = teamStack('HttpAttach');
const zego = new ZegoTokenService(team.stack, 'Zego', {
  userPool: team.pool,
  userPoolClients: [team.client],
  httpApi: teamHttpApi(team.stack),
});
teamHttpApi(teamStack('HttpBaseline').stack);

const nag = Object.fromEntries(
  ['OwnHttpApi', 'HttpAttach'].map((id) => [
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
  'result-esm.json',
  JSON.stringify({
    nag,
    tokenUrl: team.stack.resolve(zego.tokenUrl),
    runtime: zego.function.runtime.name,
  }),
);
