import { Duration } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  type IWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  type ApiStageMetrics,
  refusalsByCodeSearch,
  serviceMetric,
  type TokenMetricSource,
} from './token-metrics.ts';

export interface TokenDashboardProps {
  readonly dashboardName: string;
  readonly stage: ApiStageMetrics;
  readonly handler: IFunction;
  readonly functionLogGroup: ILogGroup;
  readonly metrics: TokenMetricSource;
  /** Adds the provisioned-concurrency widget (the `live` alias's spillover and utilisation). */
  readonly provisionedAlias?: IFunction;
}

/**
 * One dashboard for the service: what it issues and refuses (the function's own EMF metrics),
 * the secret's health, API latency and errors, and Lambda's errors, throttles, duration and cold
 * starts. The handler emits no cold-start metric: cold starts are counted from the function's
 * platform.report log records (JSON log format), which carry initDurationMs on a cold start only.
 */
export class TokenDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: TokenDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(1);
    const sum = { period, statistic: 'Sum' };
    const { stage, handler, metrics } = props;

    const widgets: IWidget[][] = [
      [
        new TextWidget({
          markdown:
            '# ZEGO token service\nPOST /token: tokens issued and refused (by `code`), secret ' +
            'health, latency, errors. Alarms: see the stack. Reference: docs/deploy.md',
          width: 24,
          height: 2,
        }),
      ],
      [
        new GraphWidget({
          title: 'Tokens issued',
          left: [serviceMetric(metrics, 'tokensIssued', sum)],
          width: 8,
        }),
        new GraphWidget({
          title: 'Refusals by code',
          left: [
            new MathExpression({
              expression: refusalsByCodeSearch(metrics, period.toSeconds()),
              label: '',
              period,
            }),
          ],
          width: 8,
        }),
        new GraphWidget({
          title: 'Secret fetch errors and stale serves',
          left: [
            serviceMetric(metrics, 'secretFetchErrors', sum),
            serviceMetric(metrics, 'secretServedStale', sum),
          ],
          width: 8,
        }),
      ],
      [
        new GraphWidget({
          title: 'API latency p50 / p99 (ms)',
          left: [
            stage.metricLatency({ period, statistic: 'p50', label: 'p50' }),
            stage.metricLatency({ period, statistic: 'p99', label: 'p99' }),
          ],
          width: 8,
        }),
        new GraphWidget({
          title: 'API requests, 4xx, 5xx',
          left: [stage.metricCount(sum)],
          right: [stage.metricClientError(sum), stage.metricServerError(sum)],
          width: 8,
        }),
        new GraphWidget({
          title: 'Lambda errors and throttles',
          left: [handler.metricErrors(sum), handler.metricThrottles(sum)],
          width: 8,
        }),
      ],
      [
        new GraphWidget({
          title: 'Lambda duration p50 / p99 (ms)',
          left: [
            handler.metricDuration({ period, statistic: 'p50', label: 'p50' }),
            handler.metricDuration({ period, statistic: 'p99', label: 'p99' }),
          ],
          width: 8,
        }),
        new LogQueryWidget({
          title: 'Cold starts (count, init ms) from platform.report',
          logGroupNames: [props.functionLogGroup.logGroupName],
          view: LogQueryVisualizationType.LINE,
          queryLines: [
            'filter type = "platform.report" and ispresent(record.metrics.initDurationMs)',
            'stats count(*) as coldStarts, avg(record.metrics.initDurationMs) as avgInitMs, ' +
              'max(record.metrics.initDurationMs) as maxInitMs by bin(5m)',
          ],
          width: 8,
        }),
        new GraphWidget({
          title: 'Concurrent executions',
          left: [handler.metric('ConcurrentExecutions', { period, statistic: 'Maximum' })],
          width: 8,
        }),
      ],
    ];
    if (props.provisionedAlias !== undefined) {
      const alias = props.provisionedAlias;
      widgets.push([
        new GraphWidget({
          title: 'Provisioned concurrency: spillover (cold) invocations and utilisation',
          left: [alias.metric('ProvisionedConcurrencySpilloverInvocations', sum)],
          right: [
            alias.metric('ProvisionedConcurrencyUtilization', { period, statistic: 'Maximum' }),
          ],
          width: 24,
        }),
      ]);
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      widgets,
    });
  }
}
