// Item 4: the Lambda bundle's size and cold initialisation.
//
// The handler is bundled exactly as the stack's bundle is built (infra/handler-bundle.ts, with
// infra/bundling.ts's target, aliases and default runtime source-map setting
// RUNTIME_SOURCE_MAPS_DEFAULT: off = no map at all; on = a linked map without sources content);
// with the AWS SDK bundled (deployed) or external (@aws-sdk/*, @smithy/*). A third bundle, handler-no-sdk.ts, is
// the same init without the Secrets Manager client: the difference is what the SDK costs at init.
//
// Cold initialisation: a fresh `node` process imports the bundle until its `handler` export
// exists (the module builds its handler at load), minus the same process importing an empty
// module. The flags are the function's (runtimeNodeFlags of the stack's default: none, or
// --enable-source-maps), the environment the one the handler reads at init. The opt-in variant
// (`-c sourceMaps=true`: linked map + --enable-source-maps) is measured too, against bare Node with
// the same flag. Bundle and bare runs alternate; medians of each are subtracted.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
// The stack's own bundling decisions, so the bench follows a change there.
import { RUNTIME_SOURCE_MAPS_DEFAULT, runtimeNodeFlags } from '../../infra/bundling.ts';
import {
  buildHandlerBundle,
  bundleCodeBytes,
  HANDLER_MODULE,
  initLoadedCodeBytes,
  TOKEN_HANDLER_ENTRY,
} from '../../infra/handler-bundle.ts';
import { ROOT } from './child.ts';
import { benchColdRequest, type ColdRequestResults } from './cold-request.ts';
import { FUNCTION_ENV } from './fixtures.ts';
import type { Runtime } from './runtimes.ts';
import { median } from './stats.ts';

const ENTRIES = {
  bundled: TOKEN_HANDLER_ENTRY,
  external: TOKEN_HANDLER_ENTRY,
  noSdk: join(ROOT, 'test', 'bench', 'handler-no-sdk.ts'),
};
// Inside the project so that an external @aws-sdk/* resolves from its node_modules, as it
// resolves from the runtime's own copy in Lambda.
const WORK_DIR = join(ROOT, 'node_modules', '.cache', 'zego-token-bench', String(process.pid));

/** The flags the deployed function runs with by default, and with `sourceMaps` opted in. */
const NODE_FLAGS = runtimeNodeFlags(RUNTIME_SOURCE_MAPS_DEFAULT);
const NODE_FLAGS_WITH_MAPS = runtimeNodeFlags(true);

// Imports argv[1] and exits as soon as the module has evaluated (with a handler function when
// argv[2] is "handler"), printing the process CPU time used so far in microseconds.
const DRIVER = [
  "const { pathToFileURL } = require('node:url');",
  "const wantHandler = process.argv[2] === 'handler';",
  'import(pathToFileURL(process.argv[1]).href).then(',
  '  (m) => {',
  "    if (wantHandler && typeof m.handler !== 'function') process.exit(3);",
  '    const { user, system } = process.cpuUsage();',
  '    process.stdout.write(String(user + system));',
  '    process.exit(0);',
  '  },',
  '  (e) => { console.error(e); process.exit(2); },',
  ');',
].join('\n');

export interface BundleResults extends ColdRequestResults {
  bundle_bytes_external: number;
  /** All the deployed bundle's code (index.mjs and every chunk, maps excluded). */
  bundle_bytes_bundled: number;
  /** The part of it a cold start loads (index.mjs and the chunks it imports statically). */
  bundle_init_bytes_bundled: number;
  bundle_gzip_bytes_external: number;
  bundle_gzip_bytes_bundled: number;
  /** The configuration the stack deploys (the SDK bundled, default source-map setting). */
  cold_init_ms_over_node: number;
  cold_init_bundled_ms_over_node: number;
  cold_init_external_ms_over_node: number;
  /** The deployed configuration's CPU time until ready, minus bare Node's (steadier when busy). */
  cold_init_cpu_ms_over_node: number;
  /**
   * The deployed configuration with runtime source maps opted in (`sourceMaps` context: linked
   * map + --enable-source-maps), over bare Node with that flag: what the maps cost.
   */
  cold_init_with_source_maps_ms_over_node: number;
  /** The same init with a static secret source instead of the Secrets Manager client. */
  cold_init_without_sdk_ms_over_node: number;
  cold_init_without_sdk_cpu_ms_over_node: number;
  cold_init_bare_node_ms: number;
  cold_init_runs: number;
  stack_bundles_sdk: number;
  /** 1 when the stack ships runtime source maps by default (RUNTIME_SOURCE_MAPS_DEFAULT). */
  stack_source_maps: number;
}

/** Builds one variant into its own directory and returns its entry module's path. */
async function bundle(
  kind: keyof typeof ENTRIES,
  sourceMaps = RUNTIME_SOURCE_MAPS_DEFAULT,
): Promise<string> {
  const outDir = join(WORK_DIR, sourceMaps ? `${kind}-maps` : kind);
  await buildHandlerBundle({
    outDir,
    sourceMaps,
    entry: ENTRIES[kind],
    externalSdk: kind === 'external',
  });
  return join(outDir, HANDLER_MODULE);
}

/** Gzipped bytes of a bundle's code (each .mjs file compressed on its own, as served). */
function gzipCodeBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mjs'))
    .reduce((sum, name) => sum + gzipSync(readFileSync(join(dir, name))).length, 0);
}

interface Start {
  /** Wall time from spawn to exit, ms. */
  wallMs: number;
  /** The child's CPU time (user + system, all threads) until the module was ready, ms. */
  cpuMs: number;
}

function start(node: string, file: string, flags: readonly string[], handler = true): Start {
  const started = performance.now();
  const args = [...flags, '-e', DRIVER, file, handler ? 'handler' : 'bare'];
  const run = spawnSync(node, args, {
    env: { PATH: process.env.PATH ?? '', ...FUNCTION_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const elapsed = performance.now() - started;
  if (run.status !== 0) {
    throw new Error(
      `cold start of ${file} failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`,
    );
  }
  return { wallMs: elapsed, cpuMs: Number(run.stdout) / 1000 };
}

/** Builds the bundle the stack deploys (default source-map setting) and hands it to `use`. */
export async function withDeployedBundle<T>(
  use: (file: string, flags: readonly string[]) => Promise<T>,
): Promise<T> {
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(WORK_DIR, { recursive: true });
  try {
    return await use(await bundle('bundled'), NODE_FLAGS);
  } finally {
    cleanUp();
  }
}

function cleanUp(): void {
  rmSync(WORK_DIR, { recursive: true, force: true });
  try {
    rmdirSync(dirname(WORK_DIR)); // only when no other run is using it
  } catch {
    // another bench run's directory is still there
  }
}

/**
 * Sizes, cold initialisation (on the first runtime: the system Node) and the cold request (on
 * every runtime given).
 */
export async function benchBundle(
  runs: number,
  runtimes: readonly Runtime[],
): Promise<BundleResults> {
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(WORK_DIR, { recursive: true });
  try {
    const deployedKind = 'bundled'; // the stack bundles the SDK (infra/bundling.ts)
    const [bundled, external, noSdk, deployedWithMaps] = await Promise.all([
      bundle('bundled'),
      bundle('external'),
      bundle('noSdk'),
      bundle(deployedKind, true),
    ]);
    const empty = join(WORK_DIR, 'empty.mjs');
    writeFileSync(empty, '');

    const node = runtimes[0]?.path ?? process.execPath;
    const cases = {
      bare: () => start(node, empty, NODE_FLAGS, false),
      bundled: () => start(node, bundled, NODE_FLAGS),
      external: () => start(node, external, NODE_FLAGS),
      noSdk: () => start(node, noSdk, NODE_FLAGS),
      bareWithMaps: () => start(node, empty, NODE_FLAGS_WITH_MAPS, false),
      deployedWithMaps: () => start(node, deployedWithMaps, NODE_FLAGS_WITH_MAPS),
    };
    const starts = Object.fromEntries(Object.keys(cases).map((name) => [name, [] as Start[]]));
    // One untimed pass warms the file cache, then the cases alternate.
    for (const run of Object.values(cases)) run();
    for (let i = 0; i < runs; i++) {
      for (const [name, run] of Object.entries(cases)) starts[name]?.push(run());
    }
    const wall = (name: keyof typeof cases) => median((starts[name] ?? []).map((s) => s.wallMs));
    const cpu = (name: keyof typeof cases) => median((starts[name] ?? []).map((s) => s.cpuMs));
    const bare = wall('bare');
    const overBundled = wall('bundled') - bare;
    const overExternal = wall('external') - bare;
    const coldRequest = await benchColdRequest(bundled, NODE_FLAGS, runs, runtimes);
    return {
      ...coldRequest,
      bundle_bytes_external: bundleCodeBytes(dirname(external)),
      bundle_bytes_bundled: bundleCodeBytes(dirname(bundled)),
      bundle_init_bytes_bundled: await initLoadedCodeBytes(dirname(bundled)),
      bundle_gzip_bytes_external: gzipCodeBytes(dirname(external)),
      bundle_gzip_bytes_bundled: gzipCodeBytes(dirname(bundled)),
      cold_init_ms_over_node: overBundled,
      cold_init_bundled_ms_over_node: overBundled,
      cold_init_external_ms_over_node: overExternal,
      cold_init_cpu_ms_over_node: cpu(deployedKind) - cpu('bare'),
      cold_init_with_source_maps_ms_over_node: wall('deployedWithMaps') - wall('bareWithMaps'),
      cold_init_without_sdk_ms_over_node: wall('noSdk') - bare,
      cold_init_without_sdk_cpu_ms_over_node: cpu('noSdk') - cpu('bare'),
      cold_init_bare_node_ms: bare,
      cold_init_runs: runs,
      stack_bundles_sdk: 1,
      stack_source_maps: RUNTIME_SOURCE_MAPS_DEFAULT ? 1 : 0,
    };
  } finally {
    cleanUp();
  }
}
