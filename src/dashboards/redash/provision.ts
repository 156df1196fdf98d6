/**
 * Makes a Redash match the dashboard definition: the read-only pg data
 * source, the queries (published, refreshed every 300 s), their
 * visualizations, both dashboards with their layout, and the alerts.
 * Idempotent: a run against a Redash that already matches changes nothing.
 */
import { silentLogger, type Logger } from '../../log';
import type { DashboardSet } from '../definition';
import { DASHBOARDS } from '../index';
import { ensureAlerts } from './alerts';
import { RedashClient, type RedashClientOptions } from './client';
import { ensureDashboards } from './dashboards';
import { ensureDataSource, type DataSourceSettings } from './data-source';
import { ensureQueries } from './queries';
import type { ProvisionReport, StepContext } from './report';

export interface ProvisionOptions {
  readonly redash: RedashClientOptions;
  readonly dataSource: DataSourceSettings;
  /** Default: the project's dashboards. */
  readonly set?: DashboardSet;
  /** A webhook every managed alert notifies; none when unset. */
  readonly alertWebhookUrl?: string;
  readonly log?: Logger;
}

export async function provisionRedash(
  options: ProvisionOptions,
): Promise<ProvisionReport> {
  const log = (options.log ?? silentLogger).child({ step: 'redash' });
  const client = new RedashClient({ ...options.redash, log });
  const set = options.set ?? DASHBOARDS;
  const report: ProvisionReport = { changes: [], dashboards: [], mutations: 0 };
  const ctx: StepContext = { client, log, report };
  const started = Date.now();

  const dataSourceId = await ensureDataSource(ctx, options.dataSource);
  const { queryIds, visualizationIds } = await ensureQueries(
    ctx,
    set,
    dataSourceId,
  );
  await ensureDashboards(ctx, set.dashboards, visualizationIds);
  await ensureAlerts(ctx, set.alerts, queryIds, options.alertWebhookUrl);

  report.mutations = client.mutations;
  log.info(
    {
      mutations: report.mutations,
      changed: report.changes.filter((c) => c.action !== 'unchanged').length,
      unchanged: report.changes.filter((c) => c.action === 'unchanged').length,
      duration_ms: Date.now() - started,
    },
    report.mutations === 0 ? 'redash already up to date' : 'redash provisioned',
  );
  return report;
}

export type { ProvisionReport } from './report';
export type { DataSourceSettings } from './data-source';
