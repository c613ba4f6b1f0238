// invokeFunction: the deployed function, invoked once with an event, as `npm run invoke` does it.
// The bundle is the asset `cdk synth` puts in cdk.out; the environment is the template's, with
// intrinsics replaced by local stand-ins, plus what Lambda itself sets; the ServerSecret is served
// by a Secrets Manager stand-in on 127.0.0.1 that the function's real SDK client calls. The
// process runs on the Lambda runtime's Node (findLambdaNode) and never sees the secret in its
// arguments or environment: it fetches it over HTTP, as in Lambda.
import { randomBytes, randomUUID } from 'node:crypto';
import { toZegoAppSecret } from '#commons/secrets/secret-source.ts';
import { FUNCTION_ENV } from '#contract/env.ts';
import { readLocalSecret } from '../local/config.ts';
import {
  AssemblyError,
  type DeployedFunction,
  ensureAssembly,
  readDeployedFunction,
} from './assembly.ts';
import { IntrinsicResolver, UnresolvableValue } from './intrinsics.ts';
import { findLambdaNode, LAMBDA_NODE_MAJOR, type LambdaNode, nodeAt } from './lambda-node.ts';
import { LOCAL_ACCOUNT_ID, localRegion } from './local-aws.ts';
import { type InvokeReport, type InvokeStatus, runOnce } from './runtime.ts';
import { secretArn, startSecretsManagerStandIn } from './secrets-manager-stand-in.ts';

export interface InvokeOptions {
  /** The cloud assembly to use (default: cdk.out of the project, synthesized when stale). */
  cdkOut?: string;
  /**
   * CDK context (`-c key=value`): synthesizes with it into an assembly of its own, kept under
   * node_modules/.cache/zego-token-invoke/ and synthesized again when the sources change.
   */
  context?: Readonly<Record<string, string>>;
  /** Variables set on top of the function's environment (`--env KEY=VALUE`). */
  env?: Readonly<Record<string, string>>;
  /** The AppID and ServerSecret served. Default: ZEGO_APP_ID/ZEGO_SERVER_SECRET, else generated. */
  secret?: { appId: number; serverSecret: string };
  /** Default: the stack's region, else AWS_REGION, AWS_DEFAULT_REGION, us-east-1. */
  region?: string;
  /** Everything the command writes to stderr, as it comes. */
  onStderr?: (text: string) => void;
  /** Another Node binary to run on (e.g. process.execPath, to compare); default findLambdaNode(). */
  nodePath?: string;
}

/** The function's result read as an API Gateway proxy result. */
export interface ProxyResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed, when it is JSON. */
  json: unknown;
}

export interface InvokeOutcome {
  /** returned: the function answered (any status code); failed: it threw or crashed. */
  status: InvokeStatus;
  /** What Lambda's Invoke API answers: the result, or an error {errorType, errorMessage, trace}. */
  payload: unknown;
  /** The payload as a proxy result, when it is one. */
  response: ProxyResponse | undefined;
  requestId: string;
  report: InvokeReport;
  node: LambdaNode;
  /** Everything written to stderr: platform lines, notes, the function's own log lines. */
  stderr: string;
}

const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:[^:]+:\d+:secret:(.+)-[0-9A-Za-z]{6}$/;

function asProxyResponse(payload: unknown): ProxyResponse | undefined {
  const r = payload as Record<string, unknown> | null;
  if (typeof r !== 'object' || r === null || typeof r.statusCode !== 'number') return undefined;
  const body = typeof r.body === 'string' ? r.body : '';
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const headers = Object.fromEntries(
    Object.entries((r.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
  return { statusCode: r.statusCode, headers, body, json };
}

/** The function's environment: the template's, resolved, with overrides applied last. */
function functionEnvironment(
  fn: DeployedFunction,
  resolver: IntrinsicResolver,
  overrides: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.environment)) {
    if (name in overrides) continue;
    try {
      env[name] = resolver.text(value, name);
    } catch (error) {
      if (!(error instanceof UnresolvableValue)) throw error;
      throw new AssemblyError(`${error.message}; give it with --env ${name}=VALUE`);
    }
  }
  return { ...env, ...overrides };
}

/** What Lambda sets in every execution environment (credentials: dummies, as a role's would be). */
function lambdaEnvironment(
  fn: DeployedFunction,
  functionName: string,
  region: string,
  secretsEndpoint: string,
): Record<string, string> {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    ...(process.platform === 'win32' ? { SystemRoot: process.env.SystemRoot ?? '' } : {}),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LAMBDA_TASK_ROOT: fn.codeDir,
    _HANDLER: fn.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    AWS_LAMBDA_LOG_FORMAT: fn.logFormat,
    ...(fn.applicationLogLevel === undefined
      ? {}
      : { AWS_LAMBDA_LOG_LEVEL: fn.applicationLogLevel }),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'ASIALOCALINVOKE00000',
    AWS_SECRET_ACCESS_KEY: 'local/invoke/not/a/real/secret/access/key',
    AWS_SESSION_TOKEN: 'local-invoke-session-token',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint,
  };
}

/** A note when the event is of the other API kind than the one the stack deploys. */
function apiKindNote(fn: DeployedFunction, event: unknown): string | undefined {
  const types = new Set(Object.values(fn.template.Resources).map((r) => r.Type));
  const stack = types.has('AWS::ApiGatewayV2::Api')
    ? 'http'
    : types.has('AWS::ApiGateway::RestApi')
      ? 'rest'
      : undefined;
  const kind = (event as { version?: unknown } | null)?.version === '2.0' ? 'http' : 'rest';
  if (stack === undefined || stack === kind) return undefined;
  return stack === 'rest'
    ? 'this is an HTTP API (v2) event; the stack deploys a REST API (-c apiType=http deploys an HTTP API)'
    : 'this is a REST API (v1) event; the stack deploys an HTTP API (apiType=http)';
}

/** Invokes the deployed function once with `event`; see InvokeOptions. */
export async function invokeFunction(
  event: unknown,
  options: InvokeOptions = {},
): Promise<InvokeOutcome> {
  let stderr = '';
  const write = (text: string) => {
    stderr += text;
    options.onStderr?.(text);
  };
  const note = (line: string) => write(`invoke: ${line}\n`);

  const secret = options.secret ?? readLocalSecret(process.env);
  // Validated where it enters: an error names what is wrong, never the value.
  toZegoAppSecret(secret);
  const fn = readDeployedFunction(
    await ensureAssembly({
      ...(options.cdkOut === undefined ? {} : { cdkOut: options.cdkOut }),
      ...(options.context === undefined ? {} : { context: options.context }),
      note,
    }),
  );
  const region = fn.region ?? options.region ?? localRegion();
  const accountId = fn.account ?? LOCAL_ACCOUNT_ID;
  const resolver = new IntrinsicResolver({
    region,
    accountId,
    stackName: fn.stackName,
    template: fn.template,
    note,
  });
  const functionEnv = functionEnvironment(fn, resolver, options.env ?? {});
  const mismatch = apiKindNote(fn, event);
  if (mismatch !== undefined) note(mismatch);
  if (options.secret === undefined && 'generated' in secret && secret.generated) {
    note(
      `ZEGO_APP_ID and ZEGO_SERVER_SECRET are not set: serving a generated dev-only AppID ${secret.appId} and ServerSecret (tokens will not work with a real ZEGO app; give yours with those variables or --secret-file)`,
    );
  }

  const secretId = functionEnv[FUNCTION_ENV.secretId] ?? 'unset';
  const named = SECRET_ARN.exec(secretId);
  const standIn = await startSecretsManagerStandIn({
    name: named?.[1] ?? secretId,
    arn: named ? secretId : secretArn(region, accountId, secretId),
    secretString: JSON.stringify({ appId: secret.appId, serverSecret: secret.serverSecret }),
  });
  try {
    const node = options.nodePath === undefined ? findLambdaNode() : nodeAt(options.nodePath);
    const functionName = (fn.functionName ?? `${fn.stackName}-${fn.logicalId}`).slice(0, 64);
    const major = /^nodejs(\d+)\.x$/.exec(fn.runtime)?.[1];
    const runtimeVersion = major === undefined ? fn.runtime : `nodejs:${major}`;
    write(`INIT_START Runtime Version: ${runtimeVersion} (node ${node.version})\n`);
    if (node.fallbackNotice !== undefined) note(node.fallbackNotice);
    else if (major !== undefined && Number(major) !== LAMBDA_NODE_MAJOR) {
      note(`the template's runtime is ${fn.runtime}; this runs Node ${node.version}`);
    }
    const requestId = randomUUID();
    const epoch = Math.floor(Date.now() / 1000).toString(16);
    const outcome = await runOnce({
      nodePath: node.path,
      cwd: fn.codeDir,
      env: { ...lambdaEnvironment(fn, functionName, region, standIn.url), ...functionEnv },
      event,
      requestId,
      invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
      traceId: `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`,
      timeoutSeconds: fn.timeoutSeconds,
      memorySizeMb: fn.memorySizeMb,
      write,
    });
    return {
      ...outcome,
      response: outcome.status === 'returned' ? asProxyResponse(outcome.payload) : undefined,
      requestId,
      node,
      stderr,
    };
  } finally {
    await standIn.close();
  }
}
