// What `npm run invoke` adds to the tools' command-line parsing (functions/commons/argv.ts, which
// never echoes an argument): its usage error, and `KEY=VALUE` options whose values are never
// quoted back either.

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
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
