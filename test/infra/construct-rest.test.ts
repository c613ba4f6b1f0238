// ZegoTokenService on a team's REST API (it attaches, it does not take over), and on a REST API
// of its own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { type IResource, MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerBundleDir } from '../../infra/constructs/handler-bundle-dir.ts';
import type { ZegoTokenService } from '../../infra/constructs/zego-token-service.ts';
import { expectTeamResourcesUntouched } from '../packages/construct-consumer-support.ts';
import {
  addService,
  expectServiceNagClean,
  isServiceFinding,
  resourcesOf,
  type ServiceProps,
  type TeamStack,
  teamStack,
  templateOf,
} from './construct-support.ts';
import { nagViolations, onlyResource } from './support.ts';

/** The team's REST API: one unauthenticated GET /health of its own, and a /zego resource. */
function withApi(team: TeamStack & { api?: RestApi; zegoResource?: IResource }): void {
  const api = new RestApi(team.stack, 'Api', { deployOptions: { stageName: 'live' } });
  api.root.addResource('health').addMethod('GET', new MockIntegration());
  Object.assign(team, { api, zegoResource: api.root.addResource('zego') });
}

interface Attached {
  team: TeamStack & { api: RestApi; zegoResource: IResource };
  zego: ZegoTokenService;
}

function attach(props: (team: Attached['team']) => ServiceProps = () => ({})): Attached {
  const team = teamStack(withApi) as Attached['team'];
  const zego = addService(team, { restApi: team.api, ...props(team) });
  return { team, zego };
}

function idOf(template: ReturnType<typeof templateOf>, type: string, props: object): string {
  const found = Object.keys(template.findResources(type, { Properties: props }));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as string;
}

describe('ZegoTokenService on a team REST API', () => {
  let a: Attached;
  let template: ReturnType<typeof templateOf>;
  let apiId: string;
  beforeAll(() => {
    a = attach();
    template = templateOf(a.team.stack);
    apiId = onlyResource(template, 'AWS::ApiGateway::RestApi').id;
  });

  it('adds POST /token at the root behind a Cognito user pools authorizer for the team pool', () => {
    const poolId = onlyResource(template, 'AWS::Cognito::UserPool').id;
    const authorizer = onlyResource(template, 'AWS::ApiGateway::Authorizer');
    expect(authorizer.resource.Properties).toMatchObject({
      Type: 'COGNITO_USER_POOLS',
      RestApiId: { Ref: apiId },
      ProviderARNs: [{ 'Fn::GetAtt': [poolId, 'Arn'] }],
      IdentitySource: 'method.request.header.Authorization',
    });
    const token = idOf(template, 'AWS::ApiGateway::Resource', { PathPart: 'token' });
    expect(template.toJSON().Resources[token].Properties.ParentId).toEqual({
      'Fn::GetAtt': [apiId, 'RootResourceId'],
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ResourceId: { Ref: token },
      RestApiId: { Ref: apiId },
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: authorizer.id },
      RequestValidatorId: { Ref: onlyResource(template, 'AWS::ApiGateway::RequestValidator').id },
      RequestModels: {
        'application/json': { Ref: onlyResource(template, 'AWS::ApiGateway::Model').id },
      },
      Integration: Match.objectLike({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' }),
    });
  });

  it('validates the body with the contract model, named by CloudFormation (no clash in the API)', () => {
    const model = onlyResource(template, 'AWS::ApiGateway::Model').resource.Properties;
    expect(model.RestApiId).toEqual({ Ref: apiId });
    expect(model.Name).toBeUndefined();
    expect(JSON.stringify(model.Schema)).toContain('"roomId"');
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      RestApiId: { Ref: apiId },
      ValidateRequestBody: true,
    });
  });

  it("leaves the team's routes, stage and gateway responses as they were", () => {
    // A new deployment of the API (its routes changed); every stage setting is the same.
    expectTeamResourcesUntouched(
      resourcesOf(templateOf(teamStack(withApi).stack)),
      resourcesOf(template),
    );
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 0);
    template.resourceCountIs('AWS::ApiGateway::Stage', 1);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
  });

  it('lets only POST /token of that API invoke the function', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(1);
    const sourceArn = JSON.stringify(
      (permissions[0] as { Properties: { SourceArn: unknown } }).Properties.SourceArn,
    );
    expect(sourceArn).toContain(`{"Ref":"${apiId}"}`);
    expect(sourceArn).toContain('/POST/token');
  });

  it('runs the prebuilt bundle on nodejs24.x ARM64', () => {
    const fn = onlyResource(template, 'AWS::Lambda::Function').resource;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
    // The code is the prebuilt bundle, staged into the cloud assembly as is, byte for byte (so
    // token-function-credentials.test.ts runs the bundle directory itself).
    const key = (fn.Properties.Code as { S3Key: string }).S3Key;
    const staged = join(a.team.app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
    expect(readdirSync(staged)).toContain('index.mjs');
    expect(readdirSync(staged).sort()).toEqual(readdirSync(handlerBundleDir(false)).sort());
    for (const name of readdirSync(staged)) {
      const original = readFileSync(join(handlerBundleDir(false), name));
      expect(readFileSync(join(staged, name)).equals(original), name).toBe(true);
    }
  });

  it("names the stage's URL of /token in tokenUrl", () => {
    const url = JSON.stringify(a.team.stack.resolve(a.zego.tokenUrl));
    const stage = onlyResource(template, 'AWS::ApiGateway::Stage');
    expect(stage.resource.Properties.StageName).toBe('live');
    expect(url).toContain(`{"Ref":"${apiId}"}`);
    expect(url).toContain(`{"Ref":"${stage.id}"},"/token"]`);
  });

  it("raises no cdk-nag finding on what it adds, while the team's open route is flagged", () => {
    expectServiceNagClean(a.team.stack, a.zego);
    const teamFindings = nagViolations(a.team.stack).filter((f) => !isServiceFinding(f, a.zego));
    expect(teamFindings).toContain('Team/Api/Default/health/GET/Resource AwsSolutions-APIG4');
  });
});

describe('ZegoTokenService on a team REST API: options', () => {
  it('puts /token under parentResource, and tokenUrl says so', () => {
    const { team, zego } = attach((t) => ({ parentResource: t.zegoResource }));
    const template = templateOf(team.stack);
    const parent = idOf(template, 'AWS::ApiGateway::Resource', { PathPart: 'zego' });
    template.hasResourceProperties('AWS::ApiGateway::Resource', {
      PathPart: 'token',
      ParentId: { Ref: parent },
    });
    const stage = onlyResource(template, 'AWS::ApiGateway::Stage').id;
    expect(JSON.stringify(team.stack.resolve(zego.tokenUrl))).toContain(
      `{"Ref":"${stage}"},"/zego/token"]`,
    );
  });

  it('with corsOrigins adds a preflight on /token only', () => {
    const { team } = attach(() => ({ corsOrigins: ['https://app.example.com'] }));
    const template = templateOf(team.stack);
    const options = Object.values(
      template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }),
    );
    expect(options).toHaveLength(1);
    const token = idOf(template, 'AWS::ApiGateway::Resource', { PathPart: 'token' });
    expect(options[0]).toMatchObject({
      Properties: { ResourceId: { Ref: token }, AuthorizationType: 'NONE' },
    });
    expect(JSON.stringify(options[0])).toContain("'https://app.example.com'");
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 0);
  });

  it('with problemGatewayResponses answers gateway errors as problem+json that fit any route', () => {
    const { team, zego } = attach(() => ({ problemGatewayResponses: true }));
    const template = templateOf(team.stack);
    const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse'));
    expect(responses).toHaveLength(10);
    const apiId = onlyResource(template, 'AWS::ApiGateway::RestApi').id;
    for (const response of responses as { Properties: Record<string, unknown> }[]) {
      expect(response.Properties.RestApiId).toEqual({ Ref: apiId });
      expect(
        (response.Properties.ResponseParameters as Record<string, string>)[
          'gatewayresponse.header.Content-Type'
        ],
      ).toBe("'application/problem+json'");
    }
    const notFound = JSON.stringify(
      responses.find((r) => JSON.stringify(r).includes('MISSING_AUTHENTICATION_TOKEN')),
    );
    expect(notFound).toContain('No such route.');
    expect(JSON.stringify(responses)).not.toContain('POST /token');
    expectServiceNagClean(team.stack, zego);
  });

  it('invokes a live alias with provisioned concurrency when asked', () => {
    const { team } = attach(() => ({ provisionedConcurrency: 2 }));
    const template = templateOf(team.stack);
    const alias = onlyResource(template, 'AWS::Lambda::Alias');
    expect(alias.resource.Properties).toMatchObject({
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    const post = JSON.stringify(
      template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'POST' } }),
    );
    expect(post).toContain(alias.id);
  });
});

describe('ZegoTokenService with an API of its own', () => {
  it('creates the REST API the stack deploys: stage prod, problem+json, WAF acknowledged', () => {
    const team = teamStack();
    const zego = addService(team);
    const template = templateOf(team.stack);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 10);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })],
    });
    expect(zego.restApi).toBe(zego.tokenApi?.api);
    const stage = onlyResource(template, 'AWS::ApiGateway::Stage').id;
    expect(JSON.stringify(team.stack.resolve(zego.tokenUrl))).toContain(
      `{"Ref":"${stage}"},"/token"]`,
    );
    expectServiceNagClean(team.stack, zego);
  });

  it('with enableWaf attaches a rate-based web ACL to its stage', () => {
    const team = teamStack();
    const zego = addService(team, { enableWaf: true, wafRateLimit: 1000 });
    const template = templateOf(team.stack);
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: [
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 1000 }) } }),
      ],
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    expectServiceNagClean(team.stack, zego);
  });
});
