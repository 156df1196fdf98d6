/**
 * The stack for LocalStack (`-c database=external`): no RDS, no VPC; the
 * Lambdas read a Postgres URL from a Secrets Manager secret by name.
 */
import { pipelinePropsFromContext } from '../../infra/context';
import {
  acknowledgments,
  nagFindings,
  nagFindingsIgnoringAcknowledgments,
  synthPipeline,
  type Synthesized,
} from './synth';

type Resource = { Type: string; Properties?: Record<string, unknown> };

describe('the pipeline stack in external-database mode', () => {
  let synth: Synthesized;
  let resources: Record<string, Resource>;

  const pipelineFunctions = () =>
    Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::Lambda::Function' &&
        resource.Properties?.Runtime === 'nodejs22.x',
    );

  beforeAll(() => {
    synth = synthPipeline(
      pipelinePropsFromContext(
        (key) =>
          ({
            database: 'external',
            databaseSecretName: 'local/pulse-url',
            alertSecretName: 'local/pulse-alerts',
          })[key],
      ),
    );
    resources = synth.template.toJSON().Resources as Record<string, Resource>;
  });

  test('has no RDS, no VPC and no NAT', () => {
    const types = new Set(Object.values(resources).map((r) => r.Type));
    expect([...types].filter((type) => /^AWS::(RDS|EC2)::/.test(type))).toEqual(
      [],
    );
  });

  test('the Lambdas get only the secret name, on x86_64 for LocalStack', () => {
    const functions = pipelineFunctions();
    expect(functions).toHaveLength(3);
    for (const fn of functions) {
      const variables = (
        fn.Properties?.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect(variables.DATABASE_SECRET_ARN).toBe('local/pulse-url');
      expect(Object.keys(variables)).not.toEqual(
        expect.arrayContaining(['DB_CLUSTER_ARN']),
      );
      expect(fn.Properties?.Architectures).toEqual(['x86_64']);
    }
  });

  test('each Lambda may read that one secret and nothing of RDS', () => {
    const policies = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::IAM::Policy',
    );
    const text = JSON.stringify(policies);
    expect(text).not.toContain('rds-data:');
    const secretStatements = policies.flatMap((policy) =>
      (
        policy.Properties?.PolicyDocument as {
          Statement: { Action: unknown; Resource: unknown }[];
        }
      ).Statement.filter((statement) =>
        JSON.stringify(statement.Action).includes('GetSecretValue'),
      ),
    );
    const databaseReads = secretStatements.filter((statement) =>
      JSON.stringify(statement.Resource).includes(
        ':secret:local/pulse-url-??????',
      ),
    );
    expect(databaseReads).toHaveLength(3);
  });

  test('only the transform may read the alert-channel secret', () => {
    const transformId = synth.stack.getLogicalId(
      synth.stack.transform.function.node.defaultChild as never,
    );
    for (const [id, fn] of Object.entries(resources)) {
      if (fn.Type !== 'AWS::Lambda::Function') continue;
      const variables =
        (fn.Properties?.Environment as { Variables?: Record<string, unknown> })
          ?.Variables ?? {};
      expect([id, variables.ALERT_SECRET_ARN]).toEqual([
        id,
        id === transformId ? 'local/pulse-alerts' : undefined,
      ]);
    }
    const readers = Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(resource.Properties).includes('local/pulse-alerts'),
    );
    expect(readers).toHaveLength(1);
    expect(JSON.stringify(readers[0]!.Properties?.Roles)).toContain(
      'Transform',
    );
  });

  test('the same rules, queues and alarms as on AWS', () => {
    const rules = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::Events::Rule',
    );
    expect(
      rules.map((rule) => rule.Properties?.ScheduleExpression).sort(),
    ).toEqual(['rate(1 minute)', 'rate(5 minutes)']);
    synth.template.resourceCountIs('AWS::SQS::Queue', 2);
    synth.template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    synth.template.resourceCountIs('Custom::PulseMigrations', 1);
  });

  test('the connection string is nowhere in the template', () => {
    const text = JSON.stringify(synth.template.toJSON());
    expect(text).not.toMatch(/postgres(ql)?:\/\//);
    expect(text).not.toMatch(/"SecretString"\s*:/);
  });

  test('cdk-nag AwsSolutions finds nothing left unacknowledged', () => {
    expect(nagFindings(synth.app, synth.stack)).toEqual([]);
  });

  test('every acknowledgment has a reason and silences a real finding', () => {
    const raw = nagFindingsIgnoringAcknowledgments(synth.app, synth.stack);
    for (const ack of acknowledgments(synth.stack)) {
      expect(ack.reason.length).toBeGreaterThan(30);
      const silenced = raw.some(
        (finding) =>
          finding.rule === ack.rule &&
          (finding.path === ack.path ||
            finding.path.startsWith(`${ack.path}/`)),
      );
      expect({ ...ack, silenced }).toEqual({ ...ack, silenced: true });
    }
  });
});
