import { fileURLToPath } from 'node:url';

/** The folder of the bundle for a runtime source-map setting, under the package's dist/. */
const HANDLER_BUNDLE_FOLDERS = { plain: 'handler', sourceMaps: 'handler-source-maps' };

/**
 * Where the prebuilt handler bundle is: dist/handler (or dist/handler-source-maps) in the package
 * root, infra/. This file is one folder below that root, as the package's built dist/index.js is,
 * so the same relative URL finds the bundle from the sources (tsx, vitest) and from an installed
 * package (infra/build-package.ts maps import.meta.url to the built file's own URL).
 */
export function handlerBundleDir(sourceMaps: boolean): string {
  const folder = sourceMaps ? HANDLER_BUNDLE_FOLDERS.sourceMaps : HANDLER_BUNDLE_FOLDERS.plain;
  return fileURLToPath(new URL(`../dist/${folder}`, import.meta.url));
}
