import pg from 'pg';

import {
  READONLY_ROLE,
  setReadonlyLogin,
} from '../../src/dashboards/readonly-role';
import type { Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { openPGlite } from '../../src/db/pglite-driver';
import { openPostgres } from '../../src/db/pg-driver';
import {
  createScratchDatabase,
  dropScratchDatabase,
  urlFor,
} from '../support/postgres-admin';

const PASSWORD = 'readonly-test-password';

describe('the read-only role on PostgreSQL', () => {
  let name: string;
  let db: Database;
  let readonly: pg.Client;

  beforeAll(async () => {
    name = await createScratchDatabase();
    db = await openPostgres({ connectionString: urlFor(name) });
    await migrate(db);
    await setReadonlyLogin(db, PASSWORD);
    // A table made after the migrations, as a later migration would.
    await db.exec(
      'create table dq.later_table (id int); insert into dq.later_table values (7)',
    );
    const url = new URL(urlFor(name));
    url.username = READONLY_ROLE;
    url.password = PASSWORD;
    readonly = new pg.Client({ connectionString: url.toString() });
    await readonly.connect();
  });

  afterAll(async () => {
    await readonly?.end();
    // The role belongs to the whole server: leave it as the migration
    // makes it, with no login and no password.
    await db?.exec(`alter role ${READONLY_ROLE} nologin password null`);
    await db?.close();
    if (name) await dropScratchDatabase(name);
  });

  test('it logs in and reads every mart and dq table', async () => {
    const { rows } = await readonly.query<{ table_name: string }>(`
      select table_schema || '.' || table_name as table_name
      from information_schema.tables
      where table_schema in ('mart', 'dq') and table_type = 'BASE TABLE'
      order by 1`);
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'dq.dq_daily',
        'dq.later_table',
        'dq.status_snapshots',
        'dq.test_results',
        'dq.transform_runs',
        'mart.daily_metrics',
        'mart.funnel_daily',
      ]),
    );
    for (const { table_name: table } of rows) {
      await expect(
        readonly.query(`select count(*) from ${table}`),
      ).resolves.toBeDefined();
    }
    const later = await readonly.query('select id from dq.later_table');
    expect(later.rows).toEqual([{ id: 7 }]);
  });

  test('it cannot read raw events', async () => {
    await expect(readonly.query('select * from raw.events')).rejects.toThrow(
      /permission denied/,
    );
  });

  test('it cannot change a mart', async () => {
    await expect(
      readonly.query('delete from mart.daily_metrics'),
    ).rejects.toThrow(/permission denied/);
    await expect(
      readonly.query('create table mart.sneaky (id int)'),
    ).rejects.toThrow(/permission denied/);
  });

  test('a password with quotes is passed through intact', async () => {
    const tricky = 'it\'s; a "test" $$ password';
    await setReadonlyLogin(db, tricky);
    const url = new URL(urlFor(name));
    url.username = READONLY_ROLE;
    const client = new pg.Client({
      connectionString: url.toString(),
      password: tricky,
    });
    await client.connect();
    const { rows } = await client.query('select current_user as who');
    await client.end();
    expect(rows).toEqual([{ who: READONLY_ROLE }]);
    await setReadonlyLogin(db, PASSWORD);
  });

  test('migrating again leaves the existing role alone', async () => {
    const other = await createScratchDatabase();
    const second = await openPostgres({ connectionString: urlFor(other) });
    try {
      await expect(migrate(second)).resolves.toBeDefined();
      const { rows } = await second.query<{ rolcanlogin: boolean }>(
        'select rolcanlogin from pg_roles where rolname = $1',
        [READONLY_ROLE],
      );
      expect(rows).toEqual([{ rolcanlogin: true }]);
    } finally {
      await second.close();
      await dropScratchDatabase(other);
    }
  });
});

describe('the read-only role on PGlite', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openPGlite();
    await migrate(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  test('the migration and the login step run there too', async () => {
    await setReadonlyLogin(db, PASSWORD);
    const { rows } = await db.query(
      'select rolcanlogin from pg_roles where rolname = $1',
      [READONLY_ROLE],
    );
    expect(rows).toEqual([{ rolcanlogin: true }]);
  });

  test('a short password is refused with the variable to fix', async () => {
    await expect(setReadonlyLogin(db, 'short')).rejects.toThrow(
      'the password for role pulse_readonly is shorter than 8 characters; set a longer READONLY_DB_PASSWORD',
    );
  });
});
