// Configuration of the local run (`npm start`), read from the environment. Each problem is a
// ConfigError naming the variable; no message ever contains ZEGO_SERVER_SECRET.
import { randomBytes, randomInt } from 'node:crypto';
import {
  ConfigError,
  type Env,
  envInteger,
  envListOf,
  envString,
  TOOL_ENV,
  type TokenUse,
} from '#contract/env.ts';
import { isTokenError, serverCredentials } from '#core';
import { readAllowedTokenUse } from '#token/config.ts';

const DEFAULT_PORT = 3000;
export const LOOPBACK_HOST = '127.0.0.1';

/** A real Cognito user pool to trust instead of the emulator. */
export interface TrustedPoolConfig {
  issuer: string;
  jwksUri: string;
  clientIds: string[];
  userPoolId?: string;
  region?: string;
}

export interface LocalSecret {
  appId: number;
  serverSecret: string;
  /** true: generated for this run (dev-only, may be shown); false: from the environment. */
  generated: boolean;
}

const POOL_ID = /^(([a-z]{2}(?:-gov)?-[a-z]+-\d+)_[0-9A-Za-z]+)$/;
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([^/]+)$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `PORT` (default 3000; 0 = any free port). */
export function readPort(env: Env): number {
  return envInteger(env, 'PORT', { defaultValue: DEFAULT_PORT, min: 0, max: 65_535 });
}

/**
 * Real-pool mode: `COGNITO_ISSUER`, or `COGNITO_USER_POOL_ID` (region from the pool ID, else
 * `AWS_REGION`), plus `COGNITO_CLIENT_ID` (comma-separated app client IDs). Optional
 * `COGNITO_JWKS_URI`. Returns undefined when none of them is set (emulator mode).
 */
export function readTrustedPool(env: Env): TrustedPoolConfig | undefined {
  const issuerRaw = envString(env, 'COGNITO_ISSUER');
  const poolIdRaw = envString(env, 'COGNITO_USER_POOL_ID');
  const clientIds = envListOf(env, 'COGNITO_CLIENT_ID', 'allowedClientIds');
  const jwksRaw = envString(env, 'COGNITO_JWKS_URI');

  if (!issuerRaw && !poolIdRaw) {
    if (clientIds.length > 0 || jwksRaw) {
      throw new ConfigError(
        'COGNITO_ISSUER',
        'or COGNITO_USER_POOL_ID must be set when COGNITO_CLIENT_ID / COGNITO_JWKS_URI is set',
      );
    }
    return undefined;
  }
  if (clientIds.length === 0) {
    throw new ConfigError(
      'COGNITO_CLIENT_ID',
      'must name the app client ID(s) whose tokens are accepted (comma-separated)',
    );
  }

  let userPoolId: string | undefined;
  let region: string | undefined;
  if (poolIdRaw) {
    const m = POOL_ID.exec(poolIdRaw);
    if (!m) {
      throw new ConfigError(
        'COGNITO_USER_POOL_ID',
        'must look like <region>_<id>, e.g. eu-west-1_AbCdEf123',
      );
    }
    userPoolId = m[1];
    region = m[2];
    const envRegion = envString(env, 'AWS_REGION');
    if (envRegion && envRegion !== region) {
      throw new ConfigError(
        'AWS_REGION',
        `(${envRegion}) does not match the region of COGNITO_USER_POOL_ID (${region})`,
      );
    }
  }

  let issuer: string;
  if (issuerRaw) {
    issuer = parseIssuer(issuerRaw);
    const m = COGNITO_ISSUER.exec(issuer);
    if (m && userPoolId && m[2] !== userPoolId) {
      throw new ConfigError('COGNITO_ISSUER', 'names another user pool than COGNITO_USER_POOL_ID');
    }
    if (m) {
      region ??= m[1];
      userPoolId ??= m[2];
    }
  } else {
    issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  }

  const jwksUri = jwksRaw
    ? parseUrl('COGNITO_JWKS_URI', jwksRaw)
    : `${issuer}/.well-known/jwks.json`;
  return {
    issuer,
    jwksUri,
    clientIds,
    ...(userPoolId ? { userPoolId } : {}),
    ...(region ? { region } : {}),
  };
}

function parseIssuer(raw: string): string {
  return parseUrl('COGNITO_ISSUER', raw).replace(/\/+$/, '');
}

/** https anywhere; plain http only on loopback (e.g. a cognito-local you run yourself). */
function parseUrl(variable: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, 'must be an absolute URL');
  }
  const ok =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!ok || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(variable, 'must be an https:// URL (http:// only on loopback)');
  }
  return raw;
}

/** `ZEGO_ALLOWED_TOKEN_USE`, read as the handler reads it: the gateway applies it too. */
export function readTokenUse(env: Env): TokenUse[] {
  return [...readAllowedTokenUse(env)];
}

/**
 * `ZEGO_APP_ID` + `ZEGO_SERVER_SECRET` when set (both or neither), else a generated dev-only
 * AppID and 32-hex-char secret for this run.
 */
export function readLocalSecret(env: Env): LocalSecret {
  const appIdRaw = envString(env, TOOL_ENV.appId);
  const secretRaw = env[TOOL_ENV.serverSecret];
  const hasSecret = secretRaw !== undefined && secretRaw !== '';
  if (!appIdRaw && !hasSecret) {
    return {
      appId: randomInt(1_000_000_000, 4_294_967_295),
      serverSecret: randomBytes(16).toString('hex'),
      generated: true,
    };
  }
  if (!appIdRaw) throw new ConfigError(TOOL_ENV.appId, `must be set with ${TOOL_ENV.serverSecret}`);
  if (!hasSecret)
    throw new ConfigError(TOOL_ENV.serverSecret, `must be set with ${TOOL_ENV.appId}`);
  const appId = /^\d{1,10}$/.test(appIdRaw) ? Number(appIdRaw) : Number.NaN;
  try {
    const credentials = serverCredentials(appId, secretRaw);
    return { ...credentials, generated: false };
  } catch (error) {
    if (isTokenError(error) && error.code === 'invalid_app_id') {
      throw new ConfigError(TOOL_ENV.appId, 'must be an integer from 1 to 4294967295');
    }
    throw new ConfigError(TOOL_ENV.serverSecret, 'must be exactly 32 printable ASCII characters');
  }
}
