import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { type ApiStageMetrics, serviceMetric, type TokenMetricSource } from './token-metrics.ts';

/** p99 latency of POST /token at the API above which the latency alarm fires. */
export const LATENCY_P99_ALARM_MS = 1000;
/** Share of 5xx answers (percent of requests) above which the 5xx-rate alarm fires. */
export const SERVER_ERROR_RATE_ALARM_PERCENT = 1;

export interface TokenAlarmsProps {
  readonly stage: ApiStageMetrics;
  readonly handler: IFunction;
  /** Where the function's own metrics (EMF) are. */
  readonly metrics: TokenMetricSource;
  /** When set, alarms notify this address through an SNS topic. */
  readonly email?: string;
}

/**
 * Alarms on what a token service must not do: answer 5xx, fail inside the function, be
 * throttled by Lambda, or fail to fetch its secret (any occurrence in a 5-minute period); and on
 * what it must not become: a 5xx rate over 1 % or a p99 latency over 1 s (2 of 3 periods).
 */
export class TokenAlarms extends Construct {
  readonly alarms: Alarm[];
  readonly topic: Topic | undefined;

  constructor(scope: Construct, id: string, props: TokenAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const watch = (name: string, description: string, metric: IMetric): Alarm =>
      new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });

    this.alarms = [
      watch(
        'Api5xx',
        'POST /token answered 5xx (secret unavailable, function error or gateway failure)',
        props.stage.metricServerError({ period, statistic: 'Sum' }),
      ),
      watch(
        'FunctionErrors',
        'The token function failed (unhandled error or timeout)',
        props.handler.metricErrors({ period, statistic: 'Sum' }),
      ),
      watch(
        'FunctionThrottles',
        'Lambda throttled the token function (concurrency limit reached)',
        props.handler.metricThrottles({ period, statistic: 'Sum' }),
      ),
      watch(
        'SecretFetchErrors',
        'The function could not fetch or use the ZEGO secret (SecretFetchErrors metric)',
        serviceMetric(props.metrics, 'secretFetchErrors', { period, statistic: 'Sum' }),
      ),
      new Alarm(this, 'Api5xxRate', {
        alarmDescription: `More than ${SERVER_ERROR_RATE_ALARM_PERCENT} % of POST /token answers were 5xx`,
        metric: new MathExpression({
          expression: 'IF(requests > 0, 100 * errors / requests, 0)',
          usingMetrics: {
            errors: props.stage.metricServerError({ period, statistic: 'Sum' }),
            requests: props.stage.metricCount({ period, statistic: 'Sum' }),
          },
          label: '5xx rate (%)',
          period,
        }),
        threshold: SERVER_ERROR_RATE_ALARM_PERCENT,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'LatencyP99', {
        alarmDescription: `p99 latency of POST /token above ${LATENCY_P99_ALARM_MS} ms`,
        metric: props.stage.metricLatency({ period, statistic: 'p99' }),
        threshold: LATENCY_P99_ALARM_MS,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];

    if (props.email !== undefined) {
      this.topic = new Topic(this, 'Topic', {
        displayName: 'ZEGO token service alarms',
        enforceSSL: true,
      });
      this.topic.addSubscription(new EmailSubscription(props.email));
      const action = new SnsAction(this.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}
