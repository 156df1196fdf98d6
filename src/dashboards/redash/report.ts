/** What a provisioning run did, object by object, for the log and tests. */
import type { Logger } from '../../log';
import type { RedashClient } from './client';

export type Action = 'created' | 'updated' | 'deleted' | 'unchanged';

export interface ProvisionChange {
  readonly action: Action;
  readonly kind: string;
  readonly name: string;
  readonly id: number;
}

export interface ProvisionedDashboard {
  readonly name: string;
  readonly id: number;
  readonly url: string;
}

export interface ProvisionReport {
  readonly changes: ProvisionChange[];
  readonly dashboards: ProvisionedDashboard[];
  /** Mutating API calls made; 0 when everything already matched. */
  mutations: number;
}

export interface StepContext {
  readonly client: RedashClient;
  readonly log: Logger;
  readonly report: ProvisionReport;
}

export function record(
  ctx: StepContext,
  action: Action,
  kind: string,
  name: string,
  id: number,
): void {
  ctx.report.changes.push({ action, kind, name, id });
  const level = action === 'unchanged' ? 'debug' : 'info';
  ctx.log[level]({ kind, name, id, action }, `redash ${kind} ${action}`);
}
