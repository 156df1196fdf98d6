import { runBaseline, setupBaseline } from '../../bench/baseline';
import type { Database } from '../../src/db/database';
import { backfill, generateTick } from '../../src/generator/index';
import { runTransform } from '../../src/transform/index';
import { describeEachEngine } from '../support/engines';

const NOW = new Date('2026-05-06T00:00:00Z');
const CONFIG = { eventsPerDay: 400 };

const METRICS = `dt, dau, sessions, orders, revenue,
    round(conversion_rate, 6) as conversion_rate, purchasers,
    round(user_conversion_rate, 6) as user_conversion_rate`;
const FUNNEL = `dt, users_view, users_click, users_cart, users_purchase,
    round(view_to_click, 6) as view_to_click,
    round(click_to_cart, 6) as click_to_cart,
    round(cart_to_purchase, 6) as cart_to_purchase`;
const DQ = `dt, rows_total, rejected_cnt, duplicate_cnt, stg_rows,
    invalid_event_name_cnt, negative_price_cnt, purchase_without_price_cnt,
    unknown_platform_cnt, unknown_source_cnt, unknown_region_cnt,
    future_event_time_cnt`;

async function select(db: Database, columns: string, table: string) {
  const { rows } = await db.query(
    `select ${columns} from ${table} order by dt`,
  );
  return rows;
}

describeEachEngine('the original design and our transform', ({ db }) => {
  beforeAll(async () => {
    await backfill(db(), { seed: 7, days: 6, now: NOW, config: CONFIG });
    await runTransform(db(), { now: NOW, fullRefresh: true });
    // Live ticks on top, so the incremental path is compared too.
    for (const minutes of [5, 10, 15]) {
      const now = new Date(NOW.getTime() + minutes * 60_000);
      await generateTick(db(), { seed: 7, now, config: CONFIG });
      await runTransform(db(), { now });
    }
    await setupBaseline(db());
    await runBaseline(db(), new Date(NOW.getTime() + 15 * 60_000));
  });

  it('compute the same daily metrics from generated history', async () => {
    const ours = await select(db(), METRICS, 'mart.daily_metrics');

    expect(ours.length).toBeGreaterThanOrEqual(6);
    expect(await select(db(), METRICS, 'baseline.daily_metrics')).toEqual(ours);
  });

  it('compute the same funnel', async () => {
    const ours = await select(db(), FUNNEL, 'mart.funnel_daily');

    expect(await select(db(), FUNNEL, 'baseline.funnel_daily')).toEqual(ours);
  });

  it('count the same data-quality faults per day', async () => {
    const ours = await select(db(), DQ, 'dq.dq_daily');
    const faults = ours.reduce(
      (sum: number, row) =>
        sum + Number(row.duplicate_cnt) + Number(row.negative_price_cnt),
      0,
    );

    expect(faults).toBeGreaterThan(0);
    expect(await select(db(), DQ, 'baseline.dq_daily')).toEqual(ours);
  });
});
