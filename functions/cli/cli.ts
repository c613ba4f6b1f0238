// zego-token: make, decode, verify and inspect ZEGO tokens from a shell.
// The ServerSecret never comes from argv (it would show in `ps` and shell history): it comes
// from --secret-file, ZEGO_SERVER_SECRET, piped standard input, or a hidden prompt (help.ts).

import { ArgumentError, parseToolArgs, shownName } from '#commons/argv.ts';
import { TOOL_ENV } from '#contract/env.ts';
import {
  type Cipher,
  decodeToken,
  type GenerateOptions,
  generateToken,
  inspectToken,
  isTokenError,
  makeKitToken,
  type Privilege,
  type TokenVersion,
} from '#core';
import { parseDuration } from './duration.ts';
import { COMMAND_HELP, OVERVIEW } from './help.ts';
import { APP_ID_REQUIRED, parseInteger, readSecret, resolveAppId, UsageError } from './input.ts';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** Reads all of standard input; undefined when stdin is a terminal (nothing piped). */
  readStdin: () => Promise<string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Asks for the secret without echo; undefined when stdin is not a terminal. */
  promptSecret?: () => Promise<string>;
  /** The package version (--version). */
  version?: string;
}

/** verify: the token decrypts but has expired. */
const EXIT_EXPIRED = 3;

const USAGE = OVERVIEW;

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (
      command !== undefined &&
      command in COMMAND_HELP &&
      rest.some((a) => a === '--help' || a === '-h')
    ) {
      io.stdout(`${COMMAND_HELP[command]}\n`);
      return 0;
    }
    switch (command) {
      case 'generate':
        return await generate(rest, io);
      case 'decode':
        return await decode(rest, io);
      case 'inspect':
        return await inspect(rest, io);
      case 'verify':
        return await verify(rest, io);
      case '--version':
      case '-V':
        io.stdout(`${io.version ?? 'unknown'}\n`);
        return 0;
      case 'help':
        if (rest[0] !== undefined) {
          const page = COMMAND_HELP[rest[0]];
          if (page === undefined) {
            throw new UsageError(`unknown command ${shownName(2, rest[0])}`);
          }
          io.stdout(`${page}\n`);
          return 0;
        }
        io.stdout(`${USAGE}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${shownName(1, command)}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`zego-token: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    // Unknown options and stray arguments: named by position and length, never quoted.
    if (error instanceof ArgumentError) {
      io.stderr(`zego-token: ${error.message}\n`);
      return 2;
    }
    // A cancelled prompt (Ctrl-C) carries its own exit code (130).
    const exitCode = (error as { exitCode?: unknown } | null)?.exitCode;
    if (typeof exitCode === 'number') {
      io.stderr(`zego-token: ${(error as Error).message}\n`);
      return exitCode;
    }
    if (isTokenError(error)) {
      io.stderr(`zego-token: ${error.code}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`zego-token: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function generate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseToolArgs(
    args,
    {
      'app-id': { type: 'string' },
      'user-id': { type: 'string' },
      room: { type: 'string' },
      publish: { type: 'boolean' },
      'no-publish': { type: 'boolean' },
      'no-login': { type: 'boolean' },
      stream: { type: 'string', multiple: true },
      ttl: { type: 'string' },
      cipher: { type: 'string' },
      version: { type: 'string' },
      'user-name': { type: 'string' },
      kit: { type: 'boolean' },
      json: { type: 'boolean' },
      'secret-file': { type: 'string' },
      'user-id-max-bytes': { type: 'string' },
    },
    { offset: 1 },
  );
  const maxBytes = values['user-id-max-bytes'] ?? '32';
  if (maxBytes !== '32' && maxBytes !== '64')
    throw new UsageError('--user-id-max-bytes must be 32 or 64');
  const maxUserIdBytes = Number(maxBytes) as 32 | 64;
  let ttlSeconds = 3600;
  if (values.ttl !== undefined) {
    const parsed = parseDuration(values.ttl);
    if (parsed === undefined)
      throw new UsageError(
        '--ttl must be seconds or a number with s, m, h or d (e.g. 90s, 10m, 1h, 7d)',
      );
    ttlSeconds = parsed;
  }
  const givenAppId = values['app-id'] ?? io.env[TOOL_ENV.appId];
  parseInteger(givenAppId, '--app-id');
  const secretGiven =
    values['secret-file'] !== undefined || (io.env[TOOL_ENV.serverSecret] ?? '') !== '';
  // Say so before a prompt asks for the secret (a typed secret carries no AppID).
  if (givenAppId === undefined && !secretGiven && io.promptSecret !== undefined) {
    throw new UsageError(APP_ID_REQUIRED);
  }
  const userId = values['user-id'];
  if (userId === undefined) throw new UsageError('--user-id is required');
  if (values.publish && values['no-publish']) {
    throw new UsageError('--publish and --no-publish contradict each other');
  }
  const streams = values.stream ?? [];
  if (streams.length > 0 && !values.publish) throw new UsageError('--stream needs --publish');
  const version = (values.version ?? '04') as TokenVersion;
  const cipher = (values.cipher ?? (version === '03' ? 'cbc' : 'gcm')) as Cipher;

  // Any privilege flag makes a privilege token; without --room it allows any room.
  const wantsPrivilege =
    values.room !== undefined || values.publish || values['no-publish'] || values['no-login'];
  const privilege: Privilege | undefined = wantsPrivilege
    ? {
        roomId: values.room ?? '',
        loginRoom: !values['no-login'],
        publishStream: values.publish === true,
        ...(streams.length > 0 ? { streamIds: streams } : {}),
      }
    : undefined;
  if (values.kit && values.room === undefined) throw new UsageError('--kit needs --room');

  const given = await readSecret(values['secret-file'], io, false);
  const secret = given.secret;
  const appId = resolveAppId(givenAppId, given.appId);
  const options: GenerateOptions = {
    version,
    cipher,
    appId,
    userId,
    secret,
    ttlSeconds,
    maxUserIdBytes,
    ...(privilege ? { privilege } : {}),
  };
  const made = generateToken(options);
  const kitToken =
    values.kit && values.room !== undefined
      ? makeKitToken({
          token: made.token,
          appId,
          userId,
          roomId: values.room,
          userName: values['user-name'] ?? userId,
          maxUserIdBytes,
        })
      : undefined;
  if (values.json) {
    // Every field inside the token, read back from it (so the nonce and payload are exact).
    const inside = decodeToken(made.token, secret);
    const { expired: _expired, ...fields } = inside;
    const out = { token: made.token, ...fields, ttlSeconds, ...(kitToken ? { kitToken } : {}) };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    io.stdout(`${kitToken ?? made.token}\n`);
  }
  return 0;
}

async function readTokenArgument(args: string[], io: CliIo, command: string) {
  const { values, positionals } = parseToolArgs(
    args,
    { 'secret-file': { type: 'string' } },
    { offset: 1, maxPositionals: 1 },
  );
  if (positionals.length !== 1) throw new UsageError(`${command} takes one TOKEN (or - for stdin)`);
  const argument = positionals[0] as string;
  if (argument !== '-') return { token: argument.trim(), fromStdin: false, values };
  const piped = await io.readStdin();
  if (piped === undefined || piped.trim() === '') throw new UsageError('no token on stdin');
  return { token: piped.trim(), fromStdin: true, values };
}

async function decode(args: string[], io: CliIo): Promise<number> {
  const { token, fromStdin, values } = await readTokenArgument(args, io, 'decode');
  const { secret } = await readSecret(values['secret-file'], io, fromStdin);
  io.stdout(`${JSON.stringify(decodeToken(token, secret), null, 2)}\n`);
  return 0;
}

async function inspect(args: string[], io: CliIo): Promise<number> {
  const { token } = await readTokenArgument(args, io, 'inspect');
  io.stdout(`${JSON.stringify(inspectToken(token), null, 2)}\n`);
  return 0;
}

async function verify(args: string[], io: CliIo): Promise<number> {
  const { token, fromStdin, values } = await readTokenArgument(args, io, 'verify');
  const { secret } = await readSecret(values['secret-file'], io, fromStdin);
  const decoded = decodeToken(token, secret);
  const when = new Date(decoded.expiresAt * 1000).toISOString();
  if (decoded.expired) {
    io.stderr(`zego-token: expired: the token decrypts but expired at ${when}\n`);
    return EXIT_EXPIRED;
  }
  io.stdout(`valid: appId ${decoded.appId}, userId ${decoded.userId}, expires ${when}\n`);
  return 0;
}
