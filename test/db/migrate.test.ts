import { createHash } from 'node:crypto';

import { loadMigrations, migrate, type Migration } from '../../src/db/migrate';
import { openPostgres } from '../../src/db/pg-driver';
import { describeEachEngine, openEngine } from '../support/engines';
import { urlFor } from '../support/postgres-admin';

function migration(version: string, sql: string): Migration {
  return {
    version,
    sql,
    checksum: createHash('sha256').update(sql).digest('hex'),
  };
}

describeEachEngine(
  'migrations',
  ({ db }) => {
    test('a first run applies every file in name order', async () => {
      const files = loadMigrations();
      const names = files.map((file) => file.version);
      expect(names).toEqual([...names].sort());

      const result = await migrate(db());
      expect(result.applied).toEqual(names);
      const { rows } = await db().query<{ version: string }>(
        'select version from public.schema_migrations order by version',
      );
      expect(rows.map((row) => row.version)).toEqual(names);
    });

    test('a second run applies nothing and changes nothing', async () => {
      const before = await db().query(
        'select version, checksum, applied_at from public.schema_migrations order by version',
      );
      const result = await migrate(db());
      expect(result.applied).toEqual([]);
      expect(result.skipped).toBe(loadMigrations().length);
      const after = await db().query(
        'select version, checksum, applied_at from public.schema_migrations order by version',
      );
      expect(after.rows).toEqual(before.rows);
    });

    test('raw.events has the spec columns and types', async () => {
      const { rows } = await db().query(`
        select column_name, data_type, is_nullable
        from information_schema.columns
        where table_schema = 'raw' and table_name = 'events'
        order by ordinal_position`);
      expect(rows).toEqual([
        { column_name: 'id', data_type: 'bigint', is_nullable: 'NO' },
        { column_name: 'event_id', data_type: 'uuid', is_nullable: 'YES' },
        {
          column_name: 'event_time',
          data_type: 'timestamp with time zone',
          is_nullable: 'YES',
        },
        { column_name: 'user_id', data_type: 'bigint', is_nullable: 'YES' },
        { column_name: 'session_id', data_type: 'text', is_nullable: 'YES' },
        { column_name: 'event_name', data_type: 'text', is_nullable: 'YES' },
        { column_name: 'item_id', data_type: 'bigint', is_nullable: 'YES' },
        { column_name: 'price', data_type: 'numeric', is_nullable: 'YES' },
        { column_name: 'currency', data_type: 'text', is_nullable: 'YES' },
        { column_name: 'platform', data_type: 'text', is_nullable: 'YES' },
        { column_name: 'region', data_type: 'text', is_nullable: 'YES' },
        { column_name: 'source', data_type: 'text', is_nullable: 'YES' },
        { column_name: 'experiment_id', data_type: 'text', is_nullable: 'YES' },
        { column_name: 'payload', data_type: 'jsonb', is_nullable: 'YES' },
        {
          column_name: 'ingested_at',
          data_type: 'timestamp with time zone',
          is_nullable: 'NO',
        },
      ]);
    });

    test('another producer can insert with plain SQL and gets id and ingested_at', async () => {
      const { rows } = await db().query<{ id: number; ingested_at: Date }>(
        `insert into raw.events (event_id, event_name)
         values (gen_random_uuid(), 'view')
         returning id, ingested_at`,
      );
      expect(rows[0]?.id).toBeGreaterThan(0);
      expect(rows[0]?.ingested_at).toBeInstanceOf(Date);
    });

    test('a migration edited after it was applied is refused with the way out', async () => {
      const [first] = loadMigrations();
      const edited = migration(first!.version, `${first!.sql}\n-- edited\n`);
      await expect(migrate(db(), [edited])).rejects.toThrow(
        `migration ${first!.version} changed after it was applied; restore the file and add a new migration instead`,
      );
    });

    test('a failing migration rolls back whole and names its file', async () => {
      const bad = migration(
        '9999_broken',
        'create table public.half_done (id int);\nselect no_such_function();',
      );
      await expect(migrate(db(), [bad])).rejects.toThrow(
        /sql\/migrations\/9999_broken\.sql: .*no_such_function/,
      );
      const { rows } = await db().query(
        `select count(*) as n from information_schema.tables
         where table_name = 'half_done'`,
      );
      expect(rows[0]).toEqual({ n: 0 });
      const recorded = await db().query(
        "select count(*) as n from public.schema_migrations where version = '9999_broken'",
      );
      expect(recorded.rows[0]).toEqual({ n: 0 });
    });
  },
  { migrate: false },
);

describe('migrations on a server', () => {
  test('two processes migrating at once apply each file exactly once', async () => {
    const first = await openEngine('postgres', { migrate: false });
    // A second pool on the same database stands in for a second process.
    const { rows } = await first.db.query<{ name: string }>(
      'select current_database() as name',
    );
    const second = await openPostgres({
      connectionString: urlFor(rows[0]!.name),
    });
    try {
      const results = await Promise.all([migrate(first.db), migrate(second)]);
      const applied = results.flatMap((result) => result.applied).sort();
      expect(applied).toEqual(loadMigrations().map((m) => m.version));
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});
