// Command-line parsing for the tools (zego-token, npm run ops) that never echoes what the user
// typed: a ServerSecret pasted in the wrong place would otherwise land in the terminal, a CI log
// or a support ticket. An unexpected argument is reported by position and length; an unknown
// option by name only when it looks like an option name.
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A command line the tool cannot use; the message quotes no argument. */
export class ArgumentError extends Error {
  override readonly name = 'ArgumentError';
}

/** Looks like a mistyped option or command name (letters and hyphens, short), not a secret. */
const PLAIN_NAME = /^-{0,2}[a-z][a-z-]{0,23}$/;

/**
 * "argument 3 (32 characters)": where an argument is, without its text. `position` counts from 1
 * over the words after the program name.
 */
export function argumentAt(position: number, text: string): string {
  return `argument ${position} (${text.length} character${text.length === 1 ? '' : 's'}, not shown)`;
}

/** An argument's text when it is a plain name, else its position and length. */
export function shownName(position: number, text: string): string {
  return PLAIN_NAME.test(text) ? `"${text}"` : argumentAt(position, text);
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends Options> {
  values: ReturnType<
    typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
  >['values'];
  positionals: string[];
}

/**
 * parseArgs (strict) over `args`, the words after the first `offset` words of the command line.
 * At most `maxPositionals` positionals are accepted. Errors are ArgumentErrors that name options
 * but never quote a value or an argument that is not a plain option name.
 */
export function parseToolArgs<O extends Options>(
  args: string[],
  options: O,
  { offset, maxPositionals = 0 }: { offset: number; maxPositionals?: number },
): ParsedArgs<O> {
  const config = { args, options, allowPositionals: true, strict: true, tokens: true } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new ArgumentError(parseProblem(error, args, options, offset));
  }
  const positionals = parsed.tokens.filter((token) => token.kind === 'positional');
  const extra = positionals[maxPositionals];
  if (extra !== undefined) {
    throw new ArgumentError(`unexpected ${argumentAt(offset + extra.index + 1, extra.value)}`);
  }
  return {
    values: parsed.values as ParsedArgs<O>['values'],
    positionals: positionals.map((token) => token.value),
  };
}

function parseProblem(error: unknown, args: string[], options: Options, offset: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // Node's message quotes the whole argument; find it to say where it is instead.
    const { tokens } = parseArgs({
      args,
      options,
      allowPositionals: true,
      strict: false,
      tokens: true,
    });
    const unknown = tokens.find((token) => token.kind === 'option' && !(token.name in options));
    if (unknown?.kind === 'option') {
      const raw = args[unknown.index] ?? unknown.rawName;
      return PLAIN_NAME.test(unknown.rawName)
        ? `unknown option ${unknown.rawName}`
        : `unknown option: ${argumentAt(offset + unknown.index + 1, raw)}`;
    }
    return 'unknown option';
  }
  // The other parse errors name the option and quote no value ("Option '--ttl <value>' argument
  // missing", "... argument is ambiguous"); their first line says it.
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS') && error instanceof Error) {
    return error.message.split('\n')[0] ?? 'bad options';
  }
  return 'bad options';
}
