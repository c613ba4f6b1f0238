// The package's size figures, and its budgets: `npm run -s size -w zego-token-client` packs it
// (prepack builds dist/), prints the tarball size, the installed size and the web entry as an
// app's bundler ships it (minified, gzipped), and exits 1 when a budget is exceeded. CI runs it;
// test/packages/client-consumer.test.ts checks the same budgets on the installed package.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const BUDGETS = {
  /** Everything `npm install zego-token-client` writes (it has no dependencies). */
  installedBytes: 200 * 1024,
  /** `import … from 'zego-token-client'` bundled for a browser, minified, gzip -9. */
  webGzipBytes: 4 * 1024,
};

/** The entry bundled as a browser app would: every export kept, minified; and gzipped. */
export async function webEntryBytes(entryFile: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

export interface PackResult {
  version: string;
  /** The .tgz file's path. */
  filename: string;
  /** The .tgz size. */
  size: number;
  /** The files' total size once unpacked. */
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

/** `npm pack` of the package into `destination` (which runs prepack: a fresh build). */
export function pack(destination: string): PackResult {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: packageDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [result] = JSON.parse(out) as PackResult[];
  if (!result) throw new Error('npm pack reported nothing');
  return { ...result, filename: join(destination, result.filename) };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const destination = mkdtempSync(join(tmpdir(), 'zego-token-client-size-'));
  try {
    const packed = pack(destination);
    const entry = fileURLToPath(new URL('../dist/esm/index.js', import.meta.url));
    const web = await webEntryBytes(entry);
    console.log(
      `zego-token-client: tarball ${kib(packed.size)}, installed ${kib(packed.unpackedSize)} ` +
        `(budget ${kib(BUDGETS.installedBytes)}), ${packed.files.length} files; web entry ` +
        `${web.min} bytes minified, ${web.gzip} bytes gzipped (budget ${BUDGETS.webGzipBytes})`,
    );
    if (packed.unpackedSize > BUDGETS.installedBytes || web.gzip > BUDGETS.webGzipBytes) {
      console.error('zego-token-client is over its size budget');
      process.exitCode = 1;
    }
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
}
