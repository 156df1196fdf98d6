/** Synthesizes the stack for template tests, with real local bundling. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { App, Validations, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

import {
  PipelineStack,
  type PipelineStackProps,
} from '../../infra/stacks/pipeline-stack';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

export interface Synthesized {
  readonly app: App;
  readonly stack: PipelineStack;
  readonly template: Template;
  /** The cloud assembly directory, holding the bundled assets. */
  readonly outdir: string;
}

export function synthPipeline(
  props: PipelineStackProps = {},
  options: { bundle?: boolean } = {},
): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'pulse-cdk-'));
  const app = new App({
    outdir,
    context: {
      'aws:cdk:enable-asset-metadata': true,
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const stack = new PipelineStack(app, 'PulsePipeline', props);
  return { app, stack, template: Template.fromStack(stack), outdir };
}

export interface NagFinding {
  readonly rule: string;
  readonly path: string;
  readonly severity: string;
}

function findings(checks: AwsSolutionsChecks, stack: Stack): NagFinding[] {
  return checks.validateScope(stack).violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({
      rule: violation.ruleName,
      path: resource.constructPath ?? '',
      severity: violation.severity ?? '',
    })),
  );
}

/** cdk-nag AwsSolutions findings left after the acknowledgments. */
export function nagFindings(app: App, stack: Stack): NagFinding[] {
  return findings(new AwsSolutionsChecks(app), stack);
}

/** Every finding as if nothing were acknowledged. */
export function nagFindingsIgnoringAcknowledgments(
  app: App,
  stack: Stack,
): NagFinding[] {
  const checks = new AwsSolutionsChecks(app);
  Object.defineProperty(checks, 'isAcknowledged', { value: () => false });
  return findings(checks, stack);
}

export interface Acknowledgment {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

/** The cdk-nag rules acknowledged anywhere in `scope`, with reasons. */
export function acknowledgments(scope: IConstruct): Acknowledgment[] {
  const found: Acknowledgment[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(
        entry.data as Record<string, string>,
      )) {
        const rule = id.replace(/^annotation::/i, '');
        if (!rule.startsWith('AwsSolutions-')) continue;
        found.push({ path: construct.node.path, rule, reason });
      }
    }
  }
  return found;
}
