/** A generic JSON webhook: the notification as a flat JSON object. */
import type { AlertChannel } from './channel';
import { postJson } from './http';
import { messageText, type AlertMessage } from './message';

export function webhookPayload(message: AlertMessage): Record<string, unknown> {
  return {
    source: 'pulse-pipeline',
    notification_id: message.notificationId,
    notification_key: message.key,
    check: message.check,
    transition: message.transition,
    state: message.transition === 'recovered' ? 'ok' : 'failing',
    state_since: message.stateSince.toISOString(),
    created_at: message.createdAt.toISOString(),
    detail: message.detail,
    text: messageText(message),
  };
}

export function webhookChannel(url: string): AlertChannel {
  return {
    name: 'webhook',
    async send(message, timeoutMs) {
      await postJson(url, webhookPayload(message), timeoutMs);
    },
  };
}
