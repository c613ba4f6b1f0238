// What the deployed bundle really is (infra/handler-bundle.ts, built by the test setup as
// infra/app.ts builds it before `cdk synth`): one stack per source-map setting, staging the
// bundle as `cdk synth` does, then the asset directory and the function's environment are
// inspected.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeNodeFlags } from '../../infra/bundling.ts';
import { TokenFunction } from '../../infra/constructs/token-function.ts';
import { CDK_JSON_FLAGS, withoutCfnValidation } from './support.ts';

interface Bundled {
  readonly template: Template;
  /** File names in the function's asset directory. */
  readonly files: string[];
  readonly code: string;
  readonly map: string | undefined;
}

const outdirs: string[] = [];

function bundle(sourceMaps: boolean | undefined): Bundled {
  // Asset metadata (aws:asset:path) is what the CLI asks for; check-bundle-size.ts reads it too.
  const app = new App({ context: { ...CDK_JSON_FLAGS, 'aws:cdk:enable-asset-metadata': true } });
  outdirs.push(app.outdir);
  const stack = new Stack(app, 'Bundling');
  new TokenFunction(stack, 'Fn', {
    logRetention: RetentionDays.ONE_WEEK,
    serviceName: 'svc',
    metricsNamespace: 'Ns',
    logLevel: 'INFO',
    ...(sourceMaps === undefined ? {} : { sourceMaps }),
  });
  const template = withoutCfnValidation(() => Template.fromStack(stack));
  const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as {
    Metadata: Record<string, string>;
  };
  const assetDir = join(app.outdir, fn.Metadata['aws:asset:path'] as string);
  const mapFile = join(assetDir, 'index.mjs.map');
  return {
    template,
    files: readdirSync(assetDir).sort(),
    code: readFileSync(join(assetDir, 'index.mjs'), 'utf8'),
    map: existsSync(mapFile) ? readFileSync(mapFile, 'utf8') : undefined,
  };
}

/** Chunk names are `<name>-<content hash>.mjs` (infra/handler-bundle.ts chunkNames). */
function withoutChunkHash(text: string): string {
  return text.replace(/-[A-Z0-9]{8}\.mjs/g, '-HASH.mjs');
}

let byDefault: Bundled;
let withMaps: Bundled;

beforeAll(() => {
  byDefault = bundle(undefined);
  withMaps = bundle(true);
}, 120_000);

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Minified: long lines, local names mangled. With esbuild keepNames the original function names
 * survive as strings (for stack traces), without it they are gone.
 */
function expectMinified(code: string): void {
  expect(code.length / code.split('\n').length).toBeGreaterThan(2_000);
  expect(code.includes('"createTokenHandler"')).toBe(false); // keepNames stays off (infra/bundling.ts)
  expect(code).not.toMatch(/function createTokenHandler\(/);
}

describe('TokenFunction bundle, default (no runtime source maps)', () => {
  it('is minified ESM (index.mjs and its chunks) with no source map or sourceMappingURL comment', () => {
    expect(byDefault.files).toContain('index.mjs');
    expect(byDefault.files.filter((name) => !name.endsWith('.mjs'))).toEqual([]);
    expect(byDefault.map).toBeUndefined();
    expect(byDefault.code).not.toContain('sourceMappingURL');
    expectMinified(byDefault.code);
    expect(byDefault.code).toMatch(/export\s*\{[^}]*\bas handler\b/);
  });

  it('does not start Node with --enable-source-maps', () => {
    expect(runtimeNodeFlags(false)).toEqual([]);
    byDefault.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: Match.absent() }) },
    });
  });
});

describe('TokenFunction bundle, sourceMaps: true', () => {
  it('links index.mjs.map (no sourcesContent) from the minified bundle', () => {
    const code = withMaps.files.filter((name) => name.endsWith('.mjs'));
    expect(withMaps.files).toEqual([...code, ...code.map((name) => `${name}.map`)].sort());
    expect(code.map(withoutChunkHash)).toEqual(byDefault.files.map(withoutChunkHash));
    expect(withMaps.code.trimEnd()).toMatch(/\n\/\/# sourceMappingURL=index\.mjs\.map$/);
    expectMinified(withMaps.code);
    const map = JSON.parse(withMaps.map ?? '{}') as {
      sources?: string[];
      sourcesContent?: unknown;
    };
    expect(map.sources?.some((source) => source.endsWith('functions/token/handler.ts'))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('starts Node with NODE_OPTIONS=--enable-source-maps', () => {
    withMaps.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });

  it('differs from the default bundle only by the sourceMappingURL comment', () => {
    const stripped = withMaps.code.replace(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/, '');
    // Chunk file names carry a hash of their content, which includes their own map comment.
    expect(withoutChunkHash(stripped.trimEnd())).toBe(withoutChunkHash(byDefault.code.trimEnd()));
  });
});
