/**
 * A local HTTP server on 127.0.0.1 that records what the alert channels
 * post and answers as the real services do: Slack's webhook says "ok",
 * Telegram's sendMessage says {"ok": true, ...}, anything else 200 {}.
 * `failNext(n)` makes the next n requests fail with a 500.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

export interface AlertReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Requests to `path` (exact), in arrival order. */
  on(path: string): ReceivedRequest[];
  failNext(count: number): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startAlertReceiver(): Promise<AlertReceiver> {
  const requests: ReceivedRequest[] = [];
  let failures = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      const path = request.url ?? '/';
      if (failures > 0) {
        failures -= 1;
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('receiver told to fail');
        return;
      }
      requests.push({
        method: request.method ?? '',
        path,
        contentType: request.headers['content-type'],
        body,
      });
      if (path.startsWith('/slack')) {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
      } else if (/^\/bot[^/]+\/sendMessage$/.test(path)) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ ok: true, result: { message_id: requests.length } }),
        );
      } else {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path) => requests.filter((request) => request.path === path),
    failNext: (count) => {
      failures = count;
    },
    clear: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
