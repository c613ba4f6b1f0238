// CI check after a real `cdk synth`: every Lambda asset's bundled handler must stay within its two
// budgets (infra/bundling.ts): the code a cold start loads (index.mjs and the chunks it imports
// statically) within HANDLER_INIT_SIZE_BUDGET_BYTES, all its code (every chunk, including those
// loaded on demand) within HANDLER_SIZE_BUDGET_BYTES; maps excluded.
// Usage: tsx infra/check-bundle-size.ts [cdk.out]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANDLER_INIT_SIZE_BUDGET_BYTES, HANDLER_SIZE_BUDGET_BYTES } from './bundling.ts';
import { bundleCodeBytes, HANDLER_MODULE, initLoadedCodeBytes } from './handler-bundle.ts';

interface TemplateResource {
  Type?: string;
  Metadata?: Record<string, unknown>;
}

const outDir = process.argv[2] ?? 'cdk.out';
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const templates = existsSync(outDir)
  ? readdirSync(outDir).filter((name) => name.endsWith('.template.json'))
  : [];
if (templates.length === 0) {
  console.error(`no *.template.json in ${outDir}: run "npm run -s synth" first`);
  process.exit(1);
}

let checked = 0;
let failed = false;
for (const name of templates) {
  const template = JSON.parse(readFileSync(join(outDir, name), 'utf8')) as {
    Resources?: Record<string, TemplateResource>;
  };
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') continue;
    const assetDir = join(outDir, assetPath);
    if (!existsSync(join(assetDir, HANDLER_MODULE))) {
      console.error(
        `${logicalId}: ${join(assetDir, HANDLER_MODULE)} is missing (was bundling skipped?)`,
      );
      failed = true;
      continue;
    }
    const atInit = await initLoadedCodeBytes(assetDir);
    const all = bundleCodeBytes(assetDir);
    const ok = atInit <= HANDLER_INIT_SIZE_BUDGET_BYTES && all <= HANDLER_SIZE_BUDGET_BYTES;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${logicalId}: ${kib(atInit)} loaded at a cold start ` +
        `(budget ${kib(HANDLER_INIT_SIZE_BUDGET_BYTES)}), ${kib(all)} of code in all ` +
        `(budget ${kib(HANDLER_SIZE_BUDGET_BYTES)})`,
    );
    checked += 1;
    if (!ok) failed = true;
  }
}
if (checked === 0) {
  console.error('no bundled Lambda function found in the synthesized templates');
  failed = true;
}
process.exit(failed ? 1 : 0);
