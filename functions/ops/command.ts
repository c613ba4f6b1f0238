// The shape of an operator command and the parsing of its options (node:util parseArgs), with
// parse errors turned into usage errors.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type OpsIo, UsageError } from './io.ts';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  name: string;
  summary: string;
  /** Full help text (usage line, options, examples). */
  help: string;
  options: OptionSpecs;
  run(values: OptionValues, io: OpsIo): Promise<number>;
}

export function parseCommandArgs(command: Command, argv: string[]): OptionValues {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return values as OptionValues;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // parseArgs' own message names the option ("Unknown option '--x'"); never a value.
    throw new UsageError(
      error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'bad options',
    );
  }
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
