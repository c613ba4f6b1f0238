// The console page's files: HTML and CSS as written, and the script bundled with esbuild from
// page/main.ts (which imports the client kit) when the server starts. Nothing is fetched from
// the network, so the page works offline.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: string;
  contentType: string;
}

const pageFile = (name: string) => fileURLToPath(new URL(`./page/${name}`, import.meta.url));

const STATIC_ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

const cache = new Map<string, Promise<Asset>>();

function remember(name: string, load: () => Promise<Asset>): Promise<Asset> {
  let asset = cache.get(name);
  if (!asset) {
    asset = load();
    // A failed build or read is tried again on the next request (e.g. after fixing a typo).
    asset.catch(() => cache.delete(name));
    cache.set(name, asset);
  }
  return asset;
}

async function bundleScript(): Promise<Asset> {
  // esbuild is a dev dependency, as is the whole console: loaded only when it is served.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [pageFile('main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    sourcemap: 'inline',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text;
  if (text === undefined) throw new Error('esbuild produced no output for the console script');
  return { body: text, contentType: 'text/javascript; charset=utf-8' };
}

/** The asset for `name` (`index.html`, `console.css`, `app.js`), or undefined if there is none. */
export function consoleAsset(name: string): Promise<Asset> | undefined {
  if (name === 'app.js') return remember(name, bundleScript);
  const contentType = STATIC_ASSETS[name];
  if (!contentType) return undefined;
  return remember(name, async () => ({
    body: await readFile(pageFile(name), 'utf8'),
    contentType,
  }));
}

/** Starts bundling the script now, so the first page load does not wait for it. */
export function prepareConsoleAssets(): void {
  consoleAsset('app.js')?.catch(() => undefined);
}
