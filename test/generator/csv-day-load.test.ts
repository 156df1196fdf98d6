/**
 * The backfill's CSV lines, loaded by each driver into raw.events, come
 * back as the values they were made from: the encoder and COPY (or the
 * Data API's read-back) agree on every awkward value.
 */
import { CsvDayBuilder } from '../../src/generator/csv-day';
import type { Draft } from '../../src/generator/draft';
import { RAW_COLUMNS } from '../../src/generator/index';
import { draftOf } from '../support/drafts';
import { ALL_DRIVERS, describeEachEngine } from '../support/engines';

const AT = Date.parse('2026-05-02T10:00:00.000Z');

const draft = (over: Partial<Draft>) => draftOf({ arrivalMs: AT, ...over });

/** Text that COPY's text format, CSV or a naive parser could get wrong. */
const AWKWARD = [
  '',
  ' ',
  'back\\slash',
  '\\.',
  '\\N',
  'NULL',
  'cr\r\nlf',
  'tab\there',
  '"quoted", comma',
  'Zoë ☕ 𝄞',
];

describeEachEngine(
  'backfill CSV loaded into raw.events',
  ({ db }) => {
    test('every value comes back as the draft held it', async () => {
      const drafts = AWKWARD.map((text, i) =>
        draft({
          event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          eventMs: AT - i * 1000 - 0.5,
          user_id: i,
          session_id: text,
          event_name: text,
          item_id: 5 - i,
          price: i % 2 === 0 ? `-${i}.05` : null,
          currency: text,
          platform: text,
          region: text,
          source: text,
          experiment_id: text,
          payload: { text, nested: { list: [text, null, i] } },
          arrivalMs: AT + i,
        }),
      );
      drafts.push(draft({ arrivalMs: AT + 99 }));
      const builder = new CsvDayBuilder(drafts.length);
      for (const one of drafts) builder.add(one);
      const day = builder.done();

      const written = await db().copyCsv('raw.events', RAW_COLUMNS, [
        { bytes: day.bytes, rows: day.rows },
      ]);

      expect(written).toBe(drafts.length);
      const { rows } = await db().query(
        `select ${RAW_COLUMNS.join(', ')} from raw.events order by id`,
      );
      const ms = (value: number | null) =>
        value === null ? null : new Date(Math.floor(value));
      expect(rows).toEqual(
        drafts.map((one) => ({
          event_id: one.event_id,
          event_time: ms(one.eventMs),
          user_id: one.user_id,
          session_id: one.session_id,
          event_name: one.event_name,
          item_id: one.item_id,
          price: one.price,
          currency: one.currency,
          platform: one.platform,
          region: one.region,
          source: one.source,
          experiment_id: one.experiment_id,
          payload: one.payload,
          ingested_at: ms(one.arrivalMs),
        })),
      );
    });
  },
  { engines: ALL_DRIVERS },
);
