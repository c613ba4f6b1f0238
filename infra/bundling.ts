// How the token function is bundled and started, and the size budget CI holds the bundle to. No
// CDK imports: infra/handler-bundle.ts builds with these settings, and infra/check-bundle-size.ts,
// infra/config.ts and the bench (test/bench/bundle.ts) read this file too, so they follow the stack.

// Bundling decision: the AWS SDK v3 (@aws-sdk/*, @smithy/*) is BUNDLED, not taken from the
// runtime. Measured on functions/token/handler.ts with the handler bundle's esbuild options
// (infra/handler-bundle.ts handlerBuildOptions; then: minified ESM, node22 target, source maps). Cold init = a fresh `node` process importing the
// bundle, which builds the handler and its Secrets Manager client; 25 interleaved runs per variant,
// two sessions, Node 20 on this project's shared 2-core machine (README "Bundling decision"):
//   SDK external: index.mjs  58 KiB ( 19 KiB gzip), init median 109-141 ms, best 87 ms
//   SDK bundled : index.mjs 353 KiB (112 KiB gzip), init median  64-65 ms,  best 44 ms
//                 with --enable-source-maps: median 75-77 ms, best 50 ms
// One minified file loads 40+ ms faster than resolving the SDK's many files from node_modules
// (the runtime's copy is loaded the same way), and bundling pins the SDK version the tests ran
// against instead of whatever the runtime ships. CI fails when the bundle's code grows past
// HANDLER_SIZE_BUDGET_BYTES. (handler-bundle.ts: nothing external, the SDK goes in the bundle.)

// Runtime source maps: OFF by default, opt in with the context key `sourceMaps`. The budget for
// cold init is 60 ms above bare Node (`npm run bench`, cold_init_ms_over_node); with a linked map
// and NODE_OPTIONS=--enable-source-maps the bundled handler measured 65 ms over bare Node, without
// both 54 ms: Node reads and parses the map at load, ~10 ms of every cold start, to buy stack
// traces with original file:line positions. Off, the function is still minified and esbuild
// emits no map at all (no index.mjs.map, no sourceMappingURL comment). On (`-c sourceMaps=true`):
// a linked index.mjs.map without sourcesContent, and NODE_OPTIONS=--enable-source-maps.
// esbuild keepNames (original function names in minified stack traces, no map needed) was
// measured and left OFF: index.mjs 353 -> 375 KiB (+6 KiB gzip; 1,458 __name() call sites) and
// +2.5-3 ms of init (paired runs, 2 x 100: in-process import time and CPU time), too much of the
// budget's few ms of margin. Default traces show minified names and bundle positions;
// deploy with sourceMaps=true when source positions are needed. (handler-bundle.ts: keepNames unset.)
export const RUNTIME_SOURCE_MAPS_DEFAULT = false;

/** The Node.js flags the function runs with (its NODE_OPTIONS), for a source-map setting. */
export function runtimeNodeFlags(sourceMaps: boolean): string[] {
  return sourceMaps ? ['--enable-source-maps'] : [];
}

/** esbuild target of the handler bundle: the Lambda runtime's Node.js major (nodejs24.x). */
export const BUNDLE_TARGET = 'node24';

/**
 * Size budget of the code a cold start loads (index.mjs and the chunks it imports statically,
 * maps excluded), enforced by CI: 256 KiB. It is 208 KiB (212,729 bytes): the SDK with the parts
 * left out or replaced below, Powertools and this project's code; the room-pattern engine is
 * a chunk loaded on demand. The budget leaves ~20 % for growth and fails a change that brings a
 * large module back into the init path.
 */
export const HANDLER_INIT_SIZE_BUDGET_BYTES = 256 * 1024;

/**
 * Size budget of all the bundle's code (index.mjs and every chunk, including those loaded on
 * demand; maps excluded), enforced by CI: 384 KiB. It is 356 KiB (364,856 bytes), 148 KiB of it
 * the room-pattern chunk (re2js), loaded only when ZEGO_ROOM_ID_PATTERN is set.
 */
export const HANDLER_SIZE_BUDGET_BYTES = 384 * 1024;

// Modules the handler bundle replaces (esbuild `alias`; a target is a path from the project root,
// esbuild's working directory in handler-bundle.ts). Each one is code the function never runs in
// Lambda; test/infra/token-function-sdk.test.ts runs the bundle against the Secrets Manager
// stand-in (signing, throttling, 5xx, timeouts) with them in place. Local runs (tsx) are not
// bundled and keep the originals.
//  - @aws-sdk/credential-provider-node is the SDK's default credential chain: in Lambda only its
//    first link (environment variables) can ever answer, and the rest (SSO, ini files,
//    credential_process, web identity, container/instance metadata, and the STS, SSO and sign-in
//    clients they carry) was 135 KB of the 514 KB bundle, compiled at every cold start.
//    functions/commons/bundle/lambda-credentials.ts keeps the environment link only, with the
//    SDK's own fromEnv.
//  - @smithy/core/event-streams (14 KiB) is imported dynamically, only for an operation with an
//    event stream (GetSecretValue has none), and bowser (34 KiB), only by the SDK's browser
//    user-agent provider: chunks that were never loaded, stubs that throw if they ever were.
export const HANDLER_BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './functions/commons/bundle/lambda-credentials.ts',
  '@smithy/core/event-streams': './functions/commons/bundle/no-event-streams.ts',
  bowser: './functions/commons/bundle/no-bowser.ts',
};

// Files inside packages that the handler bundle replaces, where the part is no package of its
// own that an alias could name: the file's path below node_modules -> a module of this project
// with the same exports (a path from the project root). The build fails when one of these files
// is no longer part of the bundle, so an SDK update that moves one is noticed.
//  - readFile.js of @smithy/core's shared config file loader: in Lambda there is no ~/.aws/config
//    or ~/.aws/credentials, so the SDK's settings come from the environment (AWS_REGION, ...)
//    or their defaults; the replacement answers "no such file" at once, and node:fs/promises is
//    not loaded at init. A file named by AWS_CONFIG_FILE is not read by the bundle either.
//  - Crc32Node.js of @smithy/core's checksums loads node:zlib at init for a CRC32 that only
//    flexible request checksums use (GetSecretValue has none).
export const HANDLER_BUNDLE_FILE_REPLACEMENTS: Readonly<Record<string, string>> = {
  '@smithy/core/dist-es/submodules/config/shared-ini-file-loader/readFile.js':
    './functions/commons/bundle/no-shared-config-files.ts',
  '@smithy/core/dist-es/submodules/checksum/crc32/Crc32Node.js':
    './functions/commons/bundle/no-crc32.ts',
};
