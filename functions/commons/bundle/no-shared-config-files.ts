// Bundled in place of @smithy/core's shared-ini-file-loader/readFile.js (an esbuild file
// replacement, infra/bundling.ts): in Lambda there is no ~/.aws/config or ~/.aws/credentials
// (the function's files are its bundle), so every SDK setting comes from the environment or its
// default. The original loads node:fs/promises at init and tries both files at the first
// request; this answers at once as a missing file does, and the SDK goes on as it would.

/** The original's cache of reads, kept for its importers (nothing is ever read into it). */
export const filePromises: Record<string, Promise<string>> = {};

/** Contents set through the SDK's externalDataInterceptor, served as the original serves them. */
export const fileIntercept: Record<string, Promise<string>> = {};

export function readFile(path: string): Promise<string> {
  const intercepted = fileIntercept[path];
  if (intercepted !== undefined) return intercepted;
  const missing = Object.assign(
    new Error(`ENOENT: the Lambda bundle reads no AWS shared config file (${path})`),
    { code: 'ENOENT' },
  );
  return Promise.reject(missing);
}
