// Builds the token function's deployment bundle: one esbuild run, its options taken from
// infra/bundling.ts, into a directory that the stack deploys as is (lambda Code.fromAsset), that
// the bench times and that the tests run. Built ahead of synth (infra/app.ts, `npm run
// build:handler`), so that a package can ship it prebuilt and a CDK app needs no bundler.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import {
  BUNDLE_TARGET,
  HANDLER_BUNDLE_ALIASES,
  HANDLER_BUNDLE_FILE_REPLACEMENTS,
} from './bundling.ts';
import { handlerBundleDir } from './constructs/handler-bundle-dir.ts';

/** The project root: esbuild resolves the aliases' relative targets from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Lambda entry point (exports `handler`). */
export const TOKEN_HANDLER_ENTRY = join(PROJECT_ROOT, 'functions', 'token', 'handler.ts');

/** The module file of the bundle: the function's Handler is `index.handler`. */
export const HANDLER_MODULE = 'index.mjs';

// An ESM bundle has no require(): give it one, for the built-ins below (and any CommonJS
// dependency that requires one).
const REQUIRE_BANNER =
  "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

const BUILTINS = new Set(builtinModules);

/**
 * Node's built-in modules are loaded with require(), not as ES modules. Importing a built-in as
 * ESM builds a module facade that reads every export once, and some exports are getters that
 * load more: on Node 22 and later node:http's WebSocket, CloseEvent and MessageEvent load undici
 * (the SDK imports node:http at its first request: +19 ms of the Node 24 cold request, measured),
 * node:crypto's webcrypto and subtle load Web Crypto, node:process's stdin opens standard input.
 * Through require() an export is read when the code reads it.
 */
const builtinsThroughRequire: Plugin = {
  name: 'builtins-through-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, ({ path, namespace }) => {
      const name = path.replace(/^node:/, '');
      if (namespace === 'builtin' || !BUILTINS.has(name)) return undefined;
      return { path: `node:${name}`, namespace: 'builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path)});`,
      loader: 'js',
    }));
  },
};

/** A path below node_modules as an esbuild filter (either separator), `tail` after it. */
function nodeModulesFilter(path: string, tail: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('/', '[\\\\/]');
  return new RegExp(`[\\\\/]node_modules[\\\\/]${escaped}${tail}`);
}

/** The package a path below node_modules belongs to (`@scope/name` or `name`). */
function packageOf(path: string): string {
  const [first = '', second = ''] = path.split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * Replaces files inside packages by modules of this project (their path below node_modules ->
 * a path from the project root). Fails the build when a package is bundled but a listed file of
 * it was not met (its layout changed); a bundle without the package has nothing to replace.
 */
export function replacePackageFiles(replacements: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'replace-package-files',
    setup(build) {
      const met = new Set<string>();
      const bundled = new Set<string>();
      for (const [file, replacement] of Object.entries(replacements)) {
        const path = join(PROJECT_ROOT, replacement);
        build.onLoad({ filter: nodeModulesFilter(file, '$') }, () => {
          met.add(file);
          return { contents: readFileSync(path, 'utf8'), loader: 'ts', resolveDir: dirname(path) };
        });
      }
      for (const name of new Set(Object.keys(replacements).map(packageOf))) {
        // Notes that the package is in the bundle and lets esbuild load the file as usual.
        build.onLoad({ filter: nodeModulesFilter(name, '[\\\\/]') }, () => {
          bundled.add(name);
          return undefined;
        });
      }
      build.onStart(() => {
        met.clear();
        bundled.clear();
      });
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        const unmet = Object.keys(replacements).filter(
          (file) => bundled.has(packageOf(file)) && !met.has(file),
        );
        return {
          errors: unmet.map((file) => ({
            text: `${file} is not part of the bundle any more: update the file replacements (infra/bundling.ts)`,
          })),
        };
      });
    },
  };
}

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
function handlerBuildOptions(options: HandlerBundleOptions): BuildOptions {
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
    ...(externalSdk
      ? {}
      : {
          banner: { js: REQUIRE_BANNER },
          plugins: [builtinsThroughRequire, replacePackageFiles(HANDLER_BUNDLE_FILE_REPLACEMENTS)],
        }),
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
  return filesBytes(
    dir,
    readdirSync(dir).filter((name) => name.endsWith('.mjs')),
  );
}

function filesBytes(dir: string, names: readonly string[]): number {
  return names.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/**
 * The bundle's files that a cold start loads: index.mjs and the chunks it imports statically,
 * transitively; not the chunks imported on demand (import()). Read from the files themselves:
 * esbuild parses them and reports every import with its kind.
 */
export async function initLoadedFiles(dir: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [HANDLER_MODULE],
    absWorkingDir: resolve(dir),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const { path, kind, external } of metafile.inputs[file]?.imports ?? []) {
      if (kind === 'import-statement' && external !== true) visit(path);
    }
  };
  visit(HANDLER_MODULE);
  return [...loaded].sort();
}

/** Bytes of the code a cold start loads (initLoadedFiles). */
export async function initLoadedCodeBytes(dir: string): Promise<number> {
  return filesBytes(dir, await initLoadedFiles(dir));
}
