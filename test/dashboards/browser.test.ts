/**
 * Both dashboards in headless Chromium against a seeded PGlite: the counters
 * show the seeded values, every chart has drawn, the console stays clean.
 * Screenshots go to test-output/screenshots, or to SCREENSHOTS_DIR when set
 * (`SCREENSHOTS_DIR=docs/images` refreshes the README's pictures).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { startDashboardServer } from '../../src/dashboards/server';
import type { Database } from '../../src/db/database';
import { backfill } from '../../src/generator';
import { runTransform } from '../../src/transform';
import { openEngine, type OpenedEngine } from '../support/engines';
import {
  DQ_DAYS,
  METRICS,
  NEWEST_SNAPSHOT,
  seedDashboards,
  utcDay,
} from './seed';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IMAGES = resolve(
  process.env.SCREENSHOTS_DIR ?? join('test-output', 'screenshots'),
);

interface WidgetState {
  key: string;
  type: string;
  drawn: string | undefined;
  value: string | undefined;
  target: string | undefined;
  series: number;
  points: number;
  canvas: boolean;
}

// Runs in the page: each widget's drawn state, counter value and chart size.
const READ_WIDGETS = `[...document.querySelectorAll('section[data-key]')].map((node) => {
  const holder = node.querySelector('.chart');
  const chart = holder ? echarts.getInstanceByDom(holder) : undefined;
  const series = chart ? chart.getOption().series : [];
  const canvas = node.querySelector('canvas');
  return {
    key: node.dataset.key,
    type: node.dataset.type,
    drawn: node.dataset.drawn,
    value: node.querySelector('.value')?.dataset.value,
    target: node.querySelector('.target')?.dataset.target,
    series: series.length,
    points: series.reduce((sum, s) => sum + s.data.length, 0),
    canvas: Boolean(canvas && canvas.width > 0 && canvas.height > 0),
  };
})`;

async function widgetStates(page: Page): Promise<Map<string, WidgetState>> {
  const states = await page.evaluate<WidgetState[]>(READ_WIDGETS);
  return new Map(states.map((state) => [state.key, state]));
}

interface BrowserSession {
  readonly consoleProblems: string[];
  open(slug: string): Promise<Page>;
  close(): Promise<void>;
}

/** The page server on `db` and a fresh headless Chromium profile. */
async function openSession(
  db: Database,
  refreshSeconds?: number,
): Promise<BrowserSession> {
  const server = await startDashboardServer({
    db,
    port: 0,
    ...(refreshSeconds ? { refreshSeconds } : {}),
  });
  const profile = mkdtempSync(join(tmpdir(), 'pulse-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const consoleProblems: string[] = [];
  context.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      consoleProblems.push(`${message.type()}: ${message.text()}`);
    }
  });
  context.on('weberror', (error) => {
    consoleProblems.push(`page error: ${error.error().message}`);
  });
  return {
    consoleProblems,
    async open(slug) {
      const page = await context.newPage();
      await page.goto(`${server.url}/?dashboard=${slug}`);
      await page.waitForSelector(
        `body[data-dashboard="${slug}"][data-refreshes]`,
        { state: 'attached', timeout: 20_000 },
      );
      return page;
    },
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function expectEveryWidgetDrawn(widgets: Map<string, WidgetState>): void {
  expect(widgets.size).toBeGreaterThan(0);
  for (const widget of widgets.values()) {
    // A table may have nothing to list (no alert sent yet); it must still
    // have been drawn, and no widget may show an error.
    const allowed = widget.type === 'TABLE' ? ['true', 'empty'] : ['true'];
    const drawn = widget.drawn ?? 'not drawn';
    expect({ key: widget.key, drawn }).toEqual({
      key: widget.key,
      drawn: allowed.includes(drawn) ? drawn : allowed.join(' or '),
    });
    if (widget.type === 'CHART' || widget.type === 'FUNNEL') {
      expect({ key: widget.key, series: widget.series > 0 }).toEqual({
        key: widget.key,
        series: true,
      });
      expect(widget.points).toBeGreaterThan(0);
      expect(widget.canvas).toBe(true);
    }
  }
}

describe('dashboards page in headless Chromium, seeded marts', () => {
  let engine: OpenedEngine;
  let session: BrowserSession;

  beforeAll(async () => {
    engine = await openEngine('pglite');
    await seedDashboards(engine.db);
    session = await openSession(engine.db);
  });

  afterAll(async () => {
    await session?.close();
    await engine?.dispose();
  });

  test('Product Overview shows the seeded counters and draws every chart', async () => {
    const page = await session.open('product-overview');
    const widgets = await widgetStates(page);
    const [, dayBefore, lastDay, today] = METRICS;
    if (!dayBefore || !lastDay || !today) throw new Error('seed changed');

    expect(widgets.get('po_last_day_revenue')).toMatchObject({
      value: lastDay.revenue,
      target: String(Number(dayBefore.revenue)),
    });
    expect(widgets.get('po_last_day_orders')?.value).toBe(
      String(lastDay.orders),
    );
    expect(widgets.get('po_last_day_sessions')?.value).toBe(
      String(lastDay.sessions),
    );
    expect(widgets.get('po_last_day_dau')?.value).toBe(String(lastDay.dau));
    expect(widgets.get('po_last_day_conversion_rate_pct')?.value).toBe('4.00');
    expect(widgets.get('po_today_revenue')).toMatchObject({
      value: today.revenue,
      // Today was computed at noon: half of yesterday's revenue.
      target: '6789.62',
    });
    expect(widgets.get('po_today_dau')?.value).toBe(String(today.dau));
    expect(
      await page
        .locator('section[data-key="po_last_day_revenue"] .value')
        .textContent(),
    ).toBe('13,579.24');

    expectEveryWidgetDrawn(widgets);
    expect(await page.locator('#notice').isHidden()).toBe(true);
    await page.close();
  });

  test('Data Quality shows the newest snapshot and day counters and draws every chart', async () => {
    const page = await session.open('data-quality');
    const widgets = await widgetStates(page);
    const todayDq = DQ_DAYS.find((day) => day.offset === 0);
    const yesterdayDq = DQ_DAYS.find((day) => day.offset === -1);
    if (!todayDq || !yesterdayDq) throw new Error('seed changed');

    expect(widgets.get('dq_events_last_10m')?.value).toBe(
      String(NEWEST_SNAPSHOT.eventsLast10m),
    );
    expect(widgets.get('dq_freshness_lag')?.value).toBe(
      NEWEST_SNAPSHOT.freshnessLagSeconds,
    );
    expect(widgets.get('dq_overall_status')?.value).toBe('fail');
    expect(widgets.get('dq_card_rows_total')).toMatchObject({
      value: String(todayDq.rowsTotal),
      target: String(yesterdayDq.rowsTotal),
    });
    expect(widgets.get('dq_card_negative_price_cnt')?.value).toBe(
      String(todayDq.checks[1]),
    );

    expectEveryWidgetDrawn(widgets);
    expect(
      await page.locator('section[data-key="dq_tests_table"] tbody tr').count(),
    ).toBe(2);
    await page.close();
  });

  test('the browser console has no errors or warnings', () => {
    expect(session.consoleProblems).toEqual([]);
  });
});

describe('dashboards page in headless Chromium, a generated fortnight', () => {
  let engine: OpenedEngine;
  let session: BrowserSession;

  beforeAll(async () => {
    engine = await openEngine('pglite');
    const now = new Date();
    await backfill(engine.db, {
      seed: 7,
      days: 13,
      now,
      config: { eventsPerDay: 2500 },
    });
    const run = await runTransform(engine.db, { now });
    expect(run.status).toBe('ok');
    session = await openSession(engine.db);
    mkdirSync(IMAGES, { recursive: true });
  });

  afterAll(async () => {
    await session?.close();
    await engine?.dispose();
  });

  test('Product Overview counters equal the marts, and every chart draws', async () => {
    const page = await session.open('product-overview');
    const widgets = await widgetStates(page);
    const { rows } = await engine.db.query<Record<string, string | number>>(
      `select revenue, orders, sessions, dau
       from mart.daily_metrics
       where dt = $1::date`,
      [utcDay(-1)],
    );
    const mart = rows[0];
    if (!mart) throw new Error('no mart row for the last complete day');
    for (const column of ['revenue', 'orders', 'sessions', 'dau']) {
      expect([column, widgets.get(`po_last_day_${column}`)?.value]).toEqual([
        column,
        String(mart[column]),
      ]);
    }
    expectEveryWidgetDrawn(widgets);
    await page.screenshot({
      path: join(IMAGES, 'product-overview.png'),
      fullPage: true,
    });
    await page.close();
  });

  test('Data Quality counters equal the newest snapshot, and every chart draws', async () => {
    const page = await session.open('data-quality');
    const widgets = await widgetStates(page);
    const { rows } = await engine.db.query<Record<string, string | number>>(
      `select events_last_10m, freshness_lag_seconds
       from dq.status_snapshots
       order by check_ts desc
       limit 1`,
    );
    expect(widgets.get('dq_events_last_10m')?.value).toBe(
      String(rows[0]?.events_last_10m),
    );
    expect(widgets.get('dq_freshness_lag')?.value).toBe(
      String(rows[0]?.freshness_lag_seconds),
    );
    expectEveryWidgetDrawn(widgets);
    await page.screenshot({
      path: join(IMAGES, 'data-quality.png'),
      fullPage: true,
    });
    await page.close();
  });

  test('the browser console has no errors or warnings', () => {
    expect(session.consoleProblems).toEqual([]);
  });
});

describe('dashboards page on an empty database', () => {
  let engine: OpenedEngine;
  let session: BrowserSession;

  beforeAll(async () => {
    engine = await openEngine('pglite');
    // Reloads every second, so the test can watch data arrive.
    session = await openSession(engine.db, 1);
  });

  afterAll(async () => {
    await session?.close();
    await engine?.dispose();
  });

  test('each dashboard says plainly that there is no data yet', async () => {
    for (const [slug, table] of [
      ['product-overview', 'mart.daily_metrics'],
      ['data-quality', 'dq.status_snapshots'],
    ] as const) {
      const page = await session.open(slug);
      const notice = page.locator('#notice');
      expect(await notice.isVisible()).toBe(true);
      expect(await notice.textContent()).toContain(`${table} is empty`);
      await page.close();
    }
    expect(session.consoleProblems).toEqual([]);
  });

  test('the page picks up data on its next reload, without a page refresh', async () => {
    const page = await session.open('product-overview');
    expect(await page.locator('#notice').isVisible()).toBe(true);

    await seedDashboards(engine.db);

    await page.waitForSelector('#notice', { state: 'hidden', timeout: 20_000 });
    await page.waitForSelector(
      'section[data-key="po_last_day_revenue"][data-drawn="true"]',
      { state: 'attached', timeout: 20_000 },
    );
    expect(
      await page
        .locator('section[data-key="po_last_day_revenue"] .value')
        .textContent(),
    ).toBe('13,579.24');
    await page.close();
    expect(session.consoleProblems).toEqual([]);
  });
});
