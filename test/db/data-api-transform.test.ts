/**
 * The whole pipeline through the RDS Data API driver (backfill, transform,
 * a live tick, a second transform) against the loopback stand-in, compared
 * table by table with the same runs through the pg driver. Every value
 * must come back identical: same rows, same JS types.
 */
import type { Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { openPostgres } from '../../src/db/pg-driver';
import { backfill, generateTick } from '../../src/generator/index';
import { runTransform } from '../../src/transform/index';
import {
  openDataApiEngine,
  type DataApiEngine,
} from '../support/data-api-engine';
import {
  createScratchDatabase,
  dropScratchDatabase,
  urlFor,
} from '../support/postgres-admin';

const SEED = 11;
const CONFIG = { eventsPerDay: 4_000 };
const NOW = new Date('2026-03-10T12:00:00Z');
const LATER = new Date('2026-03-10T12:05:00Z');

// Columns stamped with the wall clock of the run, not with its inputs.
const CLOCK_COLUMNS = new Set(['updated_at', 'tested_at']);

const PAGE_ROWS = 1_000;

const TABLES = [
  'raw.events',
  'mart.daily_metrics',
  'mart.funnel_daily',
  'dq.dq_daily',
  'dq.status_snapshots',
  'dq.test_results',
] as const;

async function contents(db: Database, table: string) {
  const [schema, name] = table.split('.');
  const { rows: columns } = await db.query<{ column_name: string }>(
    `select column_name
    from information_schema.columns
    where table_schema = $1
        and table_name = $2
    order by ordinal_position`,
    [schema!, name!],
  );
  const kept = columns
    .map((column) => column.column_name)
    .filter((column) => !CLOCK_COLUMNS.has(column));
  const list = kept.map((column) => `"${column}"`).join(', ');
  // In pages: a Data API response may not exceed 1 MiB.
  const rows: unknown[] = [];
  for (let offset = 0; ; offset += PAGE_ROWS) {
    const page = await db.query(
      `select ${list} from ${table} order by ${list} limit $1 offset $2`,
      [PAGE_ROWS, offset],
    );
    rows.push(...page.rows);
    if (page.rows.length < PAGE_ROWS) return rows;
  }
}

async function runPipeline(db: Database) {
  await backfill(db, { seed: SEED, days: 2, now: NOW, config: CONFIG });
  const first = await runTransform(db, { now: NOW });
  await generateTick(db, { seed: SEED, now: LATER, config: CONFIG });
  const second = await runTransform(db, { now: LATER });
  return [first, second];
}

describe('the transform through the Data API driver', () => {
  let engine: DataApiEngine;
  let pgName: string;
  let pgDb: Database;

  beforeAll(async () => {
    engine = await openDataApiEngine();
    pgName = await createScratchDatabase();
    pgDb = await openPostgres({ connectionString: urlFor(pgName) });
    await migrate(pgDb);
  });

  afterAll(async () => {
    await pgDb.close();
    await dropScratchDatabase(pgName);
    await engine.dispose();
  });

  test('backfill, transform, tick and transform give the same tables as pg', async () => {
    const viaDataApi = await runPipeline(engine.db);
    const viaPg = await runPipeline(pgDb);

    const summary = (runs: typeof viaPg) =>
      runs.map((run) => ({
        status: run.status,
        rows_read: run.rows_read,
        overall_pass: run.overall_pass,
        failed_checks: run.failed_checks,
      }));
    expect(summary(viaDataApi)).toEqual(summary(viaPg));
    expect(viaDataApi.map((run) => run.status)).toEqual(['ok', 'ok']);
    expect(viaDataApi[0]!.rows_read).toBeGreaterThan(1_000);

    for (const table of TABLES) {
      const expected = await contents(pgDb, table);
      expect(expected.length).toBeGreaterThan(0);
      expect([table, await contents(engine.db, table)]).toEqual([
        table,
        expected,
      ]);
    }
  });

  test('it kept to one statement per call and closed every transaction', () => {
    const executed = engine.standin.calls.filter(
      (call) => call.operation === 'Execute',
    );
    expect(executed.length).toBeGreaterThan(50);
    expect(engine.standin.openTransactions()).toBe(0);
    expect(
      engine.standin.calls.filter(
        (call) => call.operation === 'BeginTransaction',
      ).length,
    ).toBe(
      engine.standin.calls.filter(
        (call) =>
          call.operation === 'CommitTransaction' ||
          call.operation === 'RollbackTransaction',
      ).length,
    );
  });
});
