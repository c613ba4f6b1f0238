// The Secrets Manager adapter: SDK clients with timeouts that really fire and few retries, behind
// the cached, single-flight secret source. A fetch after a failure goes through a second client
// making one attempt: the SDK's standard retry strategy reads a client's maxAttempts once, when it
// is built (@smithy/core resolveRetryConfig), so even a provider cannot switch one client's limit.
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { describeSdkError } from '../aws-error.ts';
import {
  cachedSecretSource,
  InvalidSecretValueError,
  type SecretSource,
  type SecretSourceObserver,
} from './secret-source.ts';

export interface SecretsManagerCallLimits {
  /** TCP/TLS connect limit per attempt. */
  connectionTimeoutMs: number;
  /** Limit per attempt from sending the request to the response headers. A body that stalls
   * after the headers is cut off by `totalTimeoutMs`. */
  requestTimeoutMs: number;
  /**
   * Attempts per fetch, the first included (SDK default: 3). A fetch that follows a failed one
   * makes one attempt: the source's back-off is its retry, so a failing Secrets Manager gets at
   * most one call per back-off interval.
   */
  maxAttempts: number;
  /** Hard limit for one fetch with all its attempts and back-off (an abort signal). */
  totalTimeoutMs: number;
}

const DEFAULT_CALL_LIMITS: SecretsManagerCallLimits = {
  connectionTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  maxAttempts: 2,
  totalTimeoutMs: 5000,
};

/**
 * A client built the standard way (region, credentials and AWS_ENDPOINT_URL_SECRETS_MANAGER from
 * the environment) with bounded time per call. `requestTimeout` alone only logs a warning in
 * @smithy/node-http-handler; `throwOnRequestTimeout` makes it fail the attempt.
 */
export function createSecretsManagerClient(
  limits: Partial<SecretsManagerCallLimits> = {},
  config: SecretsManagerClientConfig = {},
): SecretsManagerClient {
  const { connectionTimeoutMs, requestTimeoutMs, maxAttempts } = {
    ...DEFAULT_CALL_LIMITS,
    ...limits,
  };
  return new SecretsManagerClient({
    maxAttempts,
    requestHandler: {
      connectionTimeout: connectionTimeoutMs,
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...config,
  });
}

export interface SecretsManagerSourceOptions {
  /** Secret name or ARN. */
  secretId: string;
  cacheSeconds: number;
  maxStaleSeconds: number;
  retryBackoffSeconds?: number;
  /**
   * Default: createSecretsManagerClient(limits), configured from the environment, whose attempt
   * limit drops to one after a failed fetch. A client given here (tests' mocks) keeps its own
   * attempt limit.
   */
  client?: SecretsManagerClient;
  limits?: Partial<SecretsManagerCallLimits>;
  now?: () => number;
  observer?: SecretSourceObserver;
}

export function secretsManagerSecretSource(options: SecretsManagerSourceOptions): SecretSource {
  const limits = { ...DEFAULT_CALL_LIMITS, ...options.limits };
  const client = options.client ?? createSecretsManagerClient(limits);
  // After a failed fetch the source's back-off is the retry: a client making one attempt, built
  // the first time it is needed (a healthy function never builds it).
  let singleAttempt: SecretsManagerClient | undefined;
  const clientFor = (afterFailure: boolean): SecretsManagerClient => {
    if (!afterFailure || options.client !== undefined) return client;
    singleAttempt ??= createSecretsManagerClient({ ...limits, maxAttempts: 1 });
    return singleAttempt;
  };

  async function load({ afterFailure }: { afterFailure: boolean }): Promise<string> {
    const command = new GetSecretValueCommand({ SecretId: options.secretId });
    const output = await clientFor(afterFailure).send(command, {
      abortSignal: AbortSignal.timeout(limits.totalTimeoutMs),
    });
    if (typeof output.SecretString !== 'string') {
      throw new InvalidSecretValueError([
        'the secret has no SecretString (binary is not supported)',
      ]);
    }
    return output.SecretString;
  }

  return cachedSecretSource({
    load,
    describeError: describeSdkError,
    ttlSeconds: options.cacheSeconds,
    maxStaleSeconds: options.maxStaleSeconds,
    retryBackoffSeconds: options.retryBackoffSeconds,
    loadTimeoutMs: limits.totalTimeoutMs,
    now: options.now,
    observer: options.observer,
  });
}
