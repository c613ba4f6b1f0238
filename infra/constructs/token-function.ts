import { existsSync } from 'node:fs';
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  Code,
  type FunctionProps,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FUNCTION_ENV, listVariableValue } from '../../functions/contract/env.ts';
import { LIST_SEPARATOR, type ListSetting } from '../../functions/contract/list-syntax.ts';
import { RUNTIME_SOURCE_MAPS_DEFAULT, runtimeNodeFlags } from '../bundling.ts';
import type { LogLevel, TokenPolicyConfig } from '../config.ts';
import { acknowledgeFinding } from './acknowledge.ts';
import { handlerBundleDir } from './handler-bundle-dir.ts';

/**
 * The Lambda runtime the token service targets: nodejs24.x, the current Node.js LTS runtime
 * (bundled for BUNDLE_TARGET to match; local code stays Node 20-compatible).
 */
export const TOKEN_RUNTIME = Runtime.NODEJS_24_X;

export interface TokenFunctionProps
  extends Omit<
    FunctionProps,
    'runtime' | 'architecture' | 'code' | 'logGroup' | 'role' | 'handler'
  > {
  /**
   * The built bundle to deploy (a directory with index.mjs); default the one infra/app.ts builds
   * for the source-map setting (infra/handler-bundle.ts).
   */
  readonly bundleDir?: string;
  readonly logRetention: RetentionDays;
  /** The log group on `cdk destroy`; default RETAIN (an audit trail). */
  readonly logRemovalPolicy?: RemovalPolicy;
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: LogLevel;
  /**
   * Ship a linked source map and run with NODE_OPTIONS=--enable-source-maps. Default
   * RUNTIME_SOURCE_MAPS_DEFAULT (off: ~10 ms less cold init, see infra/bundling.ts).
   */
  readonly sourceMaps?: boolean;
}

/** The secret the function reads, with what its policy and environment need to know. */
export interface ZegoSecretBinding {
  /** Value of FUNCTION_ENV.secretId: the secret's ARN, or its name when imported by name. */
  readonly secretId: string;
  /** The ARN the IAM statement names (for a secret imported by name: name + "-??????"). */
  readonly policyResourceArn: string;
  /** Customer managed key encrypting the secret, if any. */
  readonly encryptionKey?: IKey;
}

/**
 * The token function with the team's Lambda defaults: nodejs24.x on ARM64, the prebuilt minified
 * ESM bundle (runtime source maps only when asked for), its own log group with retention, JSON
 * logs, and a role that may only write to that log group until a binder grants more.
 */
export class TokenFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: TokenFunctionProps) {
    const {
      logRetention,
      logRemovalPolicy = RemovalPolicy.RETAIN,
      serviceName,
      metricsNamespace,
      logLevel,
      sourceMaps = RUNTIME_SOURCE_MAPS_DEFAULT,
      bundleDir = handlerBundleDir(sourceMaps),
      environment,
      ...rest
    } = props;
    if (!existsSync(bundleDir)) {
      throw new Error(`${bundleDir} is missing: build the handler bundle (npm run build:handler)`);
    }
    const nodeOptions = runtimeNodeFlags(sourceMaps).join(' ');
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: logRetention,
      removalPolicy: logRemovalPolicy,
    });
    // A role of our own instead of the AWSLambdaBasicExecutionRole managed policy: it may write
    // to this function's log group only, and binders add exactly what else the code needs.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      memorySize: 256,
      timeout: Duration.seconds(10),
      ...rest,
      runtime: TOKEN_RUNTIME,
      architecture: Architecture.ARM_64,
      code: Code.fromAsset(bundleDir),
      handler: 'index.handler',
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      // Active tracing: the function's own segment (init, invocation, the Secrets Manager call
      // time) joins the API stage's trace instead of ending at the integration.
      tracing: Tracing.ACTIVE,
      environment: {
        ...environment,
        ...(nodeOptions === '' ? {} : { NODE_OPTIONS: nodeOptions }),
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        POWERTOOLS_LOG_LEVEL: logLevel,
      },
    });
    acknowledgeFinding(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions: "*" is the only resource they accept.',
    );
  }

  /**
   * Lets the function read the ZEGO secret: sets FUNCTION_ENV.secretId and allows
   * secretsmanager:GetSecretValue on that secret only (plus kms:Decrypt through Secrets Manager
   * when a customer managed key encrypts it). Nothing else, not even DescribeSecret.
   */
  readZegoSecret(binding: ZegoSecretBinding): this {
    this.addEnvironment(FUNCTION_ENV.secretId, binding.secretId);
    this.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadZegoSecret',
        effect: Effect.ALLOW,
        actions: ['secretsmanager:GetSecretValue'],
        resources: [binding.policyResourceArn],
      }),
    );
    if (binding.encryptionKey !== undefined) {
      this.addToRolePolicy(
        new PolicyStatement({
          sid: 'DecryptZegoSecret',
          effect: Effect.ALLOW,
          actions: ['kms:Decrypt'],
          resources: [binding.encryptionKey.keyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': `secretsmanager.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`,
            },
          },
        }),
      );
    }
    return this;
  }

  /** Passes the token policy (identity claim, groups, rooms, lifetimes, clients) to the code. */
  enforceTokenPolicy(policy: TokenPolicyConfig, allowedClientIds: readonly string[]): this {
    this.setEnv(FUNCTION_ENV.userIdClaim, policy.userIdClaim);
    this.setEnv(FUNCTION_ENV.userIdMaxBytes, String(policy.userIdMaxBytes));
    this.setList(FUNCTION_ENV.publishGroups, 'publishGroups', policy.publishGroups);
    this.setEnv(FUNCTION_ENV.roomIdPattern, policy.roomIdPattern);
    this.setEnv(FUNCTION_ENV.defaultTtl, String(policy.defaultTtlSeconds));
    this.setEnv(FUNCTION_ENV.maxTtl, String(policy.maxTtlSeconds));
    this.setList(FUNCTION_ENV.allowedClientIds, 'allowedClientIds', allowedClientIds);
    // A REST API Cognito authorizer without OAuth scopes accepts ID tokens only.
    this.setList(FUNCTION_ENV.allowedTokenUse, 'allowedTokenUse', ['id']);
    this.setEnv(FUNCTION_ENV.secretCacheSeconds, String(policy.secretCacheSeconds));
    this.setEnv(FUNCTION_ENV.secretMaxStaleSeconds, String(policy.secretMaxStaleSeconds));
    return this;
  }

  /** Lets the function add CORS headers for these origins to its own responses. */
  allowCorsOrigins(origins: readonly string[]): this {
    this.setList(FUNCTION_ENV.corsOrigins, 'corsOrigins', origins);
    return this;
  }

  /** Empty values are left out: unset means "use the documented default" to the handler. */
  private setEnv(name: string, value: string): void {
    if (value !== '') this.addEnvironment(name, value);
  }

  /**
   * A list in the function's list syntax (functions/contract/list-syntax.ts). An item the function
   * would split or refuse throws here, naming the variable; a token (e.g. an imported client ID)
   * is joined as is. Items are checked when the stack reads its context, too.
   */
  private setList(name: string, setting: ListSetting, items: readonly string[]): void {
    const literal = items.filter((item) => !Token.isUnresolved(item));
    listVariableValue(name, setting, literal);
    this.setEnv(name, items.join(LIST_SEPARATOR));
  }
}
