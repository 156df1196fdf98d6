/**
 * A pipeline handler run on a schedule: an EventBridge rule (not the
 * Scheduler, which LocalStack does not fire) with retries and a dead-letter
 * queue on its target, the same queue for invocations that fail every
 * Lambda retry, and alarms on errors and on dead letters.
 */
import {
  Duration,
  aws_cloudwatch as cloudwatch,
  aws_events as events,
  aws_events_targets as targets,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

import { rateExpression, type Schedule } from '../../src/schedule';
import type { HandlerName } from './lambda-bundling';
import { PipelineFunction } from './pipeline-function';

export interface ScheduledFunctionProps {
  /** Which handler in lambdas/ runs. */
  readonly handler: HandlerName;
  /** How often, from src/schedule.ts. */
  readonly schedule: Schedule;
  /**
   * Longest run. @default the schedule's interval less 10 s, so a run ends
   * before the next one starts
   */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Architecture.ARM_64 */
  readonly architecture?: lambda.Architecture;
  /** @default {} */
  readonly environment?: Record<string, string>;
  /** @default ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Retries, by EventBridge and by Lambda. @default 2 */
  readonly retryAttempts?: number;
  /** Oldest event still worth running. @default Duration.hours(1) */
  readonly maxEventAge?: Duration;
  /** Whether the rule fires. @default true */
  readonly enabled?: boolean;
  /** Period of the error alarm. @default 5 minutes */
  readonly alarmPeriod?: Duration;
}

export class ScheduledFunction extends Construct {
  readonly function: lambda.IFunction;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly deadLettersAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ScheduledFunctionProps) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 2;
    const maxEventAge = props.maxEventAge ?? Duration.hours(1);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    const timeout =
      props.timeout ??
      Duration.seconds(Math.min(900, props.schedule.everyMinutes * 60 - 10));
    const pipelineFunction = new PipelineFunction(this, 'Handler', {
      handler: props.handler,
      timeout,
      retryAttempts,
      maxEventAge,
      deadLetterQueue: this.deadLetterQueue,
      ...(props.memorySize ? { memorySize: props.memorySize } : {}),
      ...(props.architecture ? { architecture: props.architecture } : {}),
      ...(props.environment ? { environment: props.environment } : {}),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.function = pipelineFunction.function;

    this.rule = new events.Rule(this, 'Rule', {
      schedule: events.Schedule.expression(rateExpression(props.schedule)),
      description: props.schedule.description,
      enabled: props.enabled ?? true,
      targets: [
        new targets.LambdaFunction(this.function, {
          retryAttempts,
          maxEventAge,
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    const period = props.alarmPeriod ?? Duration.minutes(5);
    this.errorsAlarm = this.function
      .metricErrors({ period, statistic: cloudwatch.Stats.SUM })
      .createAlarm(this, 'ErrorsAlarm', {
        alarmDescription: `${id} Lambda threw (each failure is retried, then dead-lettered)`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator:
          cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.deadLettersAlarm = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({
        period,
        statistic: cloudwatch.Stats.MAXIMUM,
      })
      .createAlarm(this, 'DeadLettersAlarm', {
        alarmDescription: `${id} has invocations that failed every retry`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator:
          cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
  }
}
