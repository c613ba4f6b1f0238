// Builds the token function's deployment bundle: one esbuild run, its options taken from
// infra/bundling.ts, into a directory that the stack deploys as is (lambda Code.fromAsset), that
// the bench times and that the tests run. Built ahead of synth (infra/app.ts, `npm run
// build:handler`), so that a package can ship it prebuilt and a CDK app needs no bundler.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { BUNDLE_TARGET, HANDLER_BUNDLE_ALIASES } from './bundling.ts';
import { handlerBundleDir } from './constructs/handler-bundle-dir.ts';

/** The project root: esbuild resolves the aliases' relative targets from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Lambda entry point (exports `handler`). */
export const TOKEN_HANDLER_ENTRY = join(PROJECT_ROOT, 'functions', 'token', 'handler.ts');

// Where the stack (and the package, which ships it) takes the bundle from, per source-map setting.
export { handlerBundleDir };

/** The module file of the bundle: the function's Handler is `index.handler`. */
export const HANDLER_MODULE = 'index.mjs';

// An ESM bundle has no require(): give it one, so a CommonJS dependency that requires a Node
// built-in keeps working (today's bundle needs none: mainFields picks the SDK's ESM).
const REQUIRE_BANNER =
  "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

export interface HandlerBundleOptions {
  readonly outDir: string;
  /** A linked map per file, without sourcesContent (the `sourceMaps` setting). */
  readonly sourceMaps: boolean;
  /** Another entry (the bench's variants); default the token handler. */
  readonly entry?: string;
  /** Leave the AWS SDK out (the bench's "runtime SDK" variant); default bundled. */
  readonly externalSdk?: boolean;
}

/** The esbuild options of the deployed bundle (and of the bench's variants of it). */
export function handlerBuildOptions(options: HandlerBundleOptions): BuildOptions {
  const { outDir, sourceMaps, entry = TOKEN_HANDLER_ENTRY, externalSdk = false } = options;
  return {
    entryPoints: { index: entry },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    // Code that is imported dynamically goes to its own file, loaded only when it is used.
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    minify: true,
    // Off: no map and no sourceMappingURL comment at all (infra/bundling.ts says why).
    ...(sourceMaps ? { sourcemap: 'linked', sourcesContent: false } : { sourcemap: false }),
    mainFields: ['module', 'main'],
    external: externalSdk ? ['@aws-sdk/*', '@smithy/*'] : [],
    alias: { ...HANDLER_BUNDLE_ALIASES },
    absWorkingDir: PROJECT_ROOT,
    ...(externalSdk ? {} : { banner: { js: REQUIRE_BANNER } }),
    logLevel: 'warning',
  };
}

/**
 * Builds into outDir, leaving exactly the new files there; returns their names. The folder never
 * disappears and each file is replaced whole (a rename), so a synth or a pack running meanwhile
 * (vitest workers, `npm pack` in a test) reads the old bundle or the new one, never a gap.
 */
export async function buildHandlerBundle(options: HandlerBundleOptions): Promise<string[]> {
  const { outDir } = options;
  // A sibling, so the source map's relative paths are those of outDir.
  const staging = `${outDir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await build(handlerBuildOptions({ ...options, outDir: staging }));
    const files = readdirSync(staging).sort();
    mkdirSync(outDir, { recursive: true });
    for (const name of files) renameSync(join(staging, name), join(outDir, name));
    for (const name of readdirSync(outDir)) {
      if (!files.includes(name)) rmSync(join(outDir, name), { recursive: true, force: true });
    }
    return files;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Builds both variants the stack may deploy (default and with source maps), in parallel. */
export async function buildDeployedHandlerBundles(): Promise<void> {
  await Promise.all(
    [false, true].map((sourceMaps) =>
      buildHandlerBundle({ outDir: handlerBundleDir(sourceMaps), sourceMaps }),
    ),
  );
}

/** Bytes of the bundle's code (every .mjs file, maps excluded). */
export function bundleCodeBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mjs'))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}
