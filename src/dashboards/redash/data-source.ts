/**
 * The pg data source the dashboards query through, found by name. Redash
 * masks secrets when it returns a data source, so the password is compared
 * never: it is sent on create, on any other change, or when asked to.
 */
import { ConfigError } from '../../db/errors';
import type { RedashDataSource } from './api-types';
import { record, type StepContext } from './report';

export interface DataSourceSettings {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  readonly user: string;
  readonly password?: string;
  /** Send the password even when nothing else changed. */
  readonly updatePassword?: boolean;
}

const COMPARED = ['host', 'port', 'dbname', 'user'] as const;

export async function ensureDataSource(
  ctx: StepContext,
  settings: DataSourceSettings,
): Promise<number> {
  const options = {
    host: settings.host,
    port: settings.port,
    dbname: settings.dbname,
    user: settings.user,
    ...(settings.password ? { password: settings.password } : {}),
  };
  const all = await ctx.client.get<RedashDataSource[]>('/api/data_sources');
  const found = all.find((ds) => ds.name === settings.name);
  if (!found) {
    if (!settings.password) {
      throw new ConfigError(
        `Redash has no data source "${settings.name}" and no password was given to create it; set REDASH_DS_PASSWORD or READONLY_DATABASE_URL`,
      );
    }
    const created = await ctx.client.post<RedashDataSource>(
      '/api/data_sources',
      { name: settings.name, type: 'pg', options },
    );
    record(ctx, 'created', 'data source', settings.name, created.id);
    return created.id;
  }

  const current = await ctx.client.get<RedashDataSource>(
    `/api/data_sources/${found.id}`,
  );
  const drifted =
    current.type !== 'pg' ||
    COMPARED.some(
      (key) => String(current.options?.[key] ?? '') !== String(options[key]),
    );
  const sendPassword = Boolean(settings.updatePassword && settings.password);
  if (!drifted && !sendPassword) {
    record(ctx, 'unchanged', 'data source', settings.name, found.id);
    return found.id;
  }
  // Redash merges options on update: leaving out the password keeps it.
  await ctx.client.post(`/api/data_sources/${found.id}`, {
    name: settings.name,
    type: 'pg',
    options,
  });
  record(ctx, 'updated', 'data source', settings.name, found.id);
  return found.id;
}
