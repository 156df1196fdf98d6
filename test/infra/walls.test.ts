/** The import walls of ARCHITECTURE.md that keep the bundles small. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import { REPO_ROOT } from '../../infra/constructs/lambda-bundling';

function sources(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), {
    recursive: true,
    withFileTypes: true,
  })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map(
    (match) => match[1]!,
  );
}

const inSrc = (file: string, specifier: string) =>
  specifier.startsWith('.')
    ? relative(REPO_ROOT, join(file, '..', specifier))
    : specifier;

describe('the import walls', () => {
  test('infra/ takes only the schedules from src/', () => {
    const fromSrc = sources('infra').flatMap((file) =>
      imports(file)
        .map((specifier) => inSrc(file, specifier))
        .filter((target) => target.startsWith('src/')),
    );
    expect(new Set(fromSrc)).toEqual(new Set(['src/schedule']));
  });

  test('lambdas/ never import the local runner, the CLI or the CDK', () => {
    for (const file of sources('lambdas')) {
      const bad = imports(file)
        .map((specifier) => inSrc(file, specifier))
        .filter((target) =>
          /^(src\/local|src\/cli|aws-cdk-lib|constructs|infra\/)/.test(target),
        );
      expect([file, bad]).toEqual([file, []]);
    }
  });

  test('src/ never imports infra/ or aws-cdk-lib', () => {
    for (const file of sources('src')) {
      const bad = imports(file)
        .map((specifier) => inSrc(file, specifier))
        .filter((target) => /^(infra\/|aws-cdk-lib|cdk-nag)/.test(target));
      expect([file, bad]).toEqual([file, []]);
    }
  });

  test('SQL statements live in sql/ and the dashboard definition only', () => {
    // The drivers and the migration runner speak to the engine itself
    // (locks, the migrations table); schema-tests.ts compiles the declared
    // tests of sql/tests/schema.yml; the dashboards' queries belong to
    // their one definition.
    const exempt = new RegExp(
      [
        '^src/db/',
        '^src/transform/schema-tests\\.ts$',
        '^src/dashboards/(product-overview|data-quality|quality-additions)\\.ts$',
      ].join('|'),
    );
    const statement =
      /['`"]\s*(?:--[^\n]*\n\s*)*(select|insert|update|delete|with|create|alter|drop|truncate)\s[^'`"]*\b(from|into|set|table|as|role)\b/i;
    const holders = [...sources('src'), ...sources('lambdas')]
      .map((file) => relative(REPO_ROOT, file))
      .filter((file) => !exempt.test(file))
      .filter((file) =>
        statement.test(readFileSync(join(REPO_ROOT, file), 'utf8')),
      );
    expect(holders).toEqual([]);
  });
});
