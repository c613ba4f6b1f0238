// CI check after a real `cdk synth`: every Lambda asset's bundled handler (index.mjs and the chunks
// beside it, maps excluded) must stay within HANDLER_SIZE_BUDGET_BYTES. Usage: tsx infra/check-bundle-size.ts [cdk.out]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HANDLER_SIZE_BUDGET_BYTES } from './bundling.ts';
import { bundleCodeBytes } from './handler-bundle.ts';

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
    const bundle = join(outDir, assetPath, 'index.mjs');
    if (!existsSync(bundle)) {
      console.error(`${logicalId}: ${bundle} is missing (was bundling skipped?)`);
      failed = true;
      continue;
    }
    const entryBytes = statSync(bundle).size;
    const size = bundleCodeBytes(join(outDir, assetPath));
    const ok = size <= HANDLER_SIZE_BUDGET_BYTES;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${logicalId}: ${kib(size)} of code, index.mjs ${kib(entryBytes)} ` +
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
