/**
 * The stack in its AWS shape (Aurora through the Data API), asserted on the
 * synthesized template. One synth with real bundling for the whole file.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';

import { PipelineStack } from '../../infra/stacks/pipeline-stack';
import {
  acknowledgments,
  nagFindings,
  nagFindingsIgnoringAcknowledgments,
  synthPipeline,
  type Synthesized,
} from './synth';

const MiB = 1024 * 1024;

type Resource = {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
};

describe('the pipeline stack on AWS (Aurora + Data API)', () => {
  let synth: Synthesized;
  let resources: Record<string, Resource>;

  const ofType = (type: string) =>
    Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    synth.stack.getLogicalId(
      construct.node.defaultChild as Parameters<
        PipelineStack['getLogicalId']
      >[0],
    );
  const pipelineFunctions = () =>
    ofType('AWS::Lambda::Function').filter(
      ([, fn]) => fn.Properties?.Runtime === 'nodejs22.x',
    );

  beforeAll(() => {
    synth = synthPipeline();
    resources = synth.template.toJSON().Resources as Record<string, Resource>;
  });

  test('Aurora PostgreSQL 16 Serverless v2 has the Data API and a generated secret', () => {
    synth.template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^16\\.'),
      EnableHttpEndpoint: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 2 },
      StorageEncrypted: true,
      DatabaseName: 'pulse',
      EnableCloudwatchLogsExports: ['postgresql'],
      MasterUsername: 'pulse_admin',
    });
    synth.template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.serverless',
      Engine: 'aurora-postgresql',
    });
    synth.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'password',
      }),
    });
  });

  test('by default the cluster, its secret and its network are retained and it is protected from deletion', () => {
    const [[, cluster]] = ofType('AWS::RDS::DBCluster') as [[string, Resource]];
    expect(cluster.Properties?.DeletionProtection).toBe(true);
    for (const type of [
      'AWS::RDS::DBCluster',
      'AWS::RDS::DBInstance',
      'AWS::SecretsManager::Secret',
      'AWS::EC2::VPC',
      'AWS::EC2::Subnet',
      'AWS::EC2::SecurityGroup',
    ]) {
      for (const [id, resource] of ofType(type)) {
        expect([
          id,
          resource.DeletionPolicy,
          resource.UpdateReplacePolicy,
        ]).toEqual([id, 'Retain', 'Retain']);
      }
    }
  });

  test('no NAT gateway and no internet route: isolated subnets only', () => {
    synth.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    synth.template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    synth.template.resourceCountIs('AWS::EC2::EIP', 0);
    const subnets = ofType('AWS::EC2::Subnet');
    expect(subnets).toHaveLength(2);
    for (const [, subnet] of subnets) {
      expect(subnet.Properties?.MapPublicIpOnLaunch).toBe(false);
    }
    const routes = ofType('AWS::EC2::Route');
    expect(routes).toEqual([]);
  });

  test('three Node.js 22 functions, outside the VPC, on arm64, ESM bundles', () => {
    const functions = pipelineFunctions();
    expect(functions).toHaveLength(3);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Handler: 'index.handler',
        Architectures: ['arm64'],
      });
      expect(fn.Properties).not.toHaveProperty('VpcConfig');
    }
  });

  test('the Lambdas find the cluster through DB_CLUSTER_ARN, DB_SECRET_ARN, DB_NAME', () => {
    const clusterId = logicalId(synth.stack.database!.cluster);
    const secretAttachment = ofType(
      'AWS::SecretsManager::SecretTargetAttachment',
    )[0]![0];
    for (const [, fn] of pipelineFunctions()) {
      const variables = (
        fn.Properties?.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect(variables).toMatchObject({
        DB_NAME: 'pulse',
        DB_SECRET_ARN: { Ref: secretAttachment },
        DB_CLUSTER_ARN: {
          'Fn::Join': [
            '',
            expect.arrayContaining([
              expect.stringContaining(':cluster:'),
              { Ref: clusterId },
            ]),
          ],
        },
      });
      expect(variables).not.toHaveProperty('DATABASE_URL');
    }
  });

  test('EventBridge rules run the generator every minute and the transform every 5 minutes', () => {
    const rules = ofType('AWS::Events::Rule').map(
      ([, rule]) => rule.Properties as Record<string, unknown>,
    );
    expect(rules.map((rule) => rule.ScheduleExpression).sort()).toEqual([
      'rate(1 minute)',
      'rate(5 minutes)',
    ]);
    synth.template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    for (const rule of rules) expect(rule.State).toBe('ENABLED');
  });

  test('each rule target retries and dead-letters into an SQS queue', () => {
    for (const scheduled of [synth.stack.generator, synth.stack.transform]) {
      const queueId = logicalId(scheduled.deadLetterQueue);
      const functionId = logicalId(scheduled.function);
      synth.template.hasResourceProperties('AWS::Events::Rule', {
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
            RetryPolicy: {
              MaximumRetryAttempts: 2,
              MaximumEventAgeInSeconds: 3600,
            },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
          }),
        ],
      });
      synth.template.hasResourceProperties('AWS::Lambda::Function', {
        DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      });
      synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionId },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
      });
    }
    synth.template.resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 },
      2,
    );
  });

  test('a run times out before the next one is due', () => {
    const timeouts = Object.fromEntries(
      [synth.stack.generator, synth.stack.transform].map((scheduled) => [
        scheduled.node.id,
        resources[logicalId(scheduled.function)]!.Properties?.Timeout,
      ]),
    );
    expect(timeouts).toEqual({ Generator: 50, Transform: 290 });
  });

  test('alarms watch Lambda errors, dead letters and the DQ status metric', () => {
    for (const scheduled of [synth.stack.generator, synth.stack.transform]) {
      synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          {
            Name: 'FunctionName',
            Value: { Ref: logicalId(scheduled.function) },
          },
        ],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: {
              'Fn::GetAtt': [logicalId(scheduled.deadLetterQueue), 'QueueName'],
            },
          },
        ],
      });
    }
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'PulsePipeline',
      MetricName: 'DqFailed',
      Dimensions: [{ Name: 'Pipeline', Value: 'PulsePipeline' }],
      Statistic: 'Maximum',
      Period: 600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    synth.template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  });

  test('every function logs to its own group with a one-month retention', () => {
    for (const [, fn] of pipelineFunctions()) {
      const group = (
        fn.Properties?.LoggingConfig as { LogGroup: { Ref: string } }
      ).LogGroup.Ref;
      expect(resources[group]?.Properties?.RetentionInDays).toBe(30);
    }
  });

  test('least privilege: only Data API calls, the cluster secret and the own queue', () => {
    const allowed = new Set([
      'rds-data:BatchExecuteStatement',
      'rds-data:BeginTransaction',
      'rds-data:CommitTransaction',
      'rds-data:ExecuteStatement',
      'rds-data:RollbackTransaction',
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
      'sqs:SendMessage',
    ]);
    const roles = new Set(
      pipelineFunctions().map(
        ([, fn]) =>
          (fn.Properties?.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
      ),
    );
    const policies = ofType('AWS::IAM::Policy').filter(([, policy]) =>
      (policy.Properties?.Roles as { Ref: string }[]).some((role) =>
        roles.has(role.Ref),
      ),
    );
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      const statements = (
        policy.Properties?.PolicyDocument as {
          Statement: { Action: string | string[]; Resource: unknown }[];
        }
      ).Statement;
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect(actions.filter((action) => !allowed.has(action))).toEqual([]);
      expect(actions).toContain('rds-data:ExecuteStatement');
      expect(actions).toContain('secretsmanager:GetSecretValue');
      for (const statement of statements) {
        expect(statement.Resource).not.toEqual('*');
      }
    }
  });

  test('migrations run on deploy, after the cluster, before the schedules', () => {
    const migrationsId = logicalId(synth.stack.migrations.resource);
    const migrations = resources[migrationsId]!;
    expect(migrations.Type).toBe('Custom::PulseMigrations');
    expect(migrations.Properties?.MigrationsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(migrations.DependsOn).toEqual(
      expect.arrayContaining([logicalId(synth.stack.database!.cluster)]),
    );
    for (const [, rule] of ofType('AWS::Events::Rule')) {
      expect(rule.DependsOn).toEqual(expect.arrayContaining([migrationsId]));
    }
  });

  test('outputs tell a Redash container where the cluster is', () => {
    const outputs = synth.template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ClusterEndpoint',
        'ClusterPort',
        'ClusterSecurityGroupId',
        'ClusterArn',
        'ClusterSecretArn',
      ]),
    );
    synth.template.hasOutput('ClusterPort', {
      Value: {
        'Fn::GetAtt': [
          logicalId(synth.stack.database!.cluster),
          'Endpoint.Port',
        ],
      },
    });
  });

  test('no secret value is in the template', () => {
    const text = JSON.stringify(synth.template.toJSON());
    expect(text).not.toMatch(/"SecretString"\s*:/);
    expect(text).not.toMatch(/postgres(ql)?:\/\//);
    expect(text).not.toMatch(/"MasterUserPassword":"(?!\{\{resolve)/);
    const cluster = ofType('AWS::RDS::DBCluster')[0]![1];
    expect(JSON.stringify(cluster.Properties?.MasterUserPassword)).toContain(
      '{{resolve:secretsmanager:',
    );
  });

  test('every function bundle carries its own copy of sql/', () => {
    const assetOf = (fn: { node: { defaultChild?: unknown } }) =>
      join(
        synth.outdir,
        resources[logicalId(fn as never)]!.Metadata![
          'aws:asset:path'
        ] as string,
      );
    const migrations = readdirSync(
      new URL('../../sql/migrations', import.meta.url),
    ).filter((file) => file.endsWith('.sql'));
    const generatorSql = readdirSync(
      new URL('../../sql/generator', import.meta.url),
    );
    for (const fn of [
      synth.stack.generator.function,
      synth.stack.transform.function,
      synth.stack.migrations.function,
    ]) {
      expect(readdirSync(join(assetOf(fn), 'sql/migrations')).sort()).toEqual(
        migrations.sort(),
      );
      expect(readdirSync(join(assetOf(fn), 'sql/generator')).sort()).toEqual(
        generatorSql.sort(),
      );
    }
    const size = (fn: { node: { defaultChild?: unknown } }) =>
      statSync(join(assetOf(fn), 'index.mjs')).size;
    expect(size(synth.stack.transform.function)).toBeLessThan(MiB);
    expect(size(synth.stack.generator.function)).toBeLessThan(3 * MiB);
  });

  test('cdk-nag AwsSolutions finds nothing left unacknowledged', () => {
    expect(nagFindings(synth.app, synth.stack)).toEqual([]);
  });

  test('every acknowledgment has a reason and silences a real finding', () => {
    const raw = nagFindingsIgnoringAcknowledgments(synth.app, synth.stack);
    const acks = acknowledgments(synth.stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.length).toBeGreaterThan(30);
      const silenced = raw.filter(
        (finding) =>
          finding.rule === ack.rule &&
          (finding.path === ack.path ||
            finding.path.startsWith(`${ack.path}/`)),
      );
      expect({ ...ack, silenced: silenced.length > 0 }).toEqual({
        ...ack,
        silenced: true,
      });
    }
  });
});

describe('the Aurora settings are props', () => {
  test('a disposable cluster: destroy on removal, no deletion protection, scale to zero', () => {
    const { template } = synthPipeline(
      {
        aurora: {
          removalPolicy: RemovalPolicy.DESTROY,
          deletionProtection: false,
          minCapacity: 0,
          maxCapacity: 4,
        },
      },
      { bundle: false },
    );
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        DeletionProtection: false,
        ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4 },
      }),
    });
  });

  test('a capacity range that cannot work is refused with the allowed values', () => {
    expect(() =>
      synthPipeline(
        { aurora: { minCapacity: 4, maxCapacity: 2 } },
        { bundle: false },
      ),
    ).toThrow(/minCapacity >= 0 and maxCapacity >= max\(minCapacity, 1\)/);
  });

  test('with -c alertSecretName only the transform gets and may read the alert secret', () => {
    const withAlerts = synthPipeline(
      { alertSecretName: 'prod/pulse-alerts' },
      { bundle: false },
    );
    const all = withAlerts.template.toJSON().Resources as Record<
      string,
      Resource
    >;
    const transformId = withAlerts.stack.getLogicalId(
      withAlerts.stack.transform.function.node.defaultChild as never,
    );
    const functions = Object.entries(all).filter(
      ([, r]) =>
        r.Type === 'AWS::Lambda::Function' &&
        r.Properties?.Runtime === 'nodejs22.x',
    );
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const [id, fn] of functions) {
      const variables =
        (fn.Properties?.Environment as { Variables?: Record<string, unknown> })
          ?.Variables ?? {};
      expect([id, variables.ALERT_SECRET_ARN]).toEqual([
        id,
        id === transformId ? 'prod/pulse-alerts' : undefined,
      ]);
    }
    const readers = Object.values(all).filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties).includes('prod/pulse-alerts'),
    );
    expect(readers).toHaveLength(1);
    expect(JSON.stringify(readers[0]!.Properties?.Roles)).toContain(
      'Transform',
    );
  });
});
