import { Duration } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface TokenAlarmsProps {
  readonly stage: Stage;
  readonly handler: IFunction;
  /** When set, alarms notify this address through an SNS topic. */
  readonly email?: string;
}

/**
 * Alarms on what a token service must not do: answer 5xx, fail inside the function, or be
 * throttled by Lambda. Any occurrence in a 5-minute period raises the alarm.
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
