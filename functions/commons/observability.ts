// Logger and metrics as the team sets them up (Powertools for AWS Lambda), and the secret
// source's events turned into log lines and EMF metrics.
import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Env } from '#contract/env.ts';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '#contract/service.ts';
import type { SecretSourceObserver } from './secrets/secret-source.ts';

/**
 * Powertools Logger; the service name from `env`, the log level from POWERTOOLS_LOG_LEVEL
 * (Powertools reads that from process.env) unless `silent` turns logging off.
 */
export function createLogger(env: Env = process.env, options: { silent?: boolean } = {}): Logger {
  return new Logger({
    serviceName: env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME,
    ...(options.silent ? { logLevel: 'SILENT' as const } : {}),
  });
}

/** Powertools Metrics that can say whether it publishes (Powertools keeps that protected). */
export class ServiceMetrics extends Metrics {
  get publishing(): boolean {
    return !this.isDisabled();
  }
}

/** Powertools Metrics (EMF on stdout); POWERTOOLS_METRICS_NAMESPACE and the service name apply. */
export function createMetrics(env: Env = process.env): ServiceMetrics {
  return new ServiceMetrics({
    namespace: env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
    serviceName: env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME,
  });
}

/**
 * Logs and counts the secret source's events. Metrics go out as single-metric EMF documents
 * at once, so they never pick up a request's `code` dimension.
 */
export function secretSourceObserver(logger: Logger, metrics: Metrics): SecretSourceObserver {
  return {
    loaded({ durationMs }) {
      logger.info('secret loaded', { durationMs });
    },
    refreshFailed({ kind, problem, servingStale, durationMs }) {
      const fields = { secretProblem: problem, kind, servingStale, durationMs };
      if (servingStale) logger.warn('secret refresh failed; serving the last good value', fields);
      else logger.error('secret refresh failed; no usable value', fields);
      metrics.singleMetric().addMetric(METRIC.secretFetchErrors, MetricUnit.Count, 1);
      if (servingStale) {
        metrics.singleMetric().addMetric(METRIC.secretServedStale, MetricUnit.Count, 1);
      }
    },
  };
}

/**
 * Writes a request's log line with the invocation's stored metrics embedded as its EMF block:
 * CloudWatch reads metrics from any JSON log event that carries `_aws`, so one write per
 * request replaces two (the write and Powertools' per-line work were ~15 % of a warm
 * invocation). Where the line would not be written (log level above it) or the metrics object
 * cannot say whether it publishes, the metrics go out as their own EMF document as usual.
 */
export function logWithMetrics(
  logger: Logger,
  metrics: Metrics,
  level: 'info' | 'error',
  message: string,
  fields: Record<string, unknown>,
): void {
  const lineWritten = logger.level <= LogLevelThreshold[level === 'info' ? 'INFO' : 'ERROR'];
  if (!(metrics instanceof ServiceMetrics) || !lineWritten) {
    metrics.publishStoredMetrics();
    logger[level](message, fields);
    return;
  }
  // `service` is a key the logger writes itself (and refuses from callers); both are built with
  // the same service name (createLogger/createMetrics), so the line's value is the dimension's.
  const document: Record<string, unknown> = metrics.publishing ? metrics.serializeMetrics() : {};
  const { service: _sameService, ...emf } = document;
  metrics.clearMetrics();
  metrics.clearDimensions();
  metrics.clearMetadata();
  logger[level](message, { ...fields, ...emf });
}
