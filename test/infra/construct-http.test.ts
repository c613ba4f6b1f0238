// ZegoTokenService on a team's HTTP API, and on an HTTP API of its own (apiType 'http').
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ZegoTokenService } from '../../infra/constructs/zego-token-service.ts';
import {
  addService,
  expectServiceNagClean,
  resourcesOf,
  type TeamStack,
  teamStack,
  templateOf,
} from './construct-support.ts';
import { onlyResource } from './support.ts';

/** The team's HTTP API with a route of its own (GET /status to another service). */
function withHttpApi(team: TeamStack & { httpApi?: HttpApi }): void {
  const httpApi = new HttpApi(team.stack, 'HttpApi');
  new HttpRoute(team.stack, 'StatusRoute', {
    httpApi,
    routeKey: HttpRouteKey.with('/status', HttpMethod.GET),
    integration: new HttpUrlIntegration('Status', 'https://status.example.com/'),
  });
  Object.assign(team, { httpApi });
}

describe('ZegoTokenService on a team HTTP API', () => {
  let team: TeamStack & { httpApi: HttpApi };
  let zego: ZegoTokenService;
  let template: ReturnType<typeof templateOf>;
  let secondClientId: string;
  beforeAll(() => {
    team = teamStack(withHttpApi) as typeof team;
    const mobile = team.pool.addClient('Mobile');
    zego = addService(team, { httpApi: team.httpApi, userPoolClients: [team.client, mobile] });
    template = templateOf(team.stack);
    secondClientId = Object.keys(template.findResources('AWS::Cognito::UserPoolClient')).find(
      (id) => id.includes('Mobile'),
    ) as string;
  });

  it('adds POST /token behind a JWT authorizer: issuer the team pool, audience its clients', () => {
    const apiId = onlyResource(template, 'AWS::ApiGatewayV2::Api').id;
    const poolId = onlyResource(template, 'AWS::Cognito::UserPool').id;
    const webId = Object.keys(template.findResources('AWS::Cognito::UserPoolClient')).find((id) =>
      id.includes('Web'),
    );
    const authorizer = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.resource.Properties).toMatchObject({
      ApiId: { Ref: apiId },
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: webId }, { Ref: secondClientId }] },
    });
    const issuer = JSON.stringify(
      (authorizer.resource.Properties.JwtConfiguration as { Issuer: unknown }).Issuer,
    );
    expect(issuer).toContain('https://cognito-idp.');
    expect(issuer).toContain(`{"Ref":"${poolId}"}`);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      ApiId: { Ref: apiId },
      RouteKey: 'POST /token',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizer.id },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ApiId: { Ref: apiId },
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('lets the function check the same clients (ZEGO_ALLOWED_CLIENT_IDS)', () => {
    const fn = onlyResource(template, 'AWS::Lambda::Function').resource.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(JSON.stringify(fn.Environment.Variables.ZEGO_ALLOWED_CLIENT_IDS)).toContain(
      `{"Ref":"${secondClientId}"}`,
    );
  });

  it("leaves the team's routes and stage as they were", () => {
    const before = resourcesOf(templateOf(teamStack(withHttpApi).stack));
    const after = resourcesOf(template);
    for (const [id, resource] of Object.entries(before)) expect(after[id], id).toEqual(resource);
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
  });

  it("names the $default stage's /token in tokenUrl", () => {
    const apiId = onlyResource(template, 'AWS::ApiGatewayV2::Api').id;
    const url = JSON.stringify(team.stack.resolve(zego.tokenUrl));
    expect(url).toContain(`{"Ref":"${apiId}"}`);
    expect(url).toMatch(/\/token"\]\]\}$/);
  });

  it('raises no cdk-nag finding on what it adds', () => {
    expectServiceNagClean(team.stack, zego);
  });
});

describe('ZegoTokenService with an HTTP API of its own', () => {
  it('creates the stack\'s HTTP API (JWT authorizer, throttled stage "prod", access logs)', () => {
    const team = teamStack();
    const zego = addService(team, { apiType: 'http', throttleRateLimit: 20 });
    const template = templateOf(team.stack);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'prod',
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 100 },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /token',
      AuthorizationType: 'JWT',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'Team' });
    expect(zego.httpApi).toBe(zego.tokenHttpApi?.api);
    expectServiceNagClean(team.stack, zego);
  });
});
