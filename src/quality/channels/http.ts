/** JSON over HTTP with a timeout, for the alert channels. */

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

export interface HttpReply {
  readonly status: number;
  readonly body: string;
}

/** POSTs `body` as JSON; a non-2xx reply or a timeout throws. */
export async function postJson(
  url: string,
  body: unknown,
  timeoutMs: number,
): Promise<HttpReply> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DeliveryError(`POST ${redact(url)} failed: ${reason}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new DeliveryError(
      `POST ${redact(url)} answered ${response.status}: ${text.slice(0, 200)}`,
    );
  }
  return { status: response.status, body: text };
}

/**
 * A URL fit for logs: Slack webhook paths and Telegram bot tokens are
 * secrets, so only the origin and the path's first segment are kept.
 */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    const first = parsed.pathname.split('/')[1] ?? '';
    const shown = first.startsWith('bot') ? 'bot***' : first;
    return `${parsed.origin}/${shown}${parsed.pathname.length > first.length + 1 ? '/***' : ''}`;
  } catch {
    return '<bad url>';
  }
}
