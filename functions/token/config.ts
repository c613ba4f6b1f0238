// The handler's configuration, read and validated once from the environment.

import {
  ConfigError,
  configValueShown,
  type Env,
  envChoice,
  envInteger,
  envList,
  envString,
} from '../commons/env.ts';
import { type CorsPolicy, corsPolicy } from '../commons/http/cors.ts';
import {
  compileRoomPattern,
  type RoomPattern,
  RoomPatternError,
} from '../contract/room-pattern.ts';
import { LIMITS } from '../core/index.ts';

export type TokenUse = 'id' | 'access';

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

export const ENV = {
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

function roomPattern(env: Env): RoomPattern | null {
  const source = envString(env, ENV.roomIdPattern);
  if (source === undefined) return null;
  try {
    return compileRoomPattern(source);
  } catch (error) {
    if (!(error instanceof RoomPatternError)) throw error;
    throw new ConfigError(ENV.roomIdPattern, `${error.problem} (got ${configValueShown(source)})`);
  }
}

/** `ZEGO_ALLOWED_TOKEN_USE` (default: id); the local gateway's authorizer applies it too. */
export function readAllowedTokenUse(env: Env): Set<TokenUse> {
  const entries = envList(env, ENV.allowedTokenUse);
  if (entries.length === 0) return new Set(['id']);
  for (const entry of entries) {
    if (entry !== 'id' && entry !== 'access') {
      throw new ConfigError(
        ENV.allowedTokenUse,
        `must list id and/or access, comma-separated (got ${configValueShown(entry)})`,
      );
    }
  }
  return new Set(entries as TokenUse[]);
}

/** Reads every setting; throws a ConfigError naming the first bad variable. */
export function readHandlerConfig(env: Env = process.env): HandlerConfig {
  const maxTtlSeconds = envInteger(env, ENV.maxTtl, {
    defaultValue: 86_400,
    min: LIMITS.minTtlSeconds,
    max: LIMITS.maxTtlSeconds,
  });
  const defaultTtlSeconds = envInteger(env, ENV.defaultTtl, {
    defaultValue: Math.min(3600, maxTtlSeconds),
    min: LIMITS.minTtlSeconds,
    max: maxTtlSeconds,
  });
  const cors = corsPolicy(envList(env, ENV.corsOrigins));
  if ('bad' in cors) {
    throw new ConfigError(
      ENV.corsOrigins,
      `must list origins like https://app.example.com (no path or trailing slash) or * (got ${configValueShown(cors.bad)})`,
    );
  }
  return {
    userIdClaim: envString(env, ENV.userIdClaim) ?? 'sub',
    userIdMaxBytes: Number(envChoice(env, ENV.userIdMaxBytes, ['32', '64'], '32')) as 32 | 64,
    publishGroups: new Set(envList(env, ENV.publishGroups)),
    roomIdPattern: roomPattern(env),
    defaultTtlSeconds,
    maxTtlSeconds,
    allowedClientIds: new Set(envList(env, ENV.allowedClientIds)),
    allowedTokenUse: readAllowedTokenUse(env),
    cors,
    secret: {
      id: envString(env, ENV.secretId),
      cacheSeconds: envInteger(env, ENV.secretCacheSeconds, {
        defaultValue: 300,
        min: 0,
        max: 86_400,
      }),
      maxStaleSeconds: envInteger(env, ENV.secretMaxStaleSeconds, {
        defaultValue: 900,
        min: 0,
        max: 86_400,
      }),
    },
  };
}
