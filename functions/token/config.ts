// The handler's configuration, read and validated once from the environment.

import { type CorsPolicy, corsPolicy } from '#commons/http/cors.ts';
import {
  ConfigError,
  FUNCTION_ENV as ENV,
  type Env,
  envChoice,
  envInteger,
  envListOf,
  envString,
  FUNCTION_SETTINGS as SETTINGS,
  shown,
  type TokenUse,
} from '#contract/env.ts';
import type { RoomPattern } from '#contract/room-pattern.ts';

export interface HandlerConfig {
  /** Claim the ZEGO userId comes from (`sub` has its hyphens removed). */
  userIdClaim: string;
  userIdMaxBytes: 32 | 64;
  /** Cognito groups whose members may publish; empty: every signed-in user may. */
  publishGroups: ReadonlySet<string>;
  /** Pattern (RE2 syntax, linear time) the whole roomId must match; null: any valid roomId. */
  roomIdPattern: RoomPattern | null;
  defaultTtlSeconds: number;
  maxTtlSeconds: number;
  /** App client IDs (aud / client_id) allowed to call; empty: any. */
  allowedClientIds: ReadonlySet<string>;
  allowedTokenUse: ReadonlySet<TokenUse>;
  cors: CorsPolicy;
  secret: {
    /** Secrets Manager name or ARN; required by the Lambda entry, not by the local server. */
    id: string | undefined;
    cacheSeconds: number;
    maxStaleSeconds: number;
  };
}

// The pattern engine (re2js, ~150 KiB) is imported only when a pattern is set: in the Lambda
// bundle it is a chunk of its own, so a function without a pattern never parses it at init.
async function roomPattern(env: Env): Promise<RoomPattern | null> {
  const source = envString(env, ENV.roomIdPattern);
  if (source === undefined) return null;
  const { compileRoomPattern, RoomPatternError } = await import('#contract/room-pattern.ts');
  try {
    return compileRoomPattern(source);
  } catch (error) {
    if (!(error instanceof RoomPatternError)) throw error;
    throw new ConfigError(ENV.roomIdPattern, `${error.problem} (got ${shown(source)})`);
  }
}

/** `ZEGO_ALLOWED_TOKEN_USE` (default: id); the local gateway's authorizer applies it too. */
export function readAllowedTokenUse(env: Env): Set<TokenUse> {
  const entries = envListOf(env, ENV.allowedTokenUse, 'allowedTokenUse') as TokenUse[];
  return new Set(entries.length === 0 ? SETTINGS.allowedTokenUse.defaultValue : entries);
}

/** Reads every setting; rejects with a ConfigError naming the first bad variable. */
export async function readHandlerConfig(env: Env = process.env): Promise<HandlerConfig> {
  const maxTtlSeconds = envInteger(env, ENV.maxTtl, SETTINGS.maxTtlSeconds);
  const defaultTtlSeconds = envInteger(env, ENV.defaultTtl, {
    defaultValue: Math.min(SETTINGS.defaultTtlSeconds.defaultValue, maxTtlSeconds),
    min: SETTINGS.defaultTtlSeconds.min,
    max: maxTtlSeconds,
  });
  // Every list is checked item by item (functions/contract/list-syntax.ts): an item the function
  // cannot represent stops it here, naming the variable, rather than letting it act on a part.
  const cors = corsPolicy(envListOf(env, ENV.corsOrigins, 'corsOrigins'));
  return {
    userIdClaim: envString(env, ENV.userIdClaim) ?? SETTINGS.userIdClaim.defaultValue,
    userIdMaxBytes: Number(
      envChoice(
        env,
        ENV.userIdMaxBytes,
        SETTINGS.userIdMaxBytes.choices.map(String),
        String(SETTINGS.userIdMaxBytes.defaultValue),
      ),
    ) as 32 | 64,
    publishGroups: new Set(envListOf(env, ENV.publishGroups, 'publishGroups')),
    roomIdPattern: await roomPattern(env),
    defaultTtlSeconds,
    maxTtlSeconds,
    allowedClientIds: new Set(envListOf(env, ENV.allowedClientIds, 'allowedClientIds')),
    allowedTokenUse: readAllowedTokenUse(env),
    cors,
    secret: {
      id: envString(env, ENV.secretId),
      cacheSeconds: envInteger(env, ENV.secretCacheSeconds, SETTINGS.secretCacheSeconds),
      maxStaleSeconds: envInteger(env, ENV.secretMaxStaleSeconds, SETTINGS.secretMaxStaleSeconds),
    },
  };
}
