import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pipelinePropsFromContext } from '../../infra/context';
import { migrationsHash } from '../../infra/constructs/migrations';

const context =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

describe('stack settings from cdk context', () => {
  test('no context means Aurora', () => {
    expect(pipelinePropsFromContext(context({}))).toEqual({
      databaseMode: 'aurora',
    });
  });

  test('database=external with a secret name and a load', () => {
    expect(
      pipelinePropsFromContext(
        context({
          database: 'external',
          databaseSecretName: 'x/y',
          alertSecretName: 'x/alerts',
          eventsPerDay: '5000',
        }),
      ),
    ).toEqual({
      databaseMode: 'external',
      databaseSecretName: 'x/y',
      alertSecretName: 'x/alerts',
      eventsPerDay: 5000,
    });
  });

  test('an unknown database mode names the allowed ones', () => {
    expect(() =>
      pipelinePropsFromContext(context({ database: 'mysql' })),
    ).toThrow('unknown -c database=mysql; use aurora or external');
  });

  test('a load that is not a whole number is refused', () => {
    expect(() =>
      pipelinePropsFromContext(context({ eventsPerDay: 'lots' })),
    ).toThrow(/bad -c eventsPerDay=lots/);
  });
});

describe('the migrations hash that triggers the custom resource', () => {
  test('changes when a migration changes or is added, not otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-migrations-'));
    writeFileSync(join(dir, '0001_a.sql'), 'create table a (id int);');
    const first = migrationsHash(dir);
    expect(migrationsHash(dir)).toBe(first);
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    expect(migrationsHash(dir)).toBe(first);
    writeFileSync(join(dir, '0002_b.sql'), 'create table b (id int);');
    const second = migrationsHash(dir);
    expect(second).not.toBe(first);
    writeFileSync(join(dir, '0002_b.sql'), 'create table b (id bigint);');
    expect(migrationsHash(dir)).not.toBe(second);
  });
});
