import { runTransform } from '../../src/transform';
import { describeEachEngine } from '../support/engines';
import { insertRaw, rawEvent, resetDatabase, uuid } from './support';

const NOW = new Date('2026-03-10T12:30:00Z');

/** state.batch_events as the catalog describes it. */
async function batchTableShape(db: import('../../src/db/database').Database) {
  const { rows: columns } = await db.query(
    `select
        a.attname as column_name,
        format_type(a.atttypid, a.atttypmod) as column_type,
        a.attnotnull as is_not_null
    from pg_catalog.pg_attribute as a
    where
        a.attrelid = 'state.batch_events'::regclass
        and a.attnum > 0
        and not a.attisdropped
    order by a.attnum`,
  );
  const { rows: table } = await db.query(
    `select
        c.relpersistence as persistence,
        (select count(*)::int from pg_catalog.pg_index as i
            where i.indrelid = c.oid) as indexes
    from pg_catalog.pg_class as c
    where c.oid = 'state.batch_events'::regclass`,
  );
  return { columns, table };
}

describeEachEngine('the transform batch table', ({ db }) => {
  beforeEach(async () => {
    await resetDatabase(db());
  });

  test('a full refresh leaves state.batch_events as the migrations define it', async () => {
    const migrated = await batchTableShape(db());
    await insertRaw(db(), [
      rawEvent({
        event_id: uuid(1),
        ingested_at: new Date('2026-03-10T12:25:00Z'),
      }),
      rawEvent({
        event_id: uuid(1),
        ingested_at: new Date('2026-03-10T12:26:00Z'),
      }),
    ]);

    const full = await runTransform(db(), { now: NOW, fullRefresh: true });
    const afterFull = await batchTableShape(db());
    await insertRaw(db(), [
      rawEvent({
        event_id: uuid(2),
        ingested_at: new Date('2026-03-10T12:28:00Z'),
      }),
    ]);
    const next = await runTransform(db(), { now: NOW });

    expect(full.status).toBe('ok');
    expect(next.status).toBe('ok');
    expect(migrated.columns.length).toBeGreaterThan(20);
    expect(afterFull).toEqual(migrated);
    expect(await batchTableShape(db())).toEqual(migrated);
  });
});
