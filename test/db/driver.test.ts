import { typed } from '../../src/db/database';
import { ALL_DRIVERS, describeEachEngine } from '../support/engines';

describeEachEngine(
  'database driver',
  ({ db }) => {
    beforeAll(async () => {
      await db().exec(`
      create table public.driver_probe (
          id bigint generated always as identity primary key,
          amount numeric(12, 2),
          happened_at timestamptz,
          day date,
          label text,
          doc jsonb,
          ref uuid
      )`);
    });

    beforeEach(async () => {
      await db().exec('truncate public.driver_probe restart identity');
    });

    test('returns the same JS types on every engine', async () => {
      await db().query(
        `insert into public.driver_probe (amount, happened_at, day, label, doc, ref)
       values ($1, $2, $3, $4, $5, $6)`,
        [
          typed('numeric', '12.30'),
          typed('timestamptz', new Date('2026-01-02T03:04:05.678Z')),
          typed('date', '2026-01-02'),
          'x',
          typed('jsonb', { a: [1, 2] }),
          typed('uuid', '6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f'),
        ],
      );
      const { rows } = await db().query(
        `select id, amount, happened_at, day, label, doc, ref, count(*) over () as n
       from public.driver_probe`,
      );
      expect(rows).toEqual([
        {
          id: 1,
          amount: '12.30',
          happened_at: new Date('2026-01-02T03:04:05.678Z'),
          day: '2026-01-02',
          label: 'x',
          doc: { a: [1, 2] },
          ref: '6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f',
          n: 1,
        },
      ]);
    });

    test('bulk insert keeps nulls, empty strings, quotes and newlines apart', async () => {
      const rows = [
        ['1.50', new Date('2026-01-01T00:00:00Z'), null, '', { q: 'a"b' }],
        [null, null, '2026-02-03', 'line\nbreak, "quoted"', null],
      ];
      const written = await db().insertRows(
        'public.driver_probe',
        ['amount', 'happened_at', 'day', 'label', 'doc'],
        rows,
      );
      expect(written).toBe(2);
      const { rows: back } = await db().query(
        'select amount, happened_at, day, label, doc from public.driver_probe order by id',
      );
      expect(back).toEqual([
        {
          amount: '1.50',
          happened_at: new Date('2026-01-01T00:00:00Z'),
          day: null,
          label: '',
          doc: { q: 'a"b' },
        },
        {
          amount: null,
          happened_at: null,
          day: '2026-02-03',
          label: 'line\nbreak, "quoted"',
          doc: null,
        },
      ]);
    });

    test('a CSV load keeps nulls, empty strings, quotes, newlines and UTF-8 apart, part after part', async () => {
      const part = (text: string, rows: number) => ({
        bytes: new TextEncoder().encode(text),
        rows,
      });
      const written = await db().transaction((tx) =>
        tx.copyCsv(
          'public.driver_probe',
          ['amount', 'happened_at', 'day', 'label', 'doc', 'ref'],
          [
            part(
              '"1.50","2026-01-01T00:00:00.250Z",,"","{""q"": ""a\\""b""}",\n' +
                ',,"2026-02-03","line\nbreak, ""quoted""",,"6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f"\n',
              2,
            ),
            part(',,,"Zoë ☕ 𝄞",,\n', 1),
          ],
        ),
      );
      expect(written).toBe(3);
      const { rows: back } = await db().query(
        'select amount, happened_at, day, label, doc, ref from public.driver_probe order by id',
      );
      expect(back).toEqual([
        {
          amount: '1.50',
          happened_at: new Date('2026-01-01T00:00:00.250Z'),
          day: null,
          label: '',
          doc: { q: 'a"b' },
          ref: null,
        },
        {
          amount: null,
          happened_at: null,
          day: '2026-02-03',
          label: 'line\nbreak, "quoted"',
          doc: null,
          ref: '6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f',
        },
        {
          amount: null,
          happened_at: null,
          day: null,
          label: 'Zoë ☕ 𝄞',
          doc: null,
          ref: null,
        },
      ]);
    });

    test('a CSV load that fails in its second part leaves none of the first behind', async () => {
      const part = (text: string) => ({
        bytes: new TextEncoder().encode(text),
        rows: 1,
      });
      await expect(
        db().copyCsv(
          'public.driver_probe',
          ['label', 'happened_at'],
          [part('"kept?",\n'), part('"x","not a time"\n')],
        ),
      ).rejects.toThrow(/timestamp/);
      const { rows } = await db().query(
        'select count(*)::int as n from public.driver_probe',
      );
      expect(rows[0]).toEqual({ n: 0 });
    });

    test('a CSV load whose lines do not match its row count is refused and rolled back', async () => {
      const bytes = new TextEncoder().encode('"a"\n"b"\n');
      await expect(
        db().copyCsv('public.driver_probe', ['label'], [{ bytes, rows: 1 }]),
      ).rejects.toThrow(
        'a CSV load said 1 rows and held 2; encode one line per row',
      );
      const { rows } = await db().query(
        'select count(*)::int as n from public.driver_probe',
      );
      expect(rows[0]).toEqual({ n: 0 });
    });

    test('a CSV load of no parts, or of empty parts, writes nothing', async () => {
      const empty = { bytes: new Uint8Array(0), rows: 0 };
      await expect(
        db().copyCsv('public.driver_probe', ['label'], []),
      ).resolves.toBe(0);
      await expect(
        db().copyCsv('public.driver_probe', ['label'], [empty, empty]),
      ).resolves.toBe(0);
      const { rows } = await db().query(
        'select count(*)::int as n from public.driver_probe',
      );
      expect(rows[0]).toEqual({ n: 0 });
    });

    test('a transaction that throws leaves nothing behind', async () => {
      await expect(
        db().transaction(async (tx) => {
          await tx.query(
            "insert into public.driver_probe (label) values ('gone')",
          );
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const { rows } = await db().query(
        'select count(*) as n from public.driver_probe',
      );
      expect(rows[0]).toEqual({ n: 0 });
    });

    test('a transaction that resolves commits and returns its value', async () => {
      const value = await db().transaction(async (tx) => {
        await tx.insertRows('public.driver_probe', ['label'], [['kept']]);
        return 42;
      });
      expect(value).toBe(42);
      const { rows } = await db().query(
        'select label from public.driver_probe',
      );
      expect(rows).toEqual([{ label: 'kept' }]);
    });

    test('a locked transaction makes a second one skip at once, not wait', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = db().transactionWithLock(4242, async () => {
        entered();
        await held;
        return 'first';
      });
      await inside;
      const second = await db().transactionWithLock(4242, async () => 'second');
      expect(second).toEqual({ acquired: false });
      release();
      await expect(first).resolves.toEqual({ acquired: true, value: 'first' });
      await expect(
        db().transactionWithLock(4242, async () => 'third'),
      ).resolves.toEqual({ acquired: true, value: 'third' });
    });

    test('a lock is released when its transaction throws', async () => {
      await expect(
        db().transactionWithLock(4343, async () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await expect(
        db().transactionWithLock(4343, async () => 1),
      ).resolves.toEqual({ acquired: true, value: 1 });
    });
  },
  { engines: ALL_DRIVERS },
);
