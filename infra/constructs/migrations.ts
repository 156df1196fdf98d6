/**
 * Applies sql/migrations on every deploy that changes them: a custom
 * resource whose property is a hash of the migration files, served by the
 * migrate handler through the CDK Provider framework.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import {
  CfnResource,
  CustomResource,
  Duration,
  Stack,
  Validations,
  aws_lambda as lambda,
  aws_logs as logs,
  custom_resources as cr,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

import { REPO_ROOT } from './lambda-bundling';
import { PipelineFunction } from './pipeline-function';

export interface MigrationsProps {
  /** Variables that point the handler at the database. */
  readonly environment: Record<string, string>;
  /** @default Architecture.ARM_64 */
  readonly architecture?: lambda.Architecture;
  /** @default ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** A digest of every migration file's name and text, in name order. */
export function migrationsHash(dir = join(REPO_ROOT, 'sql/migrations')) {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex');
}

export class Migrations extends Construct {
  readonly function: lambda.IFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: MigrationsProps) {
    super(scope, id);
    const handler = new PipelineFunction(this, 'Handler', {
      handler: 'migrate',
      timeout: Duration.minutes(10),
      retryAttempts: 0,
      environment: props.environment,
      ...(props.architecture ? { architecture: props.architecture } : {}),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.function = handler.function;

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      }),
    });
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The CDK Provider framework Lambda logs through the basic execution policy.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(
          this.function.node.defaultChild as CfnResource,
        )}.Arn>:*]`,
        reason:
          'The Provider framework may invoke any version of the one migrate function (lambda:InvokeFunction on its ARN and ARN:*).',
      },
    );

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::PulseMigrations',
      properties: { MigrationsHash: migrationsHash() },
    });
  }
}
