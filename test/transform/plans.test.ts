import type {
  Database,
  Queryable,
  SqlParam,
  Transaction,
} from '../../src/db/database';
import { splitSql } from '../../src/db/split-sql';
import { DEFAULT_QUALITY_CONFIG } from '../../src/quality/config';
import { readSql } from '../../src/sql-files';
import {
  MANIFEST,
  projectSchemaTests,
  runTransform,
} from '../../src/transform';
import { bindParams } from '../../src/transform/bind-params';
import { stepParams } from '../../src/transform/runner';
import { describeEachEngine } from '../support/engines';
import { resetDatabase } from './support';

const HISTORY_ROWS = 100_000;
const NEW_ROWS = 50;
const NOW = new Date('2026-03-01T00:00:00Z');

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScansOfRaw(node: PlanNode): number {
  const own =
    node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'events'
      ? 1
      : 0;
  return (node.Plans ?? []).reduce(
    (sum, child) => sum + seqScansOfRaw(child),
    own,
  );
}

interface Recorded {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

/** Records every statement sent through `tx`, then runs it. */
function recording(tx: Queryable, log: Recorded[]): Transaction {
  return {
    query: (sql, params = []) => {
      log.push({ sql, params });
      return tx.query(sql, params);
    },
    exec: (sql) => {
      for (const statement of splitSql(sql))
        log.push({ sql: statement, params: [] });
      return tx.exec(sql);
    },
    insertRows: (table, columns, rows) => tx.insertRows(table, columns, rows),
    copyCsv: (table, columns, parts) => tx.copyCsv(table, columns, parts),
  };
}

/** `db` with every statement of its transactions recorded in `log`. */
function recordingDatabase(db: Database, log: Recorded[]): Database {
  return {
    description: db.description,
    query: (sql, params) => recording(db, log).query(sql, params),
    exec: (sql) => recording(db, log).exec(sql),
    insertRows: (table, columns, rows) => db.insertRows(table, columns, rows),
    copyCsv: (table, columns, parts) => db.copyCsv(table, columns, parts),
    transaction: (fn) => db.transaction((tx) => fn(recording(tx, log))),
    transactionWithLock: (key, fn) =>
      db.transactionWithLock(key, (tx) => fn(recording(tx, log))),
    close: () => db.close(),
  };
}

const PLANNABLE = /^\s*(--[^\n]*\n\s*)*(select|insert|update|delete|with)\b/i;

describeEachEngine('query plans of a routine run', ({ db }) => {
  beforeAll(async () => {
    await resetDatabase(db());
    // A history of one event every 2.5 s, a tenth of them resent later.
    await db().exec(`
      insert into raw.events (
          event_id, event_time, user_id, session_id, event_name, price,
          platform, region, source, ingested_at
      )
      select
          md5((g % ${HISTORY_ROWS * 0.9})::text)::uuid,
          timestamptz '2026-02-20' + g * interval '2.5 seconds',
          1 + g % 5000,
          's' || (g / 7),
          (array['view', 'click', 'add_to_cart', 'purchase'])[1 + g % 4],
          case when g % 4 = 3 then 10 end,
          'web',
          'msk',
          'ads',
          timestamptz '2026-02-20' + g * interval '2.5 seconds'
      from generate_series(1, ${HISTORY_ROWS}) as g`);
    await runTransform(db(), { now: NOW, fullRefresh: true });
    await db().exec(`
      insert into raw.events (event_id, event_time, user_id, event_name, ingested_at)
      select md5(g::text)::uuid, ${`timestamptz '2026-02-28 23:58:00'`}, g, 'view',
          ${`timestamptz '2026-02-28 23:58:00'`}
      from generate_series(1, ${NEW_ROWS}) as g`);
    await db().exec('analyze');
  });

  test('no step of an incremental run reads all of raw', async () => {
    const params = stepParams(
      {
        runId: 999,
        watermarkFrom: HISTORY_ROWS,
        watermarkTo: HISTORY_ROWS + NEW_ROWS,
        rowsRead: NEW_ROWS,
        steps: [],
      },
      NOW,
      1000,
      DEFAULT_QUALITY_CONFIG,
    );
    const offenders: string[] = [];
    let explained = 0;
    for (const step of MANIFEST) {
      if (step.fullRefreshOnly) continue;
      const statements = step.isSchemaTests
        ? [projectSchemaTests().sql]
        : splitSql(readSql(step.file));
      for (const statement of statements) {
        if (
          !/^\s*(--[^\n]*\n\s*)*(select|insert|update|delete|with)\b/i.test(
            statement,
          )
        ) {
          continue;
        }
        const bound = bindParams(statement, params, step.file);
        const { rows } = await db().query<{ 'QUERY PLAN': unknown }>(
          `explain (format json) ${bound.sql}`,
          bound.params,
        );
        const raw = rows[0]?.['QUERY PLAN'];
        const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
          Plan: PlanNode;
        }[];
        explained += 1;
        if (seqScansOfRaw(plan[0]!.Plan) > 0) offenders.push(step.file);
      }
    }

    expect(explained).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  test('no statement a routine run sends, quality and alerts included, reads all of raw', async () => {
    const log: Recorded[] = [];
    const run = await runTransform(recordingDatabase(db(), log), {
      now: new Date(NOW.getTime() + 60_000),
      alertChannels: [],
    });
    expect(run.status).toBe('ok');
    expect(run.rows_read).toBe(NEW_ROWS);

    const offenders: string[] = [];
    let explained = 0;
    for (const { sql, params } of log) {
      if (!PLANNABLE.test(sql)) continue;
      const { rows } = await db().query<{ 'QUERY PLAN': unknown }>(
        `explain (format json) ${sql}`,
        params,
      );
      const raw = rows[0]?.['QUERY PLAN'];
      const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
        Plan: PlanNode;
      }[];
      explained += 1;
      if (seqScansOfRaw(plan[0]!.Plan) > 0) offenders.push(sql.slice(0, 120));
    }

    // The manifest's steps and the quality layer's statements alike.
    expect(explained).toBeGreaterThan(25);
    expect(log.some(({ sql }) => sql.includes('dq.drilldown_samples'))).toBe(
      true,
    );
    expect(log.some(({ sql }) => sql.includes('dq.volume_buckets'))).toBe(true);
    expect(offenders).toEqual([]);
  });
});
