/**
 * The pipeline on AWS: the generator every minute and the transform every
 * five minutes (src/schedule.ts), writing to Aurora Serverless v2 through
 * the Data API, or, in external-database mode (LocalStack), to any Postgres
 * whose URL is kept in Secrets Manager.
 */
import {
  CfnOutput,
  Duration,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_secretsmanager as secretsmanager,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';

import { SCHEDULES } from '../../src/schedule';
import {
  METRICS_NAMESPACE,
  METRIC_NAMES,
  PIPELINE_DIMENSION,
} from '../../lambdas/support/metrics';
import {
  AuroraDatabase,
  type AuroraDatabaseProps,
} from '../constructs/aurora-database';
import { Migrations } from '../constructs/migrations';
import { DEFAULT_DATABASE_SECRET_NAME } from '../defaults';
import { ScheduledFunction } from '../constructs/scheduled-function';

export type DatabaseMode = 'aurora' | 'external';

export interface PipelineStackProps extends StackProps {
  /**
   * 'aurora': a Serverless v2 cluster reached through the Data API.
   * 'external': no RDS; the Lambdas read a Postgres URL from Secrets
   * Manager (for LocalStack, which has no RDS). @default 'aurora'
   */
  readonly databaseMode?: DatabaseMode;
  /**
   * External mode: name of the existing secret holding the Postgres URL.
   * Its value never enters the template. @default 'pulse/database-url'
   */
  readonly databaseSecretName?: string;
  /** Aurora mode: the cluster's settings. @default safe defaults */
  readonly aurora?: AuroraDatabaseProps;
  /** @default Architecture.ARM_64 ('aurora'), X86_64 ('external') */
  readonly architecture?: lambda.Architecture;
  /** Retention of every log group. @default ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Retries of a failed scheduled run. @default 2 */
  readonly retryAttempts?: number;
  /** Whether the schedules fire once deployed. @default true */
  readonly schedulesEnabled?: boolean;
  /**
   * Name of an existing Secrets Manager secret with the DQ alert channels
   * (JSON with ALERT_WEBHOOK_URL, SLACK_WEBHOOK_URL, TELEGRAM_BOT_TOKEN,
   * TELEGRAM_CHAT_ID); only the transform may read it.
   * @default none: DQ alerts only as the CloudWatch alarm
   */
  readonly alertSecretName?: string;
  /** Generator events per day (PIPELINE_EVENTS_PER_DAY). @default the generator's */
  readonly eventsPerDay?: number;
}

interface DatabaseAccess {
  readonly database?: AuroraDatabase;
  readonly databaseEnv: Record<string, string>;
  readonly grantDatabase: (fn: lambda.IFunction) => void;
}

export class PipelineStack extends Stack {
  readonly generator: ScheduledFunction;
  readonly transform: ScheduledFunction;
  readonly migrations: Migrations;
  readonly database?: AuroraDatabase;
  readonly dqAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PipelineStackProps = {}) {
    super(scope, id, props);
    const mode = props.databaseMode ?? 'aurora';
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const architecture =
      props.architecture ??
      (mode === 'aurora'
        ? lambda.Architecture.ARM_64
        : lambda.Architecture.X86_64);

    const { database, databaseEnv, grantDatabase } = this.connectDatabase(
      mode,
      props,
      logRetention,
    );
    this.database = database;

    const environment = {
      ...databaseEnv,
      LOG_LEVEL: 'info',
      PIPELINE_NAME: this.stackName,
      ...(props.eventsPerDay !== undefined
        ? { PIPELINE_EVENTS_PER_DAY: String(props.eventsPerDay) }
        : {}),
    };
    const common = {
      environment,
      architecture,
      logRetention,
      enabled: props.schedulesEnabled ?? true,
      ...(props.retryAttempts !== undefined
        ? { retryAttempts: props.retryAttempts }
        : {}),
    };

    this.migrations = new Migrations(this, 'Migrations', {
      environment: databaseEnv,
      architecture,
      logRetention,
    });
    grantDatabase(this.migrations.function);
    if (this.database) {
      this.migrations.resource.node.addDependency(this.database.cluster);
    }

    this.generator = new ScheduledFunction(this, 'Generator', {
      handler: 'generator',
      schedule: SCHEDULES.generator,
      ...common,
    });
    const alertSecret = props.alertSecretName
      ? secretsmanager.Secret.fromSecretNameV2(
          this,
          'AlertChannels',
          props.alertSecretName,
        )
      : undefined;
    this.transform = new ScheduledFunction(this, 'Transform', {
      handler: 'transform',
      schedule: SCHEDULES.transform,
      // The transform runs many statements; at 1 GB it gets a fuller vCPU.
      memorySize: 1024,
      ...common,
      environment: {
        ...environment,
        ...(props.alertSecretName
          ? { ALERT_SECRET_ARN: props.alertSecretName }
          : {}),
      },
    });
    alertSecret?.grantRead(this.transform.function);
    for (const scheduled of [this.generator, this.transform]) {
      grantDatabase(scheduled.function);
      // No run before the tables exist.
      scheduled.rule.node.addDependency(this.migrations.resource);
    }

    this.dqAlarm = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: METRIC_NAMES.dqFailed,
      dimensionsMap: { [PIPELINE_DIMENSION]: this.stackName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(SCHEDULES.transform.everyMinutes * 2),
    }).createAlarm(this, 'DqFailingAlarm', {
      alarmDescription:
        'The data-quality status failed (dq.status_snapshots.overall_pass = false); see the Data Quality dashboard',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator:
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.addOutputs();
  }

  /** The database, and what a Lambda needs to reach it. */
  private connectDatabase(
    mode: DatabaseMode,
    props: PipelineStackProps,
    logRetention: logs.RetentionDays,
  ): DatabaseAccess {
    if (mode === 'aurora') {
      const database = new AuroraDatabase(this, 'Database', {
        logRetention,
        ...props.aurora,
      });
      return {
        database,
        databaseEnv: {
          DB_CLUSTER_ARN: database.cluster.clusterArn,
          DB_SECRET_ARN: database.cluster.secret!.secretArn,
          DB_NAME: database.databaseName,
        },
        grantDatabase: (fn) => database.grantDataApiAccess(fn),
      };
    }
    const secretName = props.databaseSecretName ?? DEFAULT_DATABASE_SECRET_NAME;
    const secret = secretsmanager.Secret.fromSecretNameV2(
      this,
      'DatabaseUrl',
      secretName,
    );
    return {
      // The name, not the partial ARN fromSecretNameV2 knows: GetSecretValue
      // resolves a name the same way on AWS and on LocalStack.
      databaseEnv: { DATABASE_SECRET_ARN: secretName },
      grantDatabase: (fn) => secret.grantRead(fn),
    };
  }

  private addOutputs(): void {
    new CfnOutput(this, 'GeneratorFunctionName', {
      value: this.generator.function.functionName,
    });
    new CfnOutput(this, 'TransformFunctionName', {
      value: this.transform.function.functionName,
    });
    new CfnOutput(this, 'GeneratorDeadLetterQueueUrl', {
      value: this.generator.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'TransformDeadLetterQueueUrl', {
      value: this.transform.deadLetterQueue.queueUrl,
    });
    if (!this.database) return;
    const { cluster } = this.database;
    new CfnOutput(this, 'ClusterEndpoint', {
      description: 'Host for Redash or psql inside the VPC',
      value: cluster.clusterEndpoint.hostname,
    });
    new CfnOutput(this, 'ClusterPort', {
      value: cluster.clusterEndpoint.port.toString(),
    });
    new CfnOutput(this, 'ClusterSecurityGroupId', {
      description: 'Allow ingress on the port from the Redash task',
      value: cluster.connections.securityGroups[0]!.securityGroupId,
    });
    new CfnOutput(this, 'ClusterArn', { value: cluster.clusterArn });
    new CfnOutput(this, 'ClusterSecretArn', {
      description: 'ARN only; the password stays in Secrets Manager',
      value: cluster.secret!.secretArn,
    });
    new CfnOutput(this, 'DatabaseName', {
      value: this.database.databaseName,
    });
  }
}
