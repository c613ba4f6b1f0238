// The invocation runtime on a small hand-written assembly (support/tiny-assembly.ts): the
// Lambda-shaped context and environment, the Node it runs on, errors, crashes and timeouts with
// their exit codes, and the secret kept out of the function's process and the output.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type InvokeOptions, invokeFunction } from '../../functions/invoke/invoke.ts';
import { findLambdaNode } from '../../functions/invoke/lambda-node.ts';
import { LOCAL_APP_CLIENT_ID } from '../../functions/invoke/local-aws.ts';
import { tempDirs } from '../support/temp-dir.ts';
import { runCli } from './support/cli.ts';
import { writeTinyAssembly } from './support/tiny-assembly.ts';

const SECRET = { appId: 987654321, serverSecret: '9b74c9897bac770ffc029102a200c5de' };
const dirs = tempDirs('zego-invoke-runtime-');

function assembly(fn: Parameters<typeof writeTinyAssembly>[1] = {}): string {
  return writeTinyAssembly(dirs.make(), fn);
}
const tiny = assembly();

function invoke(event: unknown, options: InvokeOptions = {}) {
  return invokeFunction(event, { cdkOut: tiny, secret: SECRET, region: 'eu-west-2', ...options });
}

function cli(args: string[], eventFile?: unknown) {
  const file = dirs.file('event.json', JSON.stringify(eventFile ?? {}));
  return runCli(['--event', file, ...args]);
}

interface Echo {
  context: Record<string, unknown>;
  env: Record<string, string>;
  argv: string[];
  cwd: string;
  node: string;
  event: unknown;
}

function echoOf(outcome: { response?: { json: unknown } | undefined }): Echo {
  if (outcome.response === undefined) throw new Error('no proxy result');
  return outcome.response.json as Echo;
}

describe('the runtime', () => {
  const savedSecret = process.env.ZEGO_SERVER_SECRET;
  afterEach(() => {
    if (savedSecret === undefined) delete process.env.ZEGO_SERVER_SECRET;
    else process.env.ZEGO_SERVER_SECRET = savedSecret;
  });

  it('calls the handler with the event and a Lambda-shaped context, on the Lambda Node', async () => {
    const outcome = await invoke({ mode: 'echo', n: 1 });
    expect(outcome.status).toBe('returned');
    const echo = echoOf(outcome);
    expect(echo.event).toEqual({ mode: 'echo', n: 1 });
    expect(echo.node).toBe(findLambdaNode().version);
    expect(echo.node.startsWith('v24.')).toBe(true);
    const name = 'Tiny-Fn9ABC';
    expect(echo.context).toMatchObject({
      awsRequestId: outcome.requestId,
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:eu-west-2:123456789012:function:${name}`,
      memoryLimitInMB: '512',
      logGroupName: `/aws/lambda/${name}`,
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(echo.context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(echo.context.remaining).toBeGreaterThan(0);
    expect(echo.context.remaining).toBeLessThanOrEqual(5000);
    expect(outcome.report.memorySizeMb).toBe(512);
  });

  it('sets the environment as Lambda does, the template variables resolved to local stand-ins', async () => {
    const { env, cwd } = echoOf(await invoke({}));
    expect(env).toMatchObject({
      AWS_REGION: 'eu-west-2',
      AWS_DEFAULT_REGION: 'eu-west-2',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: 'Tiny-Fn9ABC',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_FORMAT: 'JSON',
      _HANDLER: 'index.handler',
      TZ: ':UTC',
      PLAIN: 'plain value',
      ZEGO_ALLOWED_CLIENT_IDS: LOCAL_APP_CLIENT_ID,
    });
    expect(env.LAMBDA_TASK_ROOT).toBe(join(tiny, 'asset.0123456789abcdef'));
    expect(cwd).toBe(env.LAMBDA_TASK_ROOT);
    expect(env.ZEGO_SECRET_ID).toMatch(
      /^arn:aws:secretsmanager:eu-west-2:123456789012:secret:Secret1234-[0-9a-f]{6}$/,
    );
    expect(env.AWS_ENDPOINT_URL_SECRETS_MANAGER).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  });

  it('serves the secret under the ARN the template reference became, and nowhere else', async () => {
    process.env.ZEGO_SERVER_SECRET = SECRET.serverSecret;
    const outcome = await invoke({ mode: 'fetch-secret' });
    expect(outcome.response).toMatchObject({ statusCode: 200, body: 'has-secret' });
    const echo = echoOf(await invoke({ mode: 'echo' }));
    expect(JSON.stringify(echo.env)).not.toContain(SECRET.serverSecret);
    expect(echo.env.ZEGO_SERVER_SECRET).toBeUndefined();
    expect(echo.argv.join(' ')).not.toContain(SECRET.serverSecret);
    expect(outcome.stderr).not.toContain(SECRET.serverSecret);
  });

  it('answers for a secret the template names by name or by ARN, as an imported one', async () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/zego-AbC123';
    for (const secretId of ['prod/zego', arn]) {
      const named = assembly({ variables: { ZEGO_SECRET_ID: secretId } });
      const outcome = await invoke({ mode: 'fetch-secret' }, { cdkOut: named });
      expect(outcome.response).toMatchObject({ statusCode: 200, body: 'has-secret' });
    }
  });

  it('applies --env over the template, and refuses the secret as a variable', async () => {
    const outcome = await invoke({}, { env: { PLAIN: 'overridden', EXTRA: 'x' } });
    expect(echoOf(outcome).env).toMatchObject({ PLAIN: 'overridden', EXTRA: 'x' });
    const run = await cli([
      '--cdk-out',
      tiny,
      '--env',
      `ZEGO_SERVER_SECRET=${SECRET.serverSecret}`,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--env ZEGO_SERVER_SECRET: not a variable of the function');
    expect(run.stderr).not.toContain(SECRET.serverSecret);
  });

  it('writes INIT_START, the function output between START and END, then REPORT', async () => {
    const outcome = await invoke({ mode: 'log' });
    const lines = outcome.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `INIT_START Runtime Version: nodejs:24 (node ${findLambdaNode().version})`,
    );
    expect(lines.slice(1, 4)).toEqual([
      `START RequestId: ${outcome.requestId} Version: $LATEST`,
      'hello from the function',
      `END RequestId: ${outcome.requestId}`,
    ]);
    expect(lines[4]).toMatch(
      new RegExp(
        `^REPORT RequestId: ${outcome.requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 512 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms$`,
      ),
    );
    const { durationMs, initDurationMs, billedDurationMs, maxMemoryUsedMb } = outcome.report;
    expect(billedDurationMs).toBe(Math.ceil(durationMs + initDurationMs));
    expect(maxMemoryUsedMb).toBeGreaterThan(10);
  });

  it('answers Lambda’s error payload when the handler throws: exit 1', async () => {
    const outcome = await invoke({ mode: 'throw' });
    expect(outcome.status).toBe('failed');
    expect(outcome.payload).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'handler went wrong',
    });
    expect(outcome.stderr).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"RangeError"/);
    expect(outcome.stderr).toMatch(/Status: error\tError Type: RangeError\n$/);
    const run = await cli(['--cdk-out', tiny], { mode: 'throw' });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ errorType: 'RangeError' });
  });

  it('reports a process that exits mid-invocation as Runtime.ExitError', async () => {
    const outcome = await invoke({ mode: 'exit' });
    expect(outcome.status).toBe('failed');
    expect(outcome.payload).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${outcome.requestId} Error: Runtime exited with error: exit status 7`,
    });
  });

  it('kills the process at the template timeout: Sandbox.Timedout, exit 3', async () => {
    const oneSecond = assembly({ timeout: 1 });
    const started = performance.now();
    const run = await cli(['--cdk-out', oneSecond], { mode: 'hang' });
    const elapsed = performance.now() - started;
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(
        /^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/,
      ),
    });
    expect(run.stderr).toMatch(/Duration: 1000\.00 ms\t.*\tStatus: timeout\n$/);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(15_000);
  });

  it('reports an INIT failure with INIT_REPORT and the error', async () => {
    const outcome = await invoke({}, { env: { FAIL_INIT: '1' } });
    expect(outcome.status).toBe('failed');
    expect(outcome.payload).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'init went wrong',
    });
    expect(outcome.stderr).toMatch(
      /INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: TypeError/,
    );
  });

  it('names a handler that is not there as Lambda does', async () => {
    const missingModule = await invoke({}, { cdkOut: assembly({ handler: 'app.handler' }) });
    expect(missingModule.payload).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
    const missingExport = await invoke({}, { cdkOut: assembly({ handler: 'index.main' }) });
    expect(missingExport.payload).toMatchObject({ errorType: 'Runtime.HandlerNotFound' });
    const nested = assembly({
      handler: 'lib/app.handlers.token',
      files: { 'lib/app.cjs': 'exports.handlers = { token: async () => ({ statusCode: 201 }) };' },
    });
    expect((await invoke({}, { cdkOut: nested })).payload).toEqual({ statusCode: 201 });
    const asDefault = assembly({
      files: { 'index.mjs': 'export default { handler: async () => ({ statusCode: 202 }) };' },
    });
    expect((await invoke({}, { cdkOut: asDefault })).payload).toEqual({ statusCode: 202 });
  });

  it('refuses a template value it cannot stand in for, unless --env gives it', async () => {
    const imported = assembly({
      variables: { SHARED: { 'Fn::ImportValue': 'other-stack-export' } },
    });
    await expect(invoke({}, { cdkOut: imported })).rejects.toThrow(
      'SHARED: Fn::ImportValue has no local equivalent; give it with --env SHARED=VALUE',
    );
    const given = await invoke({}, { cdkOut: imported, env: { SHARED: 'value' } });
    expect(echoOf(given).env.SHARED).toBe('value');
  });
});
