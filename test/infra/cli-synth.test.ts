/**
 * `npm run synth` as a user runs it, in both modes, with no AWS
 * credentials or config anywhere it could look: it must succeed without
 * the network.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from '../../infra/constructs/lambda-bundling';

const run = promisify(execFile);

async function synth(args: string[]) {
  const home = mkdtempSync(join(tmpdir(), 'pulse-home-'));
  const out = mkdtempSync(join(tmpdir(), 'pulse-cdk-out-'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')),
  );
  await run('npm', ['run', '--silent', 'synth', '--', '-o', out, ...args], {
    cwd: REPO_ROOT,
    env: { ...env, HOME: home, AWS_CONFIG_FILE: join(home, 'none') },
    timeout: 240_000,
  });
  return JSON.parse(
    readFileSync(join(out, 'PulsePipeline.template.json'), 'utf8'),
  ) as { Resources: Record<string, { Type: string }> };
}

const types = (template: { Resources: Record<string, { Type: string }> }) =>
  new Set(Object.values(template.Resources).map((r) => r.Type));

describe('npm run synth without AWS credentials', () => {
  test('synthesizes the Aurora stack', async () => {
    const template = await synth([]);
    expect(types(template).has('AWS::RDS::DBCluster')).toBe(true);
  });

  test('synthesizes the external-database stack with -c database=external', async () => {
    const template = await synth(['-c', 'database=external']);
    expect(types(template).has('AWS::RDS::DBCluster')).toBe(false);
    expect(types(template).has('AWS::Events::Rule')).toBe(true);
  });
});
