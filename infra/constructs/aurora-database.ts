/**
 * Aurora PostgreSQL Serverless v2 in a VPC with isolated subnets only (no
 * NAT gateway, no internet route): the Lambdas reach it through the RDS
 * Data API over HTTPS, from outside the VPC.
 */
import {
  CfnResource,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_logs as logs,
  aws_rds as rds,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface AuroraDatabaseProps {
  /** Database created in the cluster. @default 'pulse' */
  readonly databaseName?: string;
  /**
   * Aurora PostgreSQL engine version (16.x has the Data API and scaling to
   * zero). @default AuroraPostgresEngineVersion.VER_16_6
   */
  readonly engineVersion?: rds.AuroraPostgresEngineVersion;
  /**
   * Lowest capacity in ACUs. 0 lets the cluster pause when nothing calls it
   * (the first call then waits ~15 s for it to resume). @default 0.5
   */
  readonly minCapacity?: number;
  /** Highest capacity in ACUs. @default 2 */
  readonly maxCapacity?: number;
  /**
   * What happens to the cluster (and its secret) when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Refuse to delete the cluster until this is turned off. @default true */
  readonly deletionProtection?: boolean;
  /** Automated backups kept. @default Duration.days(7) */
  readonly backupRetention?: Duration;
  /** Retention of the exported PostgreSQL log. @default ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

export const DEFAULT_DATABASE_NAME = 'pulse';

export class AuroraDatabase extends Construct {
  readonly cluster: rds.DatabaseCluster;
  readonly vpc: ec2.Vpc;
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: AuroraDatabaseProps = {}) {
    super(scope, id);
    this.databaseName = props.databaseName ?? DEFAULT_DATABASE_NAME;
    const minCapacity = props.minCapacity ?? 0.5;
    const maxCapacity = props.maxCapacity ?? 2;
    if (minCapacity < 0 || maxCapacity < Math.max(minCapacity, 1)) {
      throw new Error(
        `Aurora capacity ${minCapacity}-${maxCapacity} ACU is not valid; use minCapacity >= 0 and maxCapacity >= max(minCapacity, 1)`,
      );
    }

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        {
          name: 'isolated',
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 24,
        },
      ],
    });
    Validations.of(this.vpc).acknowledge({
      id: 'AwsSolutions-VPC7',
      reason:
        'The isolated subnets hold only the Aurora cluster, which the Lambdas reach through the Data API, not the VPC; flow logs would record no application traffic.',
    });

    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({
        version:
          props.engineVersion ?? rds.AuroraPostgresEngineVersion.VER_16_6,
      }),
      writer: rds.ClusterInstance.serverlessV2('Writer', {
        autoMinorVersionUpgrade: true,
      }),
      serverlessV2MinCapacity: minCapacity,
      serverlessV2MaxCapacity: maxCapacity,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      credentials: rds.Credentials.fromGeneratedSecret('pulse_admin'),
      defaultDatabaseName: this.databaseName,
      enableDataApi: true,
      storageEncrypted: true,
      iamAuthentication: true,
      deletionProtection: props.deletionProtection ?? true,
      backup: { retention: props.backupRetention ?? Duration.days(7) },
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention:
        props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    Validations.of(this.cluster).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotation needs a rotation Lambda inside the VPC and a Secrets Manager endpoint (no NAT here); the secret is read only by the Data API on behalf of the pipeline Lambdas.',
    });
    this.acknowledgeLogRetentionFunction();

    // Retaining the cluster but deleting its secret, subnets or security
    // group would leave it without a login or fail the stack deletion.
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    for (const child of this.node.findAll()) {
      if (child instanceof CfnResource) child.applyRemovalPolicy(removalPolicy);
    }
  }

  /**
   * `cloudwatchLogsRetention` adds aws-cdk-lib's log-retention Lambda, a
   * stack-wide singleton; its policy is the library's.
   */
  private acknowledgeLogRetentionFunction(): void {
    const singleton = Stack.of(this).node.tryFindChild(
      'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a',
    );
    if (!singleton) return;
    Validations.of(singleton).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "aws-cdk-lib's log-retention Lambda logs through the basic execution policy.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "aws-cdk-lib's log-retention Lambda sets the retention of log groups whose names it learns at deploy time (logs:PutRetentionPolicy on *).",
      },
    );
  }

  /** Data API calls and reading the cluster secret, nothing more. */
  grantDataApiAccess(grantee: iam.IGrantable): void {
    this.cluster.grantDataApiAccess(grantee);
  }
}
