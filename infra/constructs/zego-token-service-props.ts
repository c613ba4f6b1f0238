// The ZegoTokenService construct's props, and their validation: the settings the stack reads from
// CDK context are read from props of the same names by the same code (infra/config.ts), and every
// mistake throws at synth naming the prop.
import type { IResource, IRestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigError, shown } from '../../functions/contract/env.ts';
import {
  type ContextKey,
  type LogLevel,
  type LogRemoval,
  Reader,
  readServiceSettings,
  type ServiceSettings,
} from '../config.ts';
import { provisionedConcurrencyProblem, readApiOptions } from '../deploy-options.ts';

export interface ZegoTokenServiceProps {
  /** The Cognito user pool whose ID tokens the service accepts. */
  readonly userPool: IUserPool;
  /** The app clients allowed to call (the ID token's `aud`). At least one. */
  readonly userPoolClients: readonly IUserPoolClient[];

  /**
   * Add `POST /token` to this REST API, behind a Cognito user pools authorizer for `userPool`.
   * Its stage, other routes and gateway responses are left as they are. Default: none (the
   * construct creates its own API, see `apiType`).
   */
  readonly restApi?: IRestApi;
  /** With `restApi`: the resource `/token` is added under. Default: the API's root. */
  readonly parentResource?: IResource;
  /**
   * With `restApi`: also answer the API's gateway errors (401, 403, 400 validation, 429, 4XX,
   * 5XX...) as problem+json. API-wide: every route of that API. Default false.
   */
  readonly problemGatewayResponses?: boolean;
  /**
   * Add `POST /token` to this HTTP API, behind a JWT authorizer for `userPool` and
   * `userPoolClients`. Default: none.
   */
  readonly httpApi?: IHttpApi;
  /** Without `restApi` and `httpApi`: the API the construct creates. Default 'rest'. */
  readonly apiType?: 'rest' | 'http';

  /**
   * The secret holding `{"appId": <number>, "serverSecret": "<32 characters>"}`. Default: a new
   * secret with a placeholder value (appId 0), retained when the stack is deleted.
   */
  readonly secret?: ISecret;
  /**
   * The customer managed KMS key encrypting the secret: the function may decrypt with it through
   * Secrets Manager only. Default: the secret's own `encryptionKey`, if any.
   */
  readonly secretEncryptionKey?: IKey;

  /** The ID-token claim the ZEGO userId comes from. Default 'sub'. */
  readonly userIdClaim?: string;
  /** Longest userId in bytes, 32 or 64. Default 32. */
  readonly userIdMaxBytes?: 32 | 64;
  /** Cognito groups whose members may publish streams. Default: any signed-in user may publish. */
  readonly publishGroups?: readonly string[];
  /** RE2 pattern every roomId must match as a whole. Default: any roomId. */
  readonly roomIdPattern?: string;
  /** Token lifetime when the request asks for none, in seconds. Default 3600 (capped by max). */
  readonly defaultTtlSeconds?: number;
  /** Longest token lifetime a request may ask for, in seconds. Default 86400. */
  readonly maxTtlSeconds?: number;
  /** How long the function caches the secret, in seconds. Default 300. */
  readonly secretCacheSeconds?: number;
  /** How long a cached secret may still serve when Secrets Manager fails, in seconds. Default 900. */
  readonly secretMaxStaleSeconds?: number;
  /** Browser origins allowed to call (CORS), or ['*']. Default: none (no CORS). */
  readonly corsOrigins?: readonly string[];

  /** The function's memory in MB. Default 256. */
  readonly memorySize?: number;
  /** The function's reserved concurrency. Default: none. */
  readonly reservedConcurrency?: number;
  /** Provisioned concurrency of a `live` alias the API invokes (no cold starts). Default: none. */
  readonly provisionedConcurrency?: number;
  /** Retention of the function's log group (and of the own API's access logs), in days. Default 30. */
  readonly logRetentionDays?: number;
  /**
   * On `cdk destroy`, 'retain' (an audit trail of who was issued tokens, until its retention runs
   * out) or 'destroy' the function's log group (and the own API's access logs). Default 'retain'.
   */
  readonly logRemoval?: LogRemoval;
  /** The function's log level. Default 'INFO'. */
  readonly logLevel?: LogLevel;
  /** Deploy the bundle with source maps and --enable-source-maps (~10 ms more cold start). */
  readonly sourceMaps?: boolean;
  /** The `service` dimension of the function's metrics and logs. Default 'zego-token-service'. */
  readonly serviceName?: string;

  /** Own API only: its name. Default: the API's construct ID (REST), the stack's name (HTTP). */
  readonly apiName?: string;
  /** Own API only: the stage name. Default 'prod'. */
  readonly stageName?: string;
  /** Own API only: steady-state requests per second of the stage. Default 50. */
  readonly throttleRateLimit?: number;
  /** Own API only: burst of the stage. Default 100. */
  readonly throttleBurstLimit?: number;
  /** Own REST API only: create the account's API Gateway CloudWatch logging role. Default true. */
  readonly apiGatewayCloudWatchRole?: boolean;
  /** Own REST API only: a WAF web ACL with a per-IP rate-based rule. Default false. */
  readonly enableWaf?: boolean;
  /** Own REST API only: requests per IP per 5 minutes before WAF blocks it. Default 300. */
  readonly wafRateLimit?: number;
}

/** Which API `POST /token` goes on. */
export type ApiTarget =
  | { readonly kind: 'own-rest' }
  | { readonly kind: 'own-http' }
  | { readonly kind: 'rest'; readonly restApi: IRestApi }
  | { readonly kind: 'http'; readonly httpApi: IHttpApi };

export interface ResolvedProps extends ServiceSettings {
  readonly target: ApiTarget;
  readonly provisionedConcurrency: number | undefined;
  readonly serviceName: string | undefined;
  readonly apiName: string | undefined;
}

/** Props that shape an API the construct creates; refused on a team's API. */
const OWN_API_PROPS = [
  'apiType',
  'apiName',
  'stageName',
  'throttleRateLimit',
  'throttleBurstLimit',
  'apiGatewayCloudWatchRole',
  'enableWaf',
  'wafRateLimit',
] as const;
/** Props of the own REST API that an HTTP API has no equivalent for. */
const REST_ONLY_PROPS = ['apiGatewayCloudWatchRole', 'enableWaf', 'wafRateLimit'] as const;

const SERVICE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
const API_NAME_PATTERN = /^[^\s].{0,127}$/;

function propError(prop: string, problem: string): ConfigError {
  return new ConfigError(prop, problem, 'prop');
}

function apiTarget(props: ZegoTokenServiceProps, apiType: 'rest' | 'http'): ApiTarget {
  const given = props as unknown as Record<string, unknown>;
  if (props.restApi !== undefined && props.httpApi !== undefined) {
    throw propError('httpApi', 'set either restApi or httpApi, not both');
  }
  for (const prop of ['parentResource', 'problemGatewayResponses'] as const) {
    if (props.restApi === undefined && props[prop] !== undefined) {
      throw propError(prop, 'only applies with restApi');
    }
  }
  if (props.restApi !== undefined || props.httpApi !== undefined) {
    for (const prop of OWN_API_PROPS) {
      if (given[prop] !== undefined) {
        throw propError(prop, 'only applies to an API the construct creates (no restApi/httpApi)');
      }
    }
    return props.restApi !== undefined
      ? { kind: 'rest', restApi: props.restApi }
      : { kind: 'http', httpApi: props.httpApi as IHttpApi };
  }
  if (apiType === 'http') {
    for (const prop of REST_ONLY_PROPS) {
      if (given[prop] !== undefined) throw propError(prop, "only applies with apiType 'rest'");
    }
    return { kind: 'own-http' };
  }
  return { kind: 'own-rest' };
}

/** Validates the props as the stack validates its context keys; throws naming the prop. */
export function resolveProps(props: ZegoTokenServiceProps): ResolvedProps {
  const given = props as unknown as Record<string, unknown>;
  if (!Array.isArray(props.userPoolClients) || props.userPoolClients.length === 0) {
    throw propError('userPoolClients', 'needs at least one app client');
  }
  const r = new Reader((key: ContextKey) => given[key]);
  let settings: ServiceSettings;
  let apiOptions: ReturnType<typeof readApiOptions>;
  try {
    settings = readServiceSettings(r);
    apiOptions = readApiOptions(r);
  } catch (error) {
    // The same checks as the context keys of the same names, reported as props.
    if (error instanceof ConfigError) throw propError(error.setting, error.problem);
    throw error;
  }
  const { apiType, provisionedConcurrency } = apiOptions;
  const problem = provisionedConcurrencyProblem(
    provisionedConcurrency,
    settings.reservedConcurrency,
  );
  if (problem !== undefined) throw propError('provisionedConcurrency', problem);
  const { serviceName, apiName } = props;
  if (serviceName !== undefined && !SERVICE_NAME_PATTERN.test(String(serviceName))) {
    throw propError(
      'serviceName',
      `expected 1-128 letters, digits, _ . or -, got ${shown(serviceName)}`,
    );
  }
  if (apiName !== undefined && !API_NAME_PATTERN.test(String(apiName))) {
    throw propError('apiName', `expected 1-128 characters, got ${shown(apiName)}`);
  }
  return {
    ...settings,
    target: apiTarget(props, apiType),
    provisionedConcurrency,
    serviceName,
    apiName,
  };
}
