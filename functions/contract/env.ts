// The function's configuration contract: every environment variable name, with its default and
// bounds, written once. The handler reads these names (functions/token/config.ts), the CDK stack
// sets them (infra/constructs/token-function.ts) from context keys with the same defaults
// (infra/config.ts), and the local server passes them through (functions/local/).
// Also the one ConfigError and the typed readers every configuration source uses.
import { LIMITS } from '#core';
import {
  LIST_SEPARATOR,
  type ListSetting,
  listProblem,
  splitList,
  type TOKEN_USES,
} from './list-syntax.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** The variables the token function reads, by setting. */
export const FUNCTION_ENV = {
  secretId: 'ZEGO_SECRET_ID',
  userIdClaim: 'ZEGO_USER_ID_CLAIM',
  userIdMaxBytes: 'ZEGO_USER_ID_MAX_BYTES',
  publishGroups: 'ZEGO_PUBLISH_GROUPS',
  roomIdPattern: 'ZEGO_ROOM_ID_PATTERN',
  defaultTtl: 'ZEGO_DEFAULT_TTL_SECONDS',
  maxTtl: 'ZEGO_MAX_TTL_SECONDS',
  allowedClientIds: 'ZEGO_ALLOWED_CLIENT_IDS',
  allowedTokenUse: 'ZEGO_ALLOWED_TOKEN_USE',
  secretCacheSeconds: 'ZEGO_SECRET_CACHE_SECONDS',
  secretMaxStaleSeconds: 'ZEGO_SECRET_MAX_STALE_SECONDS',
  corsOrigins: 'ZEGO_CORS_ORIGINS',
} as const;

/** Variables of the tools around the function (local server, CLIs); never set on the function. */
export const TOOL_ENV = {
  /** The ZEGO AppID for the CLI, the operator commands and the local server. */
  appId: 'ZEGO_APP_ID',
  /** The ServerSecret for the CLI and the local server (never handed to the function's env). */
  serverSecret: 'ZEGO_SERVER_SECRET',
  /** `npm start` shows the emulator's log on its console. */
  localDebug: 'ZEGO_LOCAL_DEBUG',
  /** Where `npm start` keeps its state file (tests). */
  localStateDir: 'ZEGO_LOCAL_STATE_DIR',
  /** The emulator's temporary folder (read by functions/local/emulator-guard.cjs). */
  emulatorWorkDir: 'ZEGO_EMULATOR_WORKDIR',
  /** Marker `ops rotate` sets on the function to start fresh execution environments. */
  secretRefreshedAt: 'ZEGO_SECRET_REFRESHED_AT',
} as const;

export type TokenUse = (typeof TOKEN_USES)[number];

/** Defaults and bounds of the function's settings (the stack's context keys use the same). */
export const FUNCTION_SETTINGS = {
  userIdClaim: { defaultValue: 'sub' },
  userIdMaxBytes: { defaultValue: 32, choices: [32, 64] },
  /** Lifetimes: ZEGO's own limits (the token core's LIMITS). */
  maxTtlSeconds: {
    defaultValue: 86_400,
    min: LIMITS.minTtlSeconds,
    max: LIMITS.maxTtlSeconds,
  },
  /** Default: 3600, or maxTtlSeconds when that is lower. */
  defaultTtlSeconds: {
    defaultValue: 3600,
    min: LIMITS.minTtlSeconds,
    max: LIMITS.maxTtlSeconds,
  },
  allowedTokenUse: { defaultValue: ['id'] },
  secretCacheSeconds: { defaultValue: 300, min: 0, max: 86_400 },
  secretMaxStaleSeconds: { defaultValue: 900, min: 0, max: 86_400 },
} as const;

/** Where a setting comes from: the function's environment, CDK context, or a construct prop. */
export type SettingOrigin = 'environment' | 'context' | 'prop';

/**
 * A setting that cannot be used, naming it: an environment variable (message "NAME problem"), a
 * CDK context key (message `Invalid context "key": problem`) or a prop of the ZegoTokenService
 * construct (message `Invalid ZegoTokenService prop "name": problem`).
 */
export class ConfigError extends Error {
  readonly setting: string;
  readonly origin: SettingOrigin;
  /** What is wrong with it, without the setting's name. */
  readonly problem: string;

  constructor(setting: string, problem: string, origin: SettingOrigin = 'environment') {
    super(
      origin === 'context'
        ? `Invalid context "${setting}": ${problem}`
        : origin === 'prop'
          ? `Invalid ZegoTokenService prop "${setting}": ${problem}`
          : `${setting} ${problem}`,
    );
    this.name = 'ConfigError';
    this.setting = setting;
    this.origin = origin;
    this.problem = problem;
  }

  /** The environment variable at fault. */
  get variable(): string {
    return this.setting;
  }

  /** The context key at fault. */
  get key(): string {
    return this.setting;
  }
}

/** Quotes a configured value for an error message, shortened so a log line stays readable. */
export function shown(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

// Typed readers. Each throws a ConfigError naming the variable, so a misconfigured function says
// exactly what to fix. An empty value counts as unset.

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

/** A list (functions/contract/list-syntax.ts): comma-separated, blanks and empty items dropped. */
export function envList(env: Env, name: string): string[] {
  const raw = envString(env, name);
  return raw === undefined ? [] : splitList(raw);
}

/** A list variable of the function, every item checked against its setting's rule. */
export function envListOf(env: Env, name: string, setting: ListSetting): string[] {
  const items = envList(env, name);
  const bad = listProblem(setting, items);
  if (bad !== undefined) throw new ConfigError(name, `item ${shown(bad.item)} ${bad.problem}`);
  return items;
}

/**
 * The value a list variable of the function is set to (the stack's binders): a ConfigError naming
 * the variable when an item cannot be carried, instead of a value the function would split.
 */
export function listVariableValue(
  name: string,
  setting: ListSetting,
  items: readonly string[],
): string {
  const bad = listProblem(setting, items);
  if (bad !== undefined)
    throw new ConfigError(name, `cannot carry ${shown(bad.item)}: it ${bad.problem}`);
  return items.join(LIST_SEPARATOR);
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

/** Whether a flag-like variable is on (1, true, yes). */
export function envFlag(env: Env, name: string): boolean {
  const value = envString(env, name)?.toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}
