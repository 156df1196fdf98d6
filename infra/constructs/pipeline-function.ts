/**
 * A pipeline handler as a Lambda: Node.js 22, bundled locally by esbuild,
 * its own log group with a retention, and the managed basic-execution
 * policy acknowledged once, here.
 */
import {
  Duration,
  RemovalPolicy,
  Validations,
  aws_lambda as lambda,
  aws_lambda_nodejs as nodejs,
  aws_logs as logs,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

import {
  REPO_ROOT,
  bundlingFor,
  entryPath,
  type HandlerName,
} from './lambda-bundling';

export interface PipelineFunctionProps {
  /** Which handler in lambdas/ this function runs. */
  readonly handler: HandlerName;
  /** Longest run before Lambda stops it. */
  readonly timeout: Duration;
  /** Memory (and with it CPU). @default 512 */
  readonly memorySize?: number;
  /** Instruction set. @default Architecture.ARM_64 */
  readonly architecture?: lambda.Architecture;
  /** Variables the handler reads (never a secret value). @default {} */
  readonly environment?: Record<string, string>;
  /** Retention of the function's log group. @default ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Retries of a failed asynchronous invocation (what a rule makes).
   * @default 2
   */
  readonly retryAttempts?: number;
  /** Oldest event still worth running. @default Duration.hours(1) */
  readonly maxEventAge?: Duration;
  /** Where invocations that failed every retry go. @default none */
  readonly deadLetterQueue?: sqs.IQueue;
}

export const MANAGED_BASIC_EXECUTION_POLICY =
  'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

export class PipelineFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: entryPath(props.handler),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      environment: props.environment ?? {},
      logGroup: this.logGroup,
      retryAttempts: props.retryAttempts ?? 2,
      maxEventAge: props.maxEventAge ?? Duration.hours(1),
      ...(props.deadLetterQueue
        ? { deadLetterQueue: props.deadLetterQueue }
        : {}),
      bundling: bundlingFor(props.handler),
    });
    Validations.of(this.function).acknowledge(
      {
        id: `AwsSolutions-IAM4[${MANAGED_BASIC_EXECUTION_POLICY}]`,
        reason:
          'AWSLambdaBasicExecutionRole grants only CreateLogGroup/CreateLogStream/PutLogEvents, which every Lambda needs to log.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is the runtime the project targets and tests (the AWS SDK v3 requires Node 22 after January 2027); moving to a newer runtime is a tested change, not a default.',
      },
    );
  }
}
