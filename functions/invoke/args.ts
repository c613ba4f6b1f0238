// Command-line parsing of `npm run invoke`: node:util parseArgs, with errors that never echo what
// was typed where it was not expected (a ServerSecret pasted in the wrong place must not reach the
// terminal's scrollback or a CI log). Unknown options are named only when they look like option
// names; unexpected arguments are reported by position and length.
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;
export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A string option's value (the last one when repeated). */
export function stringValue(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  const last = Array.isArray(value) ? value.at(-1) : value;
  return typeof last === 'string' ? last : undefined;
}

/** Every value of a repeatable string option, in order. */
export function stringValues(values: ParsedValues, name: string): string[] {
  const value = values[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.filter((item): item is string => typeof item === 'string');
}

const OPTION_NAME = /^--?[a-z][a-z-]{0,24}$/;

/** `--name=value` → `--name`; shown only when it looks like an option name. */
function describeOption(token: string, index: number): string {
  const name = token.split('=', 1)[0] ?? '';
  return OPTION_NAME.test(name)
    ? `unknown option ${name}`
    : `unknown option at position ${index + 1} (${token.length} characters, not shown)`;
}

/**
 * Parses `args` against `options`. `positionals` is how many leading positional arguments the
 * command takes (e.g. the subcommand); any other is a usage error.
 */
export function parseCommandLine(
  args: readonly string[],
  options: Options,
  positionals = 0,
): ParsedValues {
  const { tokens } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  let seen = 0;
  for (const token of tokens) {
    if (token.kind === 'option' && !(token.name in options)) {
      throw new UsageError(`${describeOption(token.rawName, token.index)}; see --help`);
    }
    if (token.kind === 'positional' && ++seen > positionals) {
      throw new UsageError(
        `unexpected argument at position ${token.index + 1} (${token.value.length} characters, not shown); see --help`,
      );
    }
  }
  try {
    const { values } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return values;
  } catch (error) {
    // A missing value or a value given to a flag: parseArgs names the option, never a value.
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE')) {
      throw new UsageError(`${error.message}; see --help`);
    }
    throw error;
  }
}

/** `KEY=VALUE` of a repeatable option; the value is never put in an error. */
export function keyValue(
  option: string,
  text: string,
  key: RegExp,
  keyRule: string,
): [string, string] {
  const at = text.indexOf('=');
  const name = at < 0 ? text : text.slice(0, at);
  if (at <= 0 || !key.test(name)) throw new UsageError(`${option} takes KEY=VALUE (${keyRule})`);
  return [name, text.slice(at + 1)];
}
