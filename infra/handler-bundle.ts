// Builds the token function's deployment bundle: one esbuild run, its options taken from
// infra/bundling.ts, into a directory that the stack deploys as is (lambda Code.fromAsset), that
// the bench times and that the tests run. Built ahead of synth (infra/app.ts, `npm run
// build:handler`), so that a package can ship it prebuilt and a CDK app needs no bundler.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { BUNDLE_TARGET, HANDLER_BUNDLE_ALIASES } from './bundling.ts';

/** The project root: esbuild resolves the aliases' relative targets from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Lambda entry point (exports `handler`). */
export const TOKEN_HANDLER_ENTRY = join(PROJECT_ROOT, 'functions', 'token', 'handler.ts');

/** Where the stack takes the bundle from, per runtime source-map setting. */
export function handlerBundleDir(sourceMaps: boolean): string {
  return join(PROJECT_ROOT, 'infra', 'dist', sourceMaps ? 'handler-source-maps' : 'handler');
}

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

/** True when `dir` holds exactly these files with these bytes. */
function holdsExactly(dir: string, files: ReadonlyMap<string, Uint8Array>): boolean {
  if (!existsSync(dir)) return false;
  const present = readdirSync(dir);
  return (
    present.length === files.size &&
    present.every((name) => {
      const contents = files.get(name);
      return (
        contents !== undefined && Buffer.compare(readFileSync(join(dir, name)), contents) === 0
      );
    })
  );
}

/**
 * Builds into an emptied outDir; returns the file names written there. When outDir already holds
 * exactly that output it is left untouched: a synth or test run elsewhere that reads it (a CDK
 * app staging the asset) never sees it emptied and refilled for nothing.
 */
export async function buildHandlerBundle(options: HandlerBundleOptions): Promise<string[]> {
  const { outputFiles } = await build({ ...handlerBuildOptions(options), write: false });
  const files = new Map(
    outputFiles.map((file) => [relative(options.outDir, file.path), file.contents]),
  );
  if (!holdsExactly(options.outDir, files)) {
    rmSync(options.outDir, { recursive: true, force: true });
    mkdirSync(options.outDir, { recursive: true });
    for (const [name, contents] of files) writeFileSync(join(options.outDir, name), contents);
  }
  return [...files.keys()].sort();
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
