// The shape of an operator command and the parsing of its options (functions/commons/argv.ts:
// parseArgs that never echoes an argument), with parse errors turned into usage errors.
import type { ParseArgsConfig } from 'node:util';
import { ArgumentError, parseToolArgs } from '#commons/argv.ts';
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

/** The command's options; a stray argument or an unknown option is named without its text. */
export function parseCommandArgs(command: Command, argv: string[]): OptionValues {
  try {
    const options = { ...command.options, help: { type: 'boolean', short: 'h' } } as const;
    return parseToolArgs(argv, options, { offset: 1 }).values as OptionValues;
  } catch (error) {
    if (error instanceof ArgumentError) throw new UsageError(error.message);
    throw error;
  }
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
