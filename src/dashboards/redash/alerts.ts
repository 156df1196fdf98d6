/**
 * Redash alerts of the definition, matched by name, and optionally one
 * webhook destination every managed alert notifies.
 */
import { isDeepStrictEqual } from 'node:util';

import type { AlertDefinition } from '../definition';
import type {
  RedashAlert,
  RedashDestination,
  RedashSubscription,
} from './api-types';
import { record, type StepContext } from './report';

export const WEBHOOK_DESTINATION_NAME = 'Pulse alerts webhook';

async function ensureWebhook(ctx: StepContext, url: string): Promise<number> {
  const all = await ctx.client.get<RedashDestination[]>('/api/destinations');
  const found = all.find((d) => d.name === WEBHOOK_DESTINATION_NAME);
  const body = {
    name: WEBHOOK_DESTINATION_NAME,
    type: 'webhook',
    options: { url },
  };
  if (!found) {
    const created = await ctx.client.post<RedashDestination>(
      '/api/destinations',
      body,
    );
    record(ctx, 'created', 'destination', body.name, created.id);
    return created.id;
  }
  const current = await ctx.client.get<RedashDestination>(
    `/api/destinations/${found.id}`,
  );
  if (current.type === 'webhook' && current.options?.url === url) {
    record(ctx, 'unchanged', 'destination', body.name, found.id);
    return found.id;
  }
  await ctx.client.post(`/api/destinations/${found.id}`, body);
  record(ctx, 'updated', 'destination', body.name, found.id);
  return found.id;
}

function desiredAlert(alert: AlertDefinition, queryId: number) {
  return {
    name: alert.name,
    query_id: queryId,
    options: {
      column: alert.column,
      op: alert.op,
      value: alert.value,
      selector: 'first',
    },
    rearm: alert.rearmSeconds > 0 ? alert.rearmSeconds : null,
  };
}

async function ensureSubscription(
  ctx: StepContext,
  alert: RedashAlert,
  destinationId: number,
): Promise<void> {
  const path = `/api/alerts/${alert.id}/subscriptions`;
  const subscriptions = await ctx.client.get<RedashSubscription[]>(path);
  if (subscriptions.some((s) => s.destination?.id === destinationId)) return;
  const created = await ctx.client.post<RedashSubscription>(path, {
    destination_id: destinationId,
  });
  record(ctx, 'created', 'subscription', alert.name, created.id);
}

export async function ensureAlerts(
  ctx: StepContext,
  alerts: readonly AlertDefinition[],
  queryIds: ReadonlyMap<string, number>,
  webhookUrl?: string,
): Promise<void> {
  if (alerts.length === 0) return;
  const destinationId = webhookUrl
    ? await ensureWebhook(ctx, webhookUrl)
    : undefined;
  const existing = await ctx.client.get<RedashAlert[]>('/api/alerts');
  for (const alert of alerts) {
    const queryId = queryIds.get(alert.query);
    if (queryId === undefined) throw new Error(`alert ${alert.key}: no query`);
    const desired = desiredAlert(alert, queryId);
    let current = existing.find((a) => a.name === alert.name);
    if (!current) {
      current = await ctx.client.post<RedashAlert>('/api/alerts', desired);
      record(ctx, 'created', 'alert', alert.name, current.id);
    } else {
      const same =
        current.query.id === queryId &&
        (current.rearm ?? null) === desired.rearm &&
        isDeepStrictEqual(
          {
            column: current.options.column,
            op: current.options.op,
            value: current.options.value,
          },
          {
            column: desired.options.column,
            op: desired.options.op,
            value: desired.options.value,
          },
        );
      if (same) {
        record(ctx, 'unchanged', 'alert', alert.name, current.id);
      } else {
        await ctx.client.post(`/api/alerts/${current.id}`, desired);
        record(ctx, 'updated', 'alert', alert.name, current.id);
      }
    }
    if (destinationId !== undefined) {
      await ensureSubscription(ctx, current, destinationId);
    }
  }
}
