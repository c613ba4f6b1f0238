// A small cloud assembly written by hand, as `cdk synth` lays one out (manifest.json, the stack's
// template, an asset directory named by the function's aws:asset:path metadata), with a handler
// whose behaviour the event chooses. It lets the runtime's behaviour (context, environment,
// errors, crashes, timeouts) be tested without a synth.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The handler: `event.mode` picks what it does. */
const HANDLER_SOURCE = `
if (process.env.FAIL_INIT === '1') throw new TypeError('init went wrong');
export const handler = async (event, context) => {
  switch (event.mode) {
    case 'throw': throw new RangeError('handler went wrong');
    case 'hang': return new Promise(() => setInterval(() => {}, 1000));
    case 'exit': process.exit(7);
    case 'log': console.log('hello from the function'); return { statusCode: 204 };
    case 'fetch-secret': {
      const response = await fetch(process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER, {
        method: 'POST',
        headers: { 'X-Amz-Target': 'secretsmanager.GetSecretValue', 'Content-Type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ SecretId: process.env.ZEGO_SECRET_ID }),
      });
      const body = await response.json();
      return { statusCode: response.status, body: body.SecretString === undefined ? body.__type : 'has-secret' };
    }
    default: return {
      statusCode: 200,
      body: JSON.stringify({
        context: {
          awsRequestId: context.awsRequestId,
          functionName: context.functionName,
          functionVersion: context.functionVersion,
          invokedFunctionArn: context.invokedFunctionArn,
          memoryLimitInMB: context.memoryLimitInMB,
          logGroupName: context.logGroupName,
          logStreamName: context.logStreamName,
          remaining: context.getRemainingTimeInMillis(),
          callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
        },
        env: process.env,
        argv: process.argv,
        cwd: process.cwd(),
        node: process.version,
        event,
      }),
    };
  }
};
`;

export interface TinyFunction {
  handler?: string;
  timeout?: number;
  memorySize?: number;
  variables?: Record<string, unknown>;
  /** Other resources of the template. */
  resources?: Record<string, unknown>;
  /** Written in the asset directory (default index.mjs with HANDLER_SOURCE). */
  files?: Record<string, string>;
}

/** Writes the assembly into `dir` and returns `dir`. */
export function writeTinyAssembly(dir: string, fn: TinyFunction = {}): string {
  const asset = 'asset.0123456789abcdef';
  mkdirSync(join(dir, asset), { recursive: true });
  for (const [name, text] of Object.entries(fn.files ?? { 'index.mjs': HANDLER_SOURCE })) {
    mkdirSync(dirname(join(dir, asset, name)), { recursive: true });
    writeFileSync(join(dir, asset, name), text);
  }
  const template = {
    Resources: {
      Secret1234: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
      Client5678: { Type: 'AWS::Cognito::UserPoolClient', Properties: {} },
      ...fn.resources,
      Fn9ABC: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: 'bucket', S3Key: 'key.zip' },
          Handler: fn.handler ?? 'index.handler',
          Runtime: 'nodejs24.x',
          Timeout: fn.timeout ?? 5,
          MemorySize: fn.memorySize ?? 512,
          LoggingConfig: { LogFormat: 'JSON' },
          Environment: {
            Variables: {
              ZEGO_SECRET_ID: { Ref: 'Secret1234' },
              ZEGO_ALLOWED_CLIENT_IDS: { Ref: 'Client5678' },
              PLAIN: 'plain value',
              ...fn.variables,
            },
          },
        },
        Metadata: {
          'aws:cdk:path': 'Tiny/Fn/Resource',
          'aws:asset:path': asset,
          'aws:asset:is-bundled': false,
          'aws:asset:property': 'Code',
        },
      },
    },
  };
  writeFileSync(join(dir, 'Tiny.template.json'), JSON.stringify(template));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      version: '55.0.0',
      artifacts: {
        Tiny: {
          type: 'aws:cloudformation:stack',
          environment: 'aws://unknown-account/unknown-region',
          properties: { templateFile: 'Tiny.template.json' },
        },
      },
    }),
  );
  return dir;
}
