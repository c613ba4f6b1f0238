// `npm run invoke`: `invoke event [options]` prints an API Gateway event; `invoke [--event FILE|-]`
// invokes the deployed function with one (help.ts says everything). stdout carries only the
// event or the function's result, so either pipes into the other or into jq. Entry: main.ts.
import { readFileSync } from 'node:fs';
import { ArgumentError, parseToolArgs } from '#commons/argv.ts';
import { InvalidSecretValueError } from '#commons/secrets/secret-source.ts';
import { ConfigError } from '#contract/env.ts';
import { TOKEN_REQUEST_MODEL } from '#contract/request-model.ts';
import { validateRequestBody } from '../local/request-validator.ts';
import { keyValue, UsageError } from './args.ts';
import { buildEvent, parseEventArgs } from './event-command.ts';
import { EVENT_HELP, INVOKE_HELP } from './help.ts';
import { invokeFunction } from './invoke.ts';
import { readSecretFile } from './secret-file.ts';

export interface MainIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

const INVOKE_OPTIONS = {
  event: { type: 'string' },
  env: { type: 'string', multiple: true },
  context: { type: 'string', short: 'c', multiple: true },
  'cdk-out': { type: 'string' },
  'secret-file': { type: 'string' },
  'app-id': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONTEXT_KEY = /^[A-Za-z0-9@:/._-]+$/;
/** Tool variables that are never the function's: the secret reaches it over HTTP only. */
const REFUSED_ENV = new Set(['ZEGO_SERVER_SECRET', 'ZEGO_APP_ID']);
const EXIT = { returned: 0, failed: 1, usage: 2, 'timed-out': 3 } as const;

function runEventCommand(args: readonly string[], io: MainIo): number {
  const { spec, help } = parseEventArgs(args);
  if (help) {
    io.stdout(`${EVENT_HELP}\n`);
    return 0;
  }
  const event = buildEvent(spec);
  if ((spec.api ?? 'rest') === 'rest') {
    const headers = (event as { headers: Record<string, string> }).headers;
    const type = Object.entries(headers).find(([n]) => n.toLowerCase() === 'content-type')?.[1];
    const valid = validateRequestBody(TOKEN_REQUEST_MODEL, type, spec.body ?? null);
    if (!valid.ok) {
      io.stderr(
        `invoke: warning: the REST API's request validator refuses this body (400 before the function runs): ${valid.problem}\n`,
      );
    }
  }
  io.stdout(`${JSON.stringify(event, null, 2)}\n`);
  return 0;
}

async function readEvent(source: string | undefined, io: MainIo): Promise<unknown> {
  if (source === undefined) {
    io.stderr('invoke: no --event: invoking with the default event (`invoke event`)\n');
    return buildEvent();
  }
  let text: string;
  if (source === '-') text = await io.readStdin();
  else {
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read --event (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (text.trim() === '')
    throw new UsageError(`the event ${source === '-' ? 'on standard input' : 'file'} is empty`);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`the event ${source === '-' ? 'on standard input' : 'file'} is not JSON`);
  }
}

async function runInvokeCommand(args: readonly string[], io: MainIo): Promise<number> {
  const { values } = parseToolArgs([...args], INVOKE_OPTIONS, { offset: 0 });
  if (values.help === true) {
    io.stdout(`${INVOKE_HELP}\n`);
    return 0;
  }
  const env: Record<string, string> = {};
  for (const text of values.env ?? []) {
    const [name, value] = keyValue('--env', text, ENV_NAME, 'KEY a variable name');
    if (REFUSED_ENV.has(name)) {
      throw new UsageError(
        `--env ${name}: not a variable of the function; the secret is served by the local Secrets Manager stand-in (see --help)`,
      );
    }
    env[name] = value;
  }
  const context: Record<string, string> = {};
  for (const text of values.context ?? []) {
    const [key, value] = keyValue('--context', text, CONTEXT_KEY, 'KEY a context key');
    context[key] = value;
  }
  const secretFile = values['secret-file'];
  const appId = values['app-id'];
  if (appId !== undefined && secretFile === undefined) {
    throw new UsageError('--app-id goes with --secret-file');
  }
  const secret = secretFile === undefined ? undefined : readSecretFile(secretFile, appId);
  const event = await readEvent(values.event, io);
  const cdkOut = values['cdk-out'];
  const outcome = await invokeFunction(event, {
    env,
    context,
    ...(secret === undefined ? {} : { secret }),
    ...(cdkOut === undefined ? {} : { cdkOut }),
    onStderr: io.stderr,
  });
  io.stdout(`${JSON.stringify(outcome.payload)}\n`);
  return EXIT[outcome.status];
}

export async function runInvokeCli(args: readonly string[], io: MainIo): Promise<number> {
  try {
    if (args[0] === 'event') return runEventCommand(args.slice(1), io);
    return await runInvokeCommand(args, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`invoke: ${error.message}\n`);
      return EXIT.usage;
    }
    // An unknown option or a stray argument: named by position and length, never quoted.
    if (error instanceof ArgumentError) {
      io.stderr(`invoke: ${error.message}; see --help\n`);
      return EXIT.usage;
    }
    if (error instanceof InvalidSecretValueError) {
      io.stderr(
        `invoke: the AppID and ServerSecret given are unusable: ${error.problems.join('; ')}\n`,
      );
      return EXIT.usage;
    }
    throw error;
  }
}
