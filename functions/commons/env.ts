// Typed readers for environment variables. Each throws a ConfigError that names the variable,
// so a misconfigured function says exactly what to fix. An empty value counts as unset.

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/** Quotes a configured value for an error message, shortened so a log line stays readable. */
function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

export function envString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function envInteger(
  env: Env,
  name: string,
  options: { defaultValue: number; min: number; max: number },
): number {
  const raw = envString(env, name);
  if (raw === undefined) return options.defaultValue;
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= options.min && value <= options.max)) {
    throw new ConfigError(
      name,
      `must be an integer from ${options.min} to ${options.max} (got ${shown(raw)})`,
    );
  }
  return value;
}

/** Comma-separated list; blanks around items and empty items are dropped. */
export function envList(env: Env, name: string): string[] {
  const raw = envString(env, name);
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function envChoice<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
  defaultValue: T,
): T {
  const raw = envString(env, name);
  if (raw === undefined) return defaultValue;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${choices.join(', ')} (got ${shown(raw)})`);
  }
  return raw as T;
}

export function configValueShown(value: string): string {
  return shown(value);
}
