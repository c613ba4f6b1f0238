// `prepack` of the cdk-zego-token-service package (npm pack -w cdk-zego-token-service): builds what
// it ships into infra/dist/, so that a CDK app needs no bundler, no tsx and none of these sources:
//   dist/handler/, dist/handler-source-maps/  the function's prebuilt bundles (handler-bundle.ts)
//   dist/index.js                              the construct, one CommonJS file (CDK apps are
//                                              often CommonJS; Node's ESM imports it by name too)
//   dist/types/**/*.d.ts                       its declarations, those reachable from the entry
//   dist/package.json                          {"type":"commonjs"} for the two above
// aws-cdk-lib and constructs stay the app's (peer dependencies); everything else the construct
// uses (the contract, the settings' checks, re2js for roomIdPattern) is in dist/index.js.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildDeployedHandlerBundles } from './handler-bundle.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('.', import.meta.url));
const DIST = join(PACKAGE_ROOT, 'dist');
const TYPES = join(DIST, 'types');
const ENTRY = join(PACKAGE_ROOT, 'index.ts');
const ENTRY_TYPES = join(TYPES, 'infra', 'index.d.ts');

/** What dist/index.js may require at run time: the app's CDK libraries and Node's built-ins. */
const ALLOWED_EXTERNAL = /^(aws-cdk-lib(\/.*)?|constructs|node:.+)$/;
/** What the declarations may import besides each other. */
const ALLOWED_TYPE_IMPORT = /^(aws-cdk-lib(\/.*)?|constructs)$/;

async function buildConstruct(): Promise<void> {
  const result = await build({
    entryPoints: [ENTRY],
    outfile: join(DIST, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
    // handler-bundle-dir.ts finds the bundle relative to its own URL: in the CommonJS file, that
    // is the file's own URL (dist/index.js is one folder below the package root, as the source is).
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    metafile: true,
    logLevel: 'warning',
  });
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
  const refused = imports.filter((i) => i.external && !ALLOWED_EXTERNAL.test(i.path));
  if (refused.length > 0) {
    throw new Error(`dist/index.js would require ${refused.map((i) => i.path).join(', ')}`);
  }
  const tools = Object.keys(result.metafile.inputs).filter((path) =>
    /node_modules\/(esbuild|cdk-nag|tsx|typescript)\//.test(path),
  );
  if (tools.length > 0) throw new Error(`dist/index.js would contain ${tools.join(', ')}`);
  writeFileSync(join(DIST, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
}

/** Module specifiers in a declaration file: import/export ... from '...', and import('...'). */
const SPECIFIER = /^((?:import|export)\b[^;]*?\bfrom\s*')([^']+)(')|(\bimport\(\s*')([^']+)(')/gm;

function specifiers(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => (m[2] ?? m[5]) as string);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function buildDeclarations(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // Its messages to stderr: `npm pack --json` prints the package's file list on stdout.
  execFileSync(process.execPath, [tsc, '-p', join(PACKAGE_ROOT, 'tsconfig.package.json')], {
    stdio: ['ignore', 2, 2],
  });
  // The sources import './x.ts'; declarations for an app name './x.js' (resolved to x.d.ts).
  for (const file of walk(TYPES)) {
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(SPECIFIER, (whole, ...groups: (string | undefined)[]) => {
      const [head, spec, tail] = groups[0] === undefined ? groups.slice(3, 6) : groups.slice(0, 3);
      if (spec === undefined || !/^\.\.?\//.test(spec)) return whole;
      return `${head}${spec.replace(/\.ts$/, '.js')}${tail}`;
    });
    writeFileSync(file, rewritten);
  }
  // Ship only what the entry reaches (not the token core the contract's values come from).
  const reached = new Set<string>();
  const pending = [ENTRY_TYPES];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (reached.has(file)) continue;
    if (!existsSync(file)) throw new Error(`${relative(PACKAGE_ROOT, file)} is missing`);
    reached.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.'))
        pending.push(resolve(dirname(file), spec.replace(/\.js$/, '.d.ts')));
      else if (!ALLOWED_TYPE_IMPORT.test(spec)) {
        throw new Error(`${relative(PACKAGE_ROOT, file)} imports ${spec}: not in the package`);
      }
    }
  }
  for (const file of walk(TYPES)) if (!reached.has(file)) rmSync(file);
  removeEmptyFolders(TYPES);
}

function removeEmptyFolders(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyFolders(join(dir, entry.name));
  }
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}

rmSync(join(DIST, 'index.js'), { force: true });
rmSync(TYPES, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
await buildDeployedHandlerBundles();
await buildConstruct();
buildDeclarations();
console.error(`cdk-zego-token-service: built ${relative(process.cwd(), DIST) || '.'}`);
