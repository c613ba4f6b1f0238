// The runtime side of `npm run invoke`, started by invoke.ts as a fresh Node process (the Lambda
// runtime's Node where it is installed) in the asset directory, with the function's environment.
// It does for one cold invocation what the Lambda Node.js runtime does: INIT imports the module
// _HANDLER names from LAMBDA_TASK_ROOT; INVOKE calls the handler with the event and a
// Lambda-shaped context, and awaits its promise (nodejs24.x takes no callback-style handlers).
// Messages to the parent are JSON lines on fd 3; the function's own output goes to stdout and
// stderr untouched. Plain JavaScript: no loader runs, so only Node and the bundle are timed.
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const control = new Socket({ fd: 3, readable: false, writable: true });
let requestId;

function send(message) {
  return new Promise((resolve) => {
    control.write(`${JSON.stringify(message)}\n`, () => resolve());
  });
}

/** What Lambda answers for an error: its type, message and stack lines. */
function errorPayload(error, type) {
  if (error instanceof Error) {
    return {
      errorType: type ?? error.name,
      errorMessage: error.message,
      trace: String(error.stack ?? '').split('\n'),
    };
  }
  return { errorType: type ?? typeof error, errorMessage: String(error), trace: [] };
}

/** Sends the last message, lets stdout and stderr drain, and ends the process. */
async function finish(message, exitCode) {
  await send({ ...message, maxRssKb: process.resourceUsage().maxRSS });
  await new Promise((resolve) => process.stdout.write('', resolve));
  await new Promise((resolve) => process.stderr.write('', resolve));
  process.exit(exitCode);
}

function runtimeError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** "path/to/module.export" → the module file (.js, .mjs or .cjs) and the export's path. */
async function loadHandler() {
  const spec = process.env._HANDLER ?? '';
  const root = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
  const dot = spec.indexOf('.', spec.lastIndexOf('/') + 1);
  if (dot <= 0 || dot === spec.length - 1) {
    throw runtimeError('Runtime.MalformedHandlerName', `Bad handler ${spec}`);
  }
  const module = spec.slice(0, dot);
  const file = ['.js', '.mjs', '.cjs']
    .map((extension) => join(root, `${module}${extension}`))
    .find((candidate) => existsSync(candidate));
  if (file === undefined) {
    throw runtimeError('Runtime.ImportModuleError', `Error: Cannot find module '${module}'`);
  }
  const exports = await import(pathToFileURL(file).href);
  const path = spec.slice(dot + 1).split('.');
  const exported = (from) => path.reduce((value, name) => value?.[name], from);
  let handler = exported(exports);
  if (typeof handler !== 'function' && exports.default !== undefined) {
    handler = exported(exports.default);
  }
  if (typeof handler !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', `${spec} is undefined or not exported`);
  }
  return handler;
}

async function readInvocation() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function logInvokeError(payload) {
  const line = `${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(payload)}\n`;
  process.stderr.write(line);
}

// An exception or rejection nobody handles ends the invocation as it ends it in Lambda.
function unhandled(error, type) {
  const payload = errorPayload(error, type);
  if (requestId === undefined) {
    void finish({ type: 'init-error', payload }, 1);
    return;
  }
  logInvokeError(payload);
  void finish({ type: 'error', payload, durationMs: performance.now() - invokeStarted }, 1);
}
process.on('uncaughtException', (error) => unhandled(error));
process.on('unhandledRejection', (reason) =>
  unhandled(reason, 'Runtime.UnhandledPromiseRejection'),
);

let invokeStarted = 0;
let handler;
try {
  handler = await loadHandler();
} catch (error) {
  await finish({ type: 'init-error', payload: errorPayload(error) }, 1);
}
await send({ type: 'ready' });

const invocation = await readInvocation();
requestId = invocation.requestId;
process.env._X_AMZN_TRACE_ID = invocation.traceId;
const deadline = Date.now() + invocation.timeoutMs;
const env = process.env;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
  invokedFunctionArn: invocation.invokedFunctionArn,
  memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: requestId,
  logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};

process.stdout.write(`START RequestId: ${requestId} Version: ${context.functionVersion}\n`);
invokeStarted = performance.now();
let outcome;
try {
  const result = await handler(invocation.event, context);
  const durationMs = performance.now() - invokeStarted;
  try {
    outcome = { type: 'result', payload: JSON.parse(JSON.stringify(result ?? null)), durationMs };
  } catch (error) {
    outcome = { type: 'error', payload: errorPayload(error, 'Runtime.MarshalError'), durationMs };
  }
} catch (error) {
  outcome = {
    type: 'error',
    payload: errorPayload(error),
    durationMs: performance.now() - invokeStarted,
  };
  logInvokeError(outcome.payload);
}
await finish(outcome, 0);
