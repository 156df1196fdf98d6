/**
 * Where the Redash data source connects: flags first, then REDASH_DS_*,
 * then READONLY_DATABASE_URL, then the pipeline's DATABASE_URL with the
 * read-only role as user. The address is the one Redash uses, which in a
 * compose network is a service name rather than localhost.
 */
import { ConfigError } from '../../db/errors';
import { READONLY_ROLE } from '../readonly-role';
import type { DataSourceSettings } from './data-source';

export const DEFAULT_DATA_SOURCE_NAME = 'Pulse (read-only)';

export interface DataSourceFlags {
  readonly dataSourceName?: string;
  readonly dsHost?: string;
  readonly dsPort?: string;
  readonly dsDb?: string;
  readonly dsUser?: string;
  readonly dsPassword?: string;
  readonly updatePassword?: boolean;
}

function parseUrl(text: string | undefined, variable: string) {
  if (!text?.trim()) return undefined;
  try {
    const url = new URL(text.trim());
    if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error('protocol');
    return url;
  } catch {
    throw new ConfigError(
      `${variable} is not a postgres:// URL; use postgres://user:password@host:5432/dbname`,
    );
  }
}

export function dataSourceSettings(
  flags: DataSourceFlags,
  env: NodeJS.ProcessEnv = process.env,
): DataSourceSettings {
  const readonly = parseUrl(env.READONLY_DATABASE_URL, 'READONLY_DATABASE_URL');
  const main = parseUrl(env.DATABASE_URL, 'DATABASE_URL');
  const decode = (value: string | undefined) =>
    value ? decodeURIComponent(value) : undefined;

  const host =
    flags.dsHost ?? env.REDASH_DS_HOST ?? readonly?.hostname ?? main?.hostname;
  if (!host) {
    throw new ConfigError(
      'no database host for the Redash data source; set REDASH_DS_HOST (as Redash reaches it, e.g. postgres in compose) or READONLY_DATABASE_URL',
    );
  }
  const portText =
    flags.dsPort ?? env.REDASH_DS_PORT ?? readonly?.port ?? main?.port ?? '';
  const port = portText === '' ? 5432 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(
      `bad data source port "${portText}"; use a number from 1 to 65535 (REDASH_DS_PORT)`,
    );
  }
  const dbname =
    flags.dsDb ??
    env.REDASH_DS_DBNAME ??
    decode(readonly?.pathname.slice(1)) ??
    decode(main?.pathname.slice(1));
  if (!dbname) {
    throw new ConfigError(
      'no database name for the Redash data source; set REDASH_DS_DBNAME or READONLY_DATABASE_URL',
    );
  }
  const password =
    flags.dsPassword ??
    env.REDASH_DS_PASSWORD ??
    env.READONLY_DB_PASSWORD ??
    decode(readonly?.password);
  return {
    name:
      flags.dataSourceName ??
      env.REDASH_DATA_SOURCE_NAME ??
      DEFAULT_DATA_SOURCE_NAME,
    host,
    port,
    dbname,
    user:
      flags.dsUser ??
      env.REDASH_DS_USER ??
      decode(readonly?.username) ??
      READONLY_ROLE,
    ...(password ? { password } : {}),
    updatePassword: Boolean(flags.updatePassword),
  };
}

/** The read-only role's password from READONLY_DB_PASSWORD or the URL. */
export function readonlyPasswordFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const url = parseUrl(env.READONLY_DATABASE_URL, 'READONLY_DATABASE_URL');
  const fromUrl = url?.password ? decodeURIComponent(url.password) : undefined;
  return env.READONLY_DB_PASSWORD ?? fromUrl;
}
