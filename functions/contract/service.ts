// The service's names: its service name, default stack name, and what the function reports
// under which metric names, so the dashboard and alarms the stack builds
// (infra/constructs/token-metrics.ts) read exactly what the handler writes.

/** The service name (Powertools' service dimension, the stack's service tag). */
export const SERVICE_NAME = 'zego-token-service';

/** The CloudFormation stack name when none is configured (context key stackName). */
export const DEFAULT_STACK_NAME = 'ZegoTokenService';

/**
 * The alias the API invokes when the stack has provisioned concurrency (-c provisionedConcurrency):
 * `ops rotate` publishes a version and moves it, so the provisioned environments start afresh.
 */
export const LIVE_ALIAS = 'live';

/** The CloudWatch namespace of the function's EMF metrics. */
export const METRICS_NAMESPACE = 'ZegoTokenService';

export const METRIC = {
  /** One per 200 answer. */
  tokensIssued: 'TokensIssued',
  /** One per error answer, with a `code` dimension. */
  requestsRefused: 'RequestsRefused',
  /** One per failed secret fetch or unusable secret value. */
  secretFetchErrors: 'SecretFetchErrors',
  /** One per failed refresh answered from the last good value. */
  secretServedStale: 'SecretServedStale',
} as const;
