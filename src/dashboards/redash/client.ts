/**
 * A small Redash API client on Node's fetch: `Authorization: Key`, JSON in
 * and out, retries with backoff on server errors, and one-line errors that
 * say what to fix for the failures people actually hit (bad key, missing
 * rights, wrong URL, server down).
 */
import { ConfigError } from '../../db/errors';
import { silentLogger, type Logger } from '../../log';

export interface RedashClientOptions {
  /** The server root, e.g. http://localhost:5000. */
  readonly url: string;
  readonly apiKey: string;
  /** Attempts after the first on 5xx and network errors; default 3. */
  readonly retries?: number;
  /** First backoff delay, doubled per attempt; default 500 ms. */
  readonly retryDelayMs?: number;
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
  readonly log?: Logger;
}

export class RedashApiError extends Error {
  override readonly name = 'RedashApiError';

  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'DELETE';

// A POST that failed with a 500 may have been applied: repeating it could
// create a second object. Gateway errors mean the request never got there.
const RETRY_ANY_METHOD = new Set([502, 503, 504]);

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  if (cause?.code) return cause.code;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  return cause?.message ?? (error instanceof Error ? error.message : 'error');
}

export class RedashClient {
  readonly baseUrl: string;
  /** POST and DELETE calls that succeeded, for the provisioning report. */
  mutations = 0;
  readonly #apiKey: string;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #timeoutMs: number;
  readonly #log: Logger;

  constructor(options: RedashClientOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new ConfigError(
        `REDASH_URL "${options.url}" is not a URL; use the server root such as http://localhost:5000`,
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ConfigError(
        `REDASH_URL "${options.url}" must start with http:// or https://`,
      );
    }
    if (!options.apiKey.trim()) {
      throw new ConfigError(
        'no Redash API key; set REDASH_API_KEY or pass --api-key (a user API key from Redash: Settings > Account)',
      );
    }
    this.baseUrl = parsed.toString().replace(/\/+$/, '');
    this.#apiKey = options.apiKey.trim();
    this.#retries = options.retries ?? 3;
    this.#retryDelayMs = options.retryDelayMs ?? 500;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#log = options.log ?? silentLogger;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  delete(path: string): Promise<unknown> {
    return this.request('DELETE', path);
  }

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    for (let attempt = 0; ; attempt += 1) {
      const canRetry = attempt < this.#retries;
      const backoff = this.#retryDelayMs * 2 ** attempt;
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization: `Key ${this.#apiKey}`,
            accept: 'application/json',
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        const reason = networkReason(error);
        if (canRetry) {
          this.#log.warn(
            { method, path, reason, attempt },
            'redash unreachable, retrying',
          );
          await sleep(backoff);
          continue;
        }
        throw new ConfigError(
          `cannot reach Redash at ${this.baseUrl} (${reason}); check REDASH_URL and that the server is running`,
        );
      }

      if (response.ok) {
        if (method !== 'GET') this.mutations += 1;
        const text = await response.text();
        return (text ? JSON.parse(text) : null) as T;
      }

      const detail = (await response.text()).slice(0, 300).trim();
      const status = response.status;
      const retryable =
        status >= 500 && (method === 'GET' || RETRY_ANY_METHOD.has(status));
      if (retryable && canRetry) {
        this.#log.warn(
          { method, path, status, attempt },
          'redash server error, retrying',
        );
        await sleep(backoff);
        continue;
      }
      throw this.#error(method, path, status, detail, attempt + 1);
    }
  }

  #error(
    method: Method,
    path: string,
    status: number,
    detail: string,
    attempts: number,
  ): Error {
    const where = `${method} ${this.baseUrl}${path}`;
    if (status === 401) {
      return new ConfigError(
        `Redash rejected the API key (401 at ${where}); set REDASH_API_KEY to a valid user API key (Redash: Settings > Account)`,
      );
    }
    if (status === 403) {
      return new ConfigError(
        `Redash refused ${where} (403 Forbidden); the API key's user must be an admin to manage data sources, queries and dashboards`,
      );
    }
    if (status === 404) {
      return new ConfigError(
        `Redash has no ${where} (404 Not Found); check that REDASH_URL is the server root (e.g. http://localhost:5000) of Redash 10 or later`,
      );
    }
    const message =
      status >= 500
        ? `Redash failed ${where} with ${status} after ${attempts} attempt(s): ${detail}`
        : `Redash answered ${status} to ${where}: ${detail}`;
    return new RedashApiError(message, status);
  }
}
