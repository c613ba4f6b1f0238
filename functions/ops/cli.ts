// The operator command line: `npm run ops -- <command> [options]`, help for each command, and
// one place that turns failures into exit codes (0 ok, 1 failed, 2 usage, 130 cancelled).
import { shownName } from '#commons/argv.ts';
import { type Command, parseCommandArgs } from './command.ts';
import { createUserCommand } from './commands/create-user.ts';
import { putSecretCommand } from './commands/put-secret.ts';
import { rotateCommand } from './commands/rotate.ts';
import { smokeCommand } from './commands/smoke.ts';
import { statusCommand } from './commands/status.ts';
import { failureText, OpsError, type OpsIo, UsageError } from './io.ts';

export const COMMANDS: readonly Command[] = [
  putSecretCommand,
  statusCommand,
  createUserCommand,
  smokeCommand,
  rotateCommand,
];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: npm run ops -- <command> [options]

Commands:
${lines.join('\n')}

Run \`npm run ops -- <command> --help\` (or \`help <command>\`) for its options.
AWS credentials and region come from the usual places (AWS_PROFILE, AWS_REGION, …).
Exit codes: 0 ok, 1 failed (or not ready), 2 usage error, 130 cancelled.`;
}

export async function runOps(argv: string[], io: OpsIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === 'help') {
    const target = COMMANDS.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && target === undefined) {
      io.stderr(`ops: unknown command ${shownName(2, rest[0])}\n${usage()}\n`);
      return 2;
    }
    io.stdout(`${target ? target.help : usage()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`ops: unknown command ${shownName(1, name)}\n${usage()}\n`);
    return 2;
  }
  try {
    const values = parseCommandArgs(command, rest);
    if (values.help) {
      io.stdout(`${command.help}\n`);
      return 0;
    }
    return await command.run(values, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(
        `ops ${command.name}: ${error.message}\n(see: npm run ops -- ${command.name} --help)\n`,
      );
      return 2;
    }
    if (error instanceof OpsError) {
      io.stderr(`ops ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`ops ${command.name}: ${failureText(error)}\n`);
    return 1;
  }
}
