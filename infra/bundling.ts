// How the token function is bundled, and the size budget CI holds the bundle to. No CDK imports:
// infra/check-bundle-size.ts reads this file too.

// Bundling decision: the AWS SDK v3 (@aws-sdk/*, @smithy/*) is BUNDLED, not taken from the
// runtime. Measured on functions/token/handler.ts with the esbuild options of TokenFunction
// (minified ESM, node22 target, source maps). Cold init = a fresh `node` process importing the
// bundle, which builds the handler and its Secrets Manager client; 25 interleaved runs per variant,
// two sessions, Node 20 on this project's shared 2-core machine (README "Bundling decision"):
//   SDK external: index.mjs  58 KiB ( 19 KiB gzip), init median 109-141 ms, best 87 ms
//   SDK bundled : index.mjs 353 KiB (112 KiB gzip), init median  64-65 ms,  best 44 ms
//                 with --enable-source-maps: median 75-77 ms, best 50 ms
// One minified file loads 40+ ms faster than resolving the SDK's many files from node_modules
// (the runtime's copy is loaded the same way), and bundling pins the SDK version the tests ran
// against instead of whatever the runtime ships. Source maps cost ~10 ms of init and buy readable
// stack traces, so they stay on. CI fails when index.mjs grows past HANDLER_SIZE_BUDGET_BYTES.
export const BUNDLE_AWS_SDK = true;

/** Size budget of the bundled handler (index.mjs, without its map), enforced by CI: 512 KiB. */
export const HANDLER_SIZE_BUDGET_BYTES = 512 * 1024;
