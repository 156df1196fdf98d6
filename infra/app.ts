/**
 * The CDK app: `cdk synth` (Aurora) or `cdk synth -c database=external`
 * (LocalStack). Environment-agnostic, no lookups: synth needs no account.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

import { pipelinePropsFromContext } from './context';
import { STACK_NAME } from './defaults';
import { PipelineStack } from './stacks/pipeline-stack';

const app = new App();
new PipelineStack(app, STACK_NAME, {
  description: 'Pulse: near-real-time product analytics with data quality',
  ...pipelinePropsFromContext((key) => app.node.tryGetContext(key)),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
