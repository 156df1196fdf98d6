/**
 * Slack incoming webhook: a message payload with `text` (the fallback and
 * notification line) and one mrkdwn section block.
 */
import type { AlertChannel } from './channel';
import { DeliveryError, postJson } from './http';
import { messageText, type AlertMessage } from './message';

export function slackPayload(message: AlertMessage): Record<string, unknown> {
  const text = messageText(message);
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: slackEscape(text) },
      },
    ],
  };
}

/** Slack reads &, < and > as markup; the docs ask for these escapes. */
function slackEscape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

export function slackChannel(url: string): AlertChannel {
  return {
    name: 'slack',
    async send(message, timeoutMs) {
      const reply = await postJson(url, slackPayload(message), timeoutMs);
      // Slack answers a plain "ok"; anything else is an error description.
      if (reply.body.trim() !== 'ok') {
        throw new DeliveryError(`slack answered: ${reply.body.slice(0, 200)}`);
      }
    },
  };
}
