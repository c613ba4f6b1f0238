// The function's own CloudWatch metrics (Powertools EMF, names from functions/commons/observability.ts)
// and the API metrics both API flavours offer, for the alarms and the dashboard.
import type { Metric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { Metric as CloudWatchMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { METRIC } from '../../functions/contract/service.ts';

/** What a REST API Stage and an HTTP API HttpStage both offer. */
export interface ApiStageMetrics {
  metricCount(props?: MetricOptions): Metric;
  metricServerError(props?: MetricOptions): Metric;
  metricClientError(props?: MetricOptions): Metric;
  metricLatency(props?: MetricOptions): Metric;
}

/** Namespace and `service` dimension the function publishes under (its POWERTOOLS_* settings). */
export interface TokenMetricSource {
  readonly namespace: string;
  readonly serviceName: string;
}

/** A metric the handler emits with the `service` dimension only (all but RequestsRefused). */
export function serviceMetric(
  source: TokenMetricSource,
  name: Exclude<keyof typeof METRIC, 'requestsRefused'>,
  options: MetricOptions = {},
): Metric {
  return new CloudWatchMetric({
    namespace: source.namespace,
    metricName: METRIC[name],
    dimensionsMap: { service: source.serviceName },
    ...options,
  });
}

/** CloudWatch SEARCH for RequestsRefused, one series per `code` dimension value. */
export function refusalsByCodeSearch(source: TokenMetricSource, periodSeconds: number): string {
  return (
    `SEARCH('{${source.namespace},code,service} MetricName="${METRIC.requestsRefused}" ` +
    `service="${source.serviceName}"', 'Sum', ${periodSeconds})`
  );
}
