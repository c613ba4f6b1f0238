// CI as a consumer of cdk-zego-token-service: `npm pack -w cdk-zego-token-service` (its prepack
// builds everything it ships), then a fresh CDK app outside the repository installs the tarball
// with aws-cdk-lib, constructs, typescript, ts-node and cdk-nag only (no bundler), typechecks,
// and synthesizes the three shapes (an API of its own, the team's REST API, the team's HTTP
// API) from CommonJS TypeScript and from an ES module. The apps: construct-consumer-app/.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_INIT_SIZE_BUDGET_BYTES, HANDLER_SIZE_BUDGET_BYTES } from '../../infra/bundling.ts';
import { bundleCodeBytes, initLoadedCodeBytes } from '../../infra/handler-bundle.ts';
import {
  copyDir,
  expectTeamResourcesUntouched,
  lockedVersion,
  ofType,
  only,
  type Resource,
  type Resources,
  ROOT,
  secretStatements,
  sh,
} from './construct-consumer-support.ts';

const FIXTURE = new URL('./construct-consumer-app/', import.meta.url).pathname;

let work: string;
let app: string;
let tarballFiles: string[];
let cjs: { nag: Record<string, string[]>; refused: string; tokenUrl: unknown; runtime: string };
let esm: { nag: Record<string, string[]>; tokenUrl: unknown; runtime: string };

function template(outdir: string, stack: string): Resources {
  const path = join(app, outdir, `${stack}.template.json`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { Resources: Resources }).Resources;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zego-construct-consumer-'));
  app = join(work, 'app');
  const packed = JSON.parse(
    await sh(
      'npm',
      ['pack', '-w', 'cdk-zego-token-service', '--json', '--pack-destination', work],
      ROOT,
    ),
  ) as { filename: string; files: { path: string }[] }[];
  const tarball = join(work, packed[0]?.filename ?? 'missing.tgz');
  tarballFiles = (packed[0]?.files ?? []).map((f) => f.path).sort();

  rmSync(app, { recursive: true, force: true });
  copyDir(FIXTURE, app);
  // A CommonJS app, as `cdk init app --language typescript` makes it.
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'team-cdk-app', version: '1.0.0', private: true }, null, 2),
  );
  await sh(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      `aws-cdk-lib@${lockedVersion('aws-cdk-lib')}`,
      `constructs@${lockedVersion('constructs')}`,
      `typescript@${lockedVersion('typescript')}`,
      `@types/node@${lockedVersion('@types/node')}`,
      `cdk-nag@${lockedVersion('cdk-nag')}`,
      'ts-node@10.9.2',
      tarball,
    ],
    app,
  );
  const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
  const tsNode = join(app, 'node_modules', 'ts-node', 'dist', 'bin.js');
  // Typechecks as an app would (NodeNext with every .d.ts checked; node10 as older CDK apps),
  // and synthesizes the CommonJS and the ES module app: independent, so side by side.
  await Promise.all([
    sh(process.execPath, [tsc, '-p', 'tsconfig.json'], app),
    sh(process.execPath, [tsc, '-p', 'tsconfig.node10.json'], app),
    sh(process.execPath, [tsNode, '--transpile-only', 'app.ts'], app),
    sh(process.execPath, ['http-app.mjs'], app),
  ]);
  cjs = JSON.parse(readFileSync(join(app, 'result-cjs.json'), 'utf8'));
  esm = JSON.parse(readFileSync(join(app, 'result-esm.json'), 'utf8'));
}, 900_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('npm pack -w cdk-zego-token-service', () => {
  it('ships built JS, declarations, the prebuilt handler bundles, README and LICENSE, no .ts source', () => {
    expect(tarballFiles).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'dist/index.js',
        'dist/package.json',
        'dist/types/infra/index.d.ts',
        'dist/handler/index.mjs',
        'dist/handler-source-maps/index.mjs',
        'dist/handler-source-maps/index.mjs.map',
      ]),
    );
    expect(tarballFiles.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(tarballFiles.filter((f) => /app|stack|deploy-options|nag|build-/.test(f))).toEqual([]);
  });

  it('ships a handler bundle within the size budgets (loaded at init, and in all)', async () => {
    const shipped = join(app, 'node_modules', 'cdk-zego-token-service', 'dist', 'handler');
    expect(bundleCodeBytes(shipped)).toBeGreaterThan(100_000);
    expect(bundleCodeBytes(shipped)).toBeLessThanOrEqual(HANDLER_SIZE_BUDGET_BYTES);
    expect(await initLoadedCodeBytes(shipped)).toBeLessThanOrEqual(HANDLER_INIT_SIZE_BUDGET_BYTES);
  });
});

describe('a fresh CDK app with the tarball installed', () => {
  it('has no bundler and no TypeScript runner of the repository', () => {
    const modules = readdirSync(join(app, 'node_modules'));
    expect(modules).toContain('cdk-zego-token-service');
    expect(modules).toContain('ts-node');
    expect(modules).not.toContain('esbuild');
    expect(modules).not.toContain('@esbuild');
    expect(modules).not.toContain('tsx');
  });

  it('puts POST /token on the team REST API behind a Cognito authorizer for the team pool', () => {
    const resources = template('cdk.out', 'RestAttach');
    const [apiId] = only(resources, 'AWS::ApiGateway::RestApi');
    const [poolId] = only(resources, 'AWS::Cognito::UserPool');
    const [authorizerId, authorizer] = only(resources, 'AWS::ApiGateway::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      Type: 'COGNITO_USER_POOLS',
      RestApiId: { Ref: apiId },
      ProviderARNs: [{ 'Fn::GetAtt': [poolId, 'Arn'] }],
    });
    const [tokenId] = ofType(resources, 'AWS::ApiGateway::Resource').find(
      ([, r]) => r.Properties.PathPart === 'token',
    ) as [string, Resource];
    const post = ofType(resources, 'AWS::ApiGateway::Method').filter(
      ([, m]) => m.Properties.HttpMethod === 'POST',
    );
    expect(post).toHaveLength(1);
    expect(post[0]?.[1].Properties).toMatchObject({
      RestApiId: { Ref: apiId },
      ResourceId: { Ref: tokenId },
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: authorizerId },
    });
    expect(JSON.stringify(cjs.tokenUrl)).toContain('"/token"');
  });

  it("leaves the team's own route, stage and resources untouched", () => {
    expectTeamResourcesUntouched(
      template('cdk.out', 'RestBaseline'),
      template('cdk.out', 'RestAttach'),
    );
    const health = ofType(template('cdk.out', 'RestAttach'), 'AWS::ApiGateway::Method').filter(
      ([, m]) => m.Properties.HttpMethod === 'GET',
    );
    expect(health).toHaveLength(1);
    expect(health[0]?.[1].Properties.AuthorizationType).toBe('NONE');
  });

  it('runs the function on nodejs24.x ARM64 from the shipped bundle', () => {
    for (const [outdir, stack] of [
      ['cdk.out', 'RestAttach'],
      ['cdk.out', 'OwnApi'],
      ['cdk.out.http', 'HttpAttach'],
    ] as const) {
      const [, fn] = only(template(outdir, stack), 'AWS::Lambda::Function');
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const staged = join(app, outdir, `asset.${key}`);
      const shipped = join(app, 'node_modules', 'cdk-zego-token-service', 'dist', 'handler');
      expect(readdirSync(staged).sort()).toEqual(readdirSync(shipped).sort());
      expect(readFileSync(join(staged, 'index.mjs'))).toEqual(
        readFileSync(join(shipped, 'index.mjs')),
      );
    }
    expect([cjs.runtime, esm.runtime]).toEqual(['nodejs24.x', 'nodejs24.x']);
  });

  it('grants GetSecretValue on the one secret only', () => {
    for (const [outdir, stack] of [
      ['cdk.out', 'RestAttach'],
      ['cdk.out.http', 'HttpAttach'],
    ] as const) {
      const resources = template(outdir, stack);
      const [secretId] = only(resources, 'AWS::SecretsManager::Secret');
      expect(secretStatements(resources)).toEqual([
        {
          Action: 'secretsmanager:GetSecretValue',
          Effect: 'Allow',
          Resource: { Ref: secretId },
          Sid: 'ReadZegoSecret',
        },
      ]);
    }
  });

  it('creates an API of its own with POST /token behind the Cognito authorizer', () => {
    const resources = template('cdk.out', 'OwnApi');
    const [poolId] = only(resources, 'AWS::Cognito::UserPool');
    const [, authorizer] = only(resources, 'AWS::ApiGateway::Authorizer');
    expect(authorizer.Properties.ProviderARNs).toEqual([{ 'Fn::GetAtt': [poolId, 'Arn'] }]);
    only(resources, 'AWS::ApiGateway::Stage');
    const http = template('cdk.out.http', 'OwnHttpApi');
    only(http, 'AWS::ApiGatewayV2::Api');
    expect(ofType(http, 'AWS::ApiGateway::RestApi')).toEqual([]);
  });

  it('puts POST /token on the team HTTP API with a JWT authorizer for the team pool and client', () => {
    const resources = template('cdk.out.http', 'HttpAttach');
    const [apiId] = only(resources, 'AWS::ApiGatewayV2::Api');
    const [poolId] = only(resources, 'AWS::Cognito::UserPool');
    const [clientId] = only(resources, 'AWS::Cognito::UserPoolClient');
    const [authorizerId, authorizer] = only(resources, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      ApiId: { Ref: apiId },
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: [{ Ref: clientId }] },
    });
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration)).toContain(`{"Ref":"${poolId}"}`);
    const token = ofType(resources, 'AWS::ApiGatewayV2::Route').filter(
      ([, r]) => r.Properties.RouteKey === 'POST /token',
    );
    expect(token).toHaveLength(1);
    expect(token[0]?.[1].Properties).toMatchObject({
      ApiId: { Ref: apiId },
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizerId },
    });
    expectTeamResourcesUntouched(template('cdk.out.http', 'HttpBaseline'), resources);
  });

  it('shows cdk-nag nothing from the construct, while the team findings are reported', () => {
    const findings = { ...cjs.nag, ...esm.nag };
    expect(Object.keys(findings).sort()).toEqual([
      'HttpAttach',
      'OwnApi',
      'OwnHttpApi',
      'RestAttach',
    ]);
    const fromConstruct = Object.values(findings)
      .flat()
      .filter((finding) => /\/Zego\/|\/token[/ ]/.test(finding));
    expect(fromConstruct).toEqual([]);
    // The checks did run: the team's own unauthenticated route and default pool are flagged.
    expect(findings.RestAttach).toContain(
      'RestAttach/Api/Default/health/GET/Resource AwsSolutions-APIG4',
    );
    expect(findings.RestAttach?.some((f) => f.startsWith('RestAttach/Pool/'))).toBe(true);
  });

  it('refuses an invalid prop at synth, naming it', () => {
    expect(cjs.refused).toMatch(
      /^Invalid ZegoTokenService prop "maxTtlSeconds": expected an integer/,
    );
  });
});
