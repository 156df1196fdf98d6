/**
 * The built-in page on a server runs its queries as pulse_readonly in
 * read-only transactions. The database here belongs to an ordinary role
 * with CREATEROLE, as on a managed server, not to a superuser (who may
 * take any role).
 */
import { DASHBOARDS } from '../../src/dashboards';
import type { DashboardSet } from '../../src/dashboards/definition';
import { QueryRunner } from '../../src/dashboards/query-runner';
import type { Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { openPostgres } from '../../src/db/pg-driver';
import { backfill } from '../../src/generator';
import { runTransform } from '../../src/transform';
import {
  createScratchDatabase,
  dropScratchDatabase,
  urlFor,
  withAdmin,
} from '../support/postgres-admin';

const OWNER = `pulse_test_owner_${process.pid}`;

const probes: DashboardSet = {
  ...DASHBOARDS,
  queries: [
    {
      key: 'who',
      name: 'who',
      description: '',
      sql: 'select current_user as who',
    },
    {
      key: 'raw',
      name: 'raw',
      description: '',
      sql: 'select count(*) as n from raw.events',
    },
    {
      key: 'write',
      name: 'write',
      description: '',
      sql: "insert into dq.alert_state (check_name, state) values ('x', 'ok')",
    },
  ],
};

describe('the dashboards page on PostgreSQL', () => {
  let name: string;
  let db: Database;

  beforeAll(async () => {
    name = await createScratchDatabase();
    await withAdmin(async (client) => {
      await client.query(`create role ${OWNER} login createrole`);
      await client.query(`alter database "${name}" owner to ${OWNER}`);
    });
    const url = new URL(urlFor(name));
    url.username = OWNER;
    db = await openPostgres({ connectionString: url.toString() });
    await migrate(db);
    const now = new Date();
    await backfill(db, {
      seed: 3,
      days: 1,
      now,
      config: { eventsPerDay: 800 },
    });
    await runTransform(db, { now, alertChannels: [] });
  });

  afterAll(async () => {
    await db?.close();
    if (name) await dropScratchDatabase(name);
    await withAdmin((client) => client.query(`drop role if exists ${OWNER}`));
  });

  test('runs every query of both dashboards as the read-only role, with the rows the owner sees', async () => {
    const asRole = new QueryRunner(db, DASHBOARDS, { asReadonlyRole: true });
    const asOwner = new QueryRunner(db, DASHBOARDS);
    let withRows = 0;
    for (const query of DASHBOARDS.queries) {
      const mine = await asRole.run(query.key);
      const theirs = await asOwner.run(query.key);
      expect([query.key, mine.rows]).toEqual([query.key, theirs.rows]);
      if (mine.rows.length > 0) withRows += 1;
    }
    expect(withRows).toBeGreaterThan(DASHBOARDS.queries.length / 2);
  });

  test('is the read-only role inside, and may neither read raw nor write', async () => {
    const runner = new QueryRunner(db, probes, { asReadonlyRole: true });

    expect((await runner.run('who')).rows).toEqual([{ who: 'pulse_readonly' }]);
    await expect(runner.run('raw')).rejects.toThrow(/permission denied/);
    await expect(runner.run('write')).rejects.toThrow(/read-only transaction/);
  });

  test('leaves the pipeline’s own connection as it was', async () => {
    const runner = new QueryRunner(db, probes, { asReadonlyRole: true });
    await runner.run('who');

    const { rows } = await db.query('select current_user as who');
    expect(rows).toEqual([{ who: OWNER }]);
  });
});
