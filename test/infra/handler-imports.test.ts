// What the Lambda bundle is made of: the handler's import graph reaches no dev-only code (the
// local gateway, its JSON-schema validator) and nothing of the CDK app.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { TOKEN_HANDLER_ENTRY } from '../../infra/handler-bundle.ts';

describe('the token function bundle', () => {
  it('takes nothing from functions/local, infra/, ajv or aws-cdk-lib', async () => {
    const result = await build({
      entryPoints: [TOKEN_HANDLER_ENTRY],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.startsWith('functions/token/'))).toBe(true);
    const unwanted = inputs.filter((input) =>
      /^(functions\/local\/|infra\/)|node_modules\/(ajv|ajv-draft-04|aws-cdk-lib)\//.test(input),
    );
    expect(unwanted).toEqual([]);
  });
});
