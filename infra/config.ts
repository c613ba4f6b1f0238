// Deploy-time configuration of the token service, read from CDK context (`cdk.json` or
// `-c key=value`). Every key is documented in the README's configuration table. Values given on
// the command line arrive as strings, values in cdk.json keep their JSON type: both are accepted.
// Invalid values fail `cdk synth` with a message naming the key.

import { ConfigError, FUNCTION_SETTINGS, shown } from '../functions/contract/env.ts';
import {
  COGNITO_CLIENT_ID,
  type ListSetting,
  listProblem,
  splitList,
} from '../functions/contract/list-syntax.ts';
import { compileRoomPattern, RoomPatternError } from '../functions/contract/room-pattern.ts';
import { DEFAULT_STACK_NAME } from '../functions/contract/service.ts';
import { RUNTIME_SOURCE_MAPS_DEFAULT } from './bundling.ts';
import { createdPoolClaimProblem } from './user-id-claim.ts';

export type MfaMode = 'off' | 'optional' | 'required';
export type FeaturePlanName = 'lite' | 'essentials' | 'plus';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
/** What `cdk destroy` does with the stack's log groups: keep them (an audit trail) or delete them. */
export type LogRemoval = 'retain' | 'destroy';

/** Create a Cognito user pool and app client, or use existing ones. */
export type UserPoolConfig =
  | {
      readonly kind: 'create';
      readonly selfSignUp: boolean;
      readonly mfa: MfaMode;
      readonly featurePlan: FeaturePlanName;
    }
  | { readonly kind: 'import'; readonly userPoolId: string; readonly userPoolClientId: string };

/** Create the secret that holds `{"appId", "serverSecret"}`, or use an existing one. */
export type SecretConfig =
  | { readonly kind: 'create' }
  | { readonly kind: 'import-arn'; readonly secretArn: string }
  | { readonly kind: 'import-name'; readonly secretName: string };

/** Token policy handed to the function as ZEGO_* environment variables. */
export interface TokenPolicyConfig {
  readonly userIdClaim: string;
  readonly userIdMaxBytes: 32 | 64;
  readonly publishGroups: readonly string[];
  readonly roomIdPattern: string;
  readonly defaultTtlSeconds: number;
  readonly maxTtlSeconds: number;
  /** Empty: only the stack's own app client (created or imported) may call. */
  readonly allowedClientIds: readonly string[];
  readonly secretCacheSeconds: number;
  readonly secretMaxStaleSeconds: number;
}

/**
 * The settings the ZegoTokenService construct takes as props of the same names (its function,
 * token policy and own API), read from context by the stack and from props by the construct.
 */
export interface ServiceSettings {
  readonly policy: TokenPolicyConfig;
  /** Empty: no CORS (server-to-server or native clients only). */
  readonly corsOrigins: readonly string[];
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  readonly wafEnabled: boolean;
  readonly wafRateLimit: number;
  readonly logRetentionDays: number;
  /** The function's and the API's log groups on `cdk destroy` (default: retain). */
  readonly logRemoval: LogRemoval;
  readonly logLevel: LogLevel;
  readonly memorySizeMb: number;
  readonly reservedConcurrency: number | undefined;
  /**
   * Ship a linked source map and run with NODE_OPTIONS=--enable-source-maps (readable stack
   * traces, ~10 ms more cold init). Off by default: infra/bundling.ts.
   */
  readonly sourceMaps: boolean;
  readonly apiGatewayCloudWatchRole: boolean;
  readonly stageName: string;
}

export interface TokenServiceConfig extends ServiceSettings {
  readonly stackName: string;
  readonly userPool: UserPoolConfig;
  readonly secret: SecretConfig;
  /** Customer managed KMS key that encrypts the secret; adds a scoped kms:Decrypt grant. */
  readonly secretKmsKeyArn: string | undefined;
  readonly alarmEmail: string | undefined;
}

/** Lifetime bounds: the function's (functions/contract/env.ts). */
const MIN_TTL_SECONDS = FUNCTION_SETTINGS.maxTtlSeconds.min;
const MAX_TTL_SECONDS = FUNCTION_SETTINGS.maxTtlSeconds.max;

/** Retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

export const CONTEXT_DEFAULTS = {
  stackName: DEFAULT_STACK_NAME,
  selfSignUp: false,
  mfa: 'optional',
  cognitoFeaturePlan: 'essentials',
  userIdClaim: FUNCTION_SETTINGS.userIdClaim.defaultValue,
  userIdMaxBytes: FUNCTION_SETTINGS.userIdMaxBytes.defaultValue,
  defaultTtlSeconds: FUNCTION_SETTINGS.defaultTtlSeconds.defaultValue,
  maxTtlSeconds: FUNCTION_SETTINGS.maxTtlSeconds.defaultValue,
  secretCacheSeconds: FUNCTION_SETTINGS.secretCacheSeconds.defaultValue,
  secretMaxStaleSeconds: FUNCTION_SETTINGS.secretMaxStaleSeconds.defaultValue,
  throttleRateLimit: 50,
  throttleBurstLimit: 100,
  enableWaf: false,
  wafRateLimit: 300,
  logRetentionDays: 30,
  logRemoval: 'retain',
  logLevel: 'INFO',
  memorySize: 256,
  sourceMaps: RUNTIME_SOURCE_MAPS_DEFAULT,
  apiGatewayCloudWatchRole: true,
  stageName: 'prod',
} as const;

/** Every context key this app reads; any other plain key is refused (infra/deploy-options.ts). */
export const CONTEXT_KEYS = [
  'stackName',
  'userPoolId',
  'userPoolClientId',
  'selfSignUp',
  'mfa',
  'cognitoFeaturePlan',
  'secretArn',
  'secretName',
  'secretKmsKeyArn',
  'userIdClaim',
  'userIdMaxBytes',
  'publishGroups',
  'roomIdPattern',
  'defaultTtlSeconds',
  'maxTtlSeconds',
  'allowedClientIds',
  'secretCacheSeconds',
  'secretMaxStaleSeconds',
  'corsOrigins',
  'throttleRateLimit',
  'throttleBurstLimit',
  'enableWaf',
  'wafRateLimit',
  'alarmEmail',
  'logRetentionDays',
  'logRemoval',
  'logLevel',
  'memorySize',
  'reservedConcurrency',
  'sourceMaps',
  'apiGatewayCloudWatchRole',
  'stageName',
  // Deployment options read by infra/deploy-options.ts.
  'stage',
  'apiType',
  'tags',
  'provisionedConcurrency',
] as const;

export type ContextKey = (typeof CONTEXT_KEYS)[number];
export type ContextReader = (key: ContextKey) => unknown;

/** A context key that cannot be used (the one ConfigError, naming the key). */
export function contextError(key: string, problem: string): ConfigError {
  return new ConfigError(key, problem, 'context');
}

export class Reader {
  constructor(private readonly get: ContextReader) {}

  has(key: ContextKey): boolean {
    const raw = this.get(key);
    return raw !== undefined && raw !== null && raw !== '';
  }

  /** Trimmed string; undefined, null and '' count as unset. */
  string(key: ContextKey): string | undefined {
    const raw = this.get(key);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'string') throw contextError(key, `expected a string, got ${shown(raw)}`);
    const value = raw.trim();
    return value === '' ? undefined : value;
  }

  boolean(key: ContextKey, defaultValue: boolean): boolean {
    const raw = this.get(key);
    if (raw === undefined || raw === null || raw === '') return defaultValue;
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    throw contextError(key, `expected true or false, got ${shown(raw)}`);
  }

  integer(key: ContextKey, min: number, max: number): number | undefined {
    const raw = this.get(key);
    if (raw === undefined || raw === null || raw === '') return undefined;
    const value =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^\d+$/.test(raw.trim())
          ? Number(raw)
          : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw contextError(key, `expected an integer from ${min} to ${max}, got ${shown(raw)}`);
    }
    return value;
  }

  choice<T extends string | number>(key: ContextKey, choices: readonly T[], defaultValue: T): T {
    const raw = this.get(key);
    if (raw === undefined || raw === null || raw === '') return defaultValue;
    const found = choices.find((c) => String(c) === String(raw).trim());
    if (found === undefined) {
      throw contextError(key, `expected one of ${choices.join(', ')}, got ${shown(raw)}`);
    }
    return found;
  }

  /**
   * A JSON array of strings (cdk.json, or typed on the command line) or a string in the function's
   * list syntax (command line: comma-separated). Each item is checked with the rule of the function's `setting` and the list
   * syntax (functions/contract/list-syntax.ts): an item the function would split is refused.
   */
  list(key: ContextKey & ListSetting): string[] {
    let raw = this.get(key);
    if (raw === undefined || raw === null) return [];
    // A JSON array typed on the command line is read as one, not split at its commas.
    if (typeof raw === 'string' && /^\s*\[.*\]\s*$/s.test(raw)) {
      try {
        raw = JSON.parse(raw) as unknown;
      } catch {
        throw contextError(key, `expected a JSON array of strings, got ${shown(raw)}`);
      }
    }
    let items: string[];
    if (typeof raw === 'string') items = splitList(raw);
    else if (Array.isArray(raw)) {
      items = raw
        .map((item: unknown) => {
          if (typeof item !== 'string') {
            throw contextError(key, `list items must be strings, got ${shown(item)}`);
          }
          return item.trim();
        })
        .filter((item) => item !== '');
    } else throw contextError(key, `expected a list, got ${shown(raw)}`);
    const bad = listProblem(key, items);
    if (bad !== undefined) throw contextError(key, `${shown(bad.item)} ${bad.problem}`);
    return items;
  }
}

const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
const SECRET_ARN =
  /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;
// CloudFormation's own shape of a key ARN (a key ID is a UUID, or "mrk-" and 32 hex digits for a
// multi-Region key); an alias is refused: IAM grants kms:Decrypt on keys, not on aliases.
const KMS_KEY_ARN =
  /^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[a-f0-9]{32}|[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const STAGE_NAME = /^[A-Za-z0-9_]{1,128}$/;
const CLAIM_NAME = /^[\w:.-]{1,128}$/;

function readUserPool(r: Reader): UserPoolConfig {
  const userPoolId = r.string('userPoolId');
  const userPoolClientId = r.string('userPoolClientId');
  if (userPoolId === undefined) {
    if (userPoolClientId !== undefined) {
      throw contextError('userPoolClientId', 'only valid together with userPoolId');
    }
    return {
      kind: 'create',
      selfSignUp: r.boolean('selfSignUp', CONTEXT_DEFAULTS.selfSignUp),
      mfa: r.choice<MfaMode>('mfa', ['off', 'optional', 'required'], CONTEXT_DEFAULTS.mfa),
      featurePlan: r.choice<FeaturePlanName>(
        'cognitoFeaturePlan',
        ['lite', 'essentials', 'plus'],
        CONTEXT_DEFAULTS.cognitoFeaturePlan,
      ),
    };
  }
  if (!USER_POOL_ID.test(userPoolId)) {
    throw contextError('userPoolId', `not a user pool ID (region_Id): ${shown(userPoolId)}`);
  }
  if (userPoolClientId === undefined) {
    throw contextError('userPoolClientId', 'required when userPoolId is set');
  }
  if (!COGNITO_CLIENT_ID.test(userPoolClientId)) {
    throw contextError('userPoolClientId', `not an app client ID: ${shown(userPoolClientId)}`);
  }
  for (const key of ['selfSignUp', 'mfa', 'cognitoFeaturePlan'] as const) {
    // A setting for a pool this stack does not own would be silently ignored: refuse it.
    if (r.has(key)) throw contextError(key, 'only applies when the stack creates the user pool');
  }
  return { kind: 'import', userPoolId, userPoolClientId };
}

function readSecret(r: Reader): SecretConfig {
  const secretArn = r.string('secretArn');
  const secretName = r.string('secretName');
  if (secretArn !== undefined && secretName !== undefined) {
    throw contextError('secretArn', 'set either secretArn or secretName, not both');
  }
  if (secretArn !== undefined) {
    if (!SECRET_ARN.test(secretArn)) {
      throw contextError(
        'secretArn',
        `expected the complete secret ARN including its 6-character suffix, got ${shown(secretArn)}`,
      );
    }
    return { kind: 'import-arn', secretArn };
  }
  if (secretName !== undefined) {
    if (!SECRET_NAME.test(secretName) || secretName.startsWith('arn:')) {
      throw contextError('secretName', `not a secret name: ${shown(secretName)}`);
    }
    return { kind: 'import-name', secretName };
  }
  return { kind: 'create' };
}

function readPolicy(r: Reader): TokenPolicyConfig {
  const userIdClaim = r.string('userIdClaim') ?? CONTEXT_DEFAULTS.userIdClaim;
  if (!CLAIM_NAME.test(userIdClaim)) {
    throw contextError('userIdClaim', `not a claim name: ${shown(userIdClaim)}`);
  }
  const publishGroups = r.list('publishGroups');
  const roomIdPattern = r.string('roomIdPattern') ?? '';
  if (roomIdPattern !== '') {
    try {
      // Compiled exactly as the function compiles it (RE2 syntax, whole-roomId match).
      compileRoomPattern(roomIdPattern);
    } catch (error) {
      if (!(error instanceof RoomPatternError)) throw error;
      throw contextError('roomIdPattern', `${error.problem}: ${shown(roomIdPattern)}`);
    }
  }
  const maxTtlSeconds =
    r.integer('maxTtlSeconds', MIN_TTL_SECONDS, MAX_TTL_SECONDS) ?? CONTEXT_DEFAULTS.maxTtlSeconds;
  const defaultTtlSeconds =
    r.integer('defaultTtlSeconds', MIN_TTL_SECONDS, MAX_TTL_SECONDS) ??
    Math.min(CONTEXT_DEFAULTS.defaultTtlSeconds, maxTtlSeconds);
  if (defaultTtlSeconds > maxTtlSeconds) {
    throw contextError(
      'defaultTtlSeconds',
      `must not exceed maxTtlSeconds (${defaultTtlSeconds} > ${maxTtlSeconds})`,
    );
  }
  const allowedClientIds = r.list('allowedClientIds');
  const secretCacheSeconds =
    r.integer(
      'secretCacheSeconds',
      FUNCTION_SETTINGS.secretCacheSeconds.min,
      FUNCTION_SETTINGS.secretCacheSeconds.max,
    ) ?? CONTEXT_DEFAULTS.secretCacheSeconds;
  const secretMaxStaleSeconds =
    r.integer(
      'secretMaxStaleSeconds',
      FUNCTION_SETTINGS.secretMaxStaleSeconds.min,
      FUNCTION_SETTINGS.secretMaxStaleSeconds.max,
    ) ?? CONTEXT_DEFAULTS.secretMaxStaleSeconds;
  return {
    userIdClaim,
    userIdMaxBytes: r.choice<32 | 64>(
      'userIdMaxBytes',
      FUNCTION_SETTINGS.userIdMaxBytes.choices,
      CONTEXT_DEFAULTS.userIdMaxBytes,
    ),
    publishGroups,
    roomIdPattern,
    defaultTtlSeconds,
    maxTtlSeconds,
    allowedClientIds,
    secretCacheSeconds,
    secretMaxStaleSeconds,
  };
}

function readCorsOrigins(r: Reader): string[] {
  const origins = r.list('corsOrigins');
  if (origins.includes('*') && origins.length > 1) {
    throw contextError('corsOrigins', '"*" cannot be combined with origins');
  }
  return origins;
}

/**
 * Reads and validates the settings the construct takes (context keys, or the construct's props of
 * the same names), each error naming its key.
 */
export function readServiceSettings(r: Reader): ServiceSettings {
  const stageName = r.string('stageName') ?? CONTEXT_DEFAULTS.stageName;
  if (!STAGE_NAME.test(stageName))
    throw contextError('stageName', `not a stage name: ${shown(stageName)}`);
  const throttleRateLimit =
    r.integer('throttleRateLimit', 1, 10_000) ?? CONTEXT_DEFAULTS.throttleRateLimit;
  const throttleBurstLimit =
    r.integer('throttleBurstLimit', 1, 5_000) ?? CONTEXT_DEFAULTS.throttleBurstLimit;
  return {
    policy: readPolicy(r),
    corsOrigins: readCorsOrigins(r),
    throttleRateLimit,
    throttleBurstLimit,
    wafEnabled: r.boolean('enableWaf', CONTEXT_DEFAULTS.enableWaf),
    wafRateLimit: r.integer('wafRateLimit', 10, 2_000_000_000) ?? CONTEXT_DEFAULTS.wafRateLimit,
    logRetentionDays: r.choice<number>(
      'logRetentionDays',
      LOG_RETENTION_DAYS,
      CONTEXT_DEFAULTS.logRetentionDays,
    ),
    logRemoval: r.choice<LogRemoval>(
      'logRemoval',
      ['retain', 'destroy'],
      CONTEXT_DEFAULTS.logRemoval,
    ),
    logLevel: r.choice<LogLevel>(
      'logLevel',
      ['DEBUG', 'INFO', 'WARN', 'ERROR'],
      CONTEXT_DEFAULTS.logLevel,
    ),
    memorySizeMb: r.integer('memorySize', 128, 10_240) ?? CONTEXT_DEFAULTS.memorySize,
    reservedConcurrency: r.integer('reservedConcurrency', 1, 10_000),
    sourceMaps: r.boolean('sourceMaps', CONTEXT_DEFAULTS.sourceMaps),
    apiGatewayCloudWatchRole: r.boolean(
      'apiGatewayCloudWatchRole',
      CONTEXT_DEFAULTS.apiGatewayCloudWatchRole,
    ),
    stageName,
  };
}

/** Reads and validates the whole configuration of the stack. */
export function readTokenServiceConfig(get: ContextReader): TokenServiceConfig {
  const r = new Reader(get);
  const stackName = r.string('stackName') ?? CONTEXT_DEFAULTS.stackName;
  if (!STACK_NAME.test(stackName))
    throw contextError('stackName', `not a stack name: ${shown(stackName)}`);

  const secretKmsKeyArn = r.string('secretKmsKeyArn');
  if (secretKmsKeyArn !== undefined && !KMS_KEY_ARN.test(secretKmsKeyArn)) {
    throw contextError(
      'secretKmsKeyArn',
      `expected a KMS key ARN like arn:aws:kms:<region>:<account>:key/<key ID> (a UUID, or mrk- and 32 hex digits; not an alias), got ${shown(secretKmsKeyArn)}`,
    );
  }

  const alarmEmail = r.string('alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw contextError('alarmEmail', `not an e-mail address: ${shown(alarmEmail)}`);
  }

  const userPool = readUserPool(r);
  const settings = readServiceSettings(r);
  const claim = settings.policy.userIdClaim;
  const claimProblem = userPool.kind === 'create' ? createdPoolClaimProblem(claim) : undefined;
  if (claimProblem !== undefined) {
    throw contextError('userIdClaim', `${shown(claim)}: ${claimProblem}`);
  }

  return {
    ...settings,
    stackName,
    userPool,
    secret: readSecret(r),
    secretKmsKeyArn,
    alarmEmail,
  };
}
