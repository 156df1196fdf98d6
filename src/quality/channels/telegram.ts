/** Telegram Bot API sendMessage to one chat. */
import type { AlertChannel } from './channel';
import { DeliveryError, postJson } from './http';
import { messageText, type AlertMessage } from './message';

export const TELEGRAM_API_URL = 'https://api.telegram.org';

export function telegramPayload(
  chatId: string,
  message: AlertMessage,
): Record<string, unknown> {
  // Plain text (no parse_mode): check names and details need no escaping.
  return {
    chat_id: chatId,
    text: messageText(message),
    disable_web_page_preview: true,
  };
}

export function telegramChannel(options: {
  readonly token: string;
  readonly chatId: string;
  readonly apiUrl?: string;
}): AlertChannel {
  const base = (options.apiUrl ?? TELEGRAM_API_URL).replace(/\/+$/, '');
  const url = `${base}/bot${options.token}/sendMessage`;
  return {
    name: 'telegram',
    async send(message, timeoutMs) {
      const reply = await postJson(
        url,
        telegramPayload(options.chatId, message),
        timeoutMs,
      );
      let ok: boolean;
      try {
        ok = (JSON.parse(reply.body) as { ok?: unknown }).ok === true;
      } catch {
        ok = false;
      }
      if (!ok) {
        throw new DeliveryError(
          `telegram answered: ${reply.body.slice(0, 200)}`,
        );
      }
    },
  };
}
