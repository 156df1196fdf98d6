/**
 * `pipeline redash provision`: makes a Redash show both dashboards;
 * `pipeline redash readonly-login`: lets the read-only role log in.
 */
import type { Command } from 'commander';

import { setReadonlyLogin, READONLY_ROLE } from '../dashboards/readonly-role';
import { provisionRedash } from '../dashboards/redash/provision';
import {
  dataSourceSettings,
  DEFAULT_DATA_SOURCE_NAME,
  readonlyPasswordFromEnv,
  type DataSourceFlags,
} from '../dashboards/redash/settings';
import { ConfigError } from '../db/errors';
import { createLogger } from '../log';
import { withDatabase, type GlobalOptions } from './context';

interface ProvisionFlags extends DataSourceFlags {
  readonly url?: string;
  readonly apiKey?: string;
  readonly alertWebhookUrl?: string;
  readonly grantLogin?: boolean;
  readonly json?: boolean;
}

function readonlyPassword(password: string | undefined): string {
  if (!password) {
    throw new ConfigError(
      `no password for role ${READONLY_ROLE}; set READONLY_DB_PASSWORD (or the password in READONLY_DATABASE_URL)`,
    );
  }
  return password;
}

export function registerRedash(program: Command): void {
  const redash = program
    .command('redash')
    .description('Redash: provision the dashboards, set up the read-only role');

  redash
    .command('provision')
    .description(
      'create or update the data source, queries (refreshed every 300 s), visualizations and both dashboards in a Redash; safe to rerun: a second run changes nothing',
    )
    .option('--url <url>', 'Redash server root (env REDASH_URL)')
    .option(
      '--api-key <key>',
      'a Redash admin user API key (env REDASH_API_KEY)',
    )
    .option(
      '--data-source-name <name>',
      `data source name (env REDASH_DATA_SOURCE_NAME, default "${DEFAULT_DATA_SOURCE_NAME}")`,
    )
    .option(
      '--ds-host <host>',
      'database host as Redash reaches it (env REDASH_DS_HOST)',
    )
    .option(
      '--ds-port <port>',
      'database port (env REDASH_DS_PORT, default 5432)',
    )
    .option('--ds-db <name>', 'database name (env REDASH_DS_DBNAME)')
    .option(
      '--ds-user <user>',
      `database user (env REDASH_DS_USER, default ${READONLY_ROLE})`,
    )
    .option(
      '--ds-password <password>',
      'database password (env REDASH_DS_PASSWORD or READONLY_DB_PASSWORD)',
    )
    .option(
      '--update-password',
      'send the password to Redash even if nothing else changed',
    )
    .option(
      '--grant-login',
      `first let ${READONLY_ROLE} log in with that password (uses DATABASE_URL or the embedded database)`,
    )
    .option(
      '--alert-webhook-url <url>',
      'webhook the Redash alerts notify (env REDASH_ALERT_WEBHOOK_URL)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions & ProvisionFlags>();
      const url = flags.url ?? process.env.REDASH_URL;
      if (!url) {
        throw new ConfigError(
          'no Redash URL; set REDASH_URL or pass --url (e.g. http://localhost:5000)',
        );
      }
      const dataSource = dataSourceSettings(flags);
      if (flags.grantLogin) {
        const password = readonlyPassword(dataSource.password);
        await withDatabase(flags, ({ db }) => setReadonlyLogin(db, password));
      }
      const webhook =
        flags.alertWebhookUrl ?? process.env.REDASH_ALERT_WEBHOOK_URL;
      const report = await provisionRedash({
        redash: {
          url,
          apiKey: flags.apiKey ?? process.env.REDASH_API_KEY ?? '',
        },
        dataSource,
        ...(webhook ? { alertWebhookUrl: webhook } : {}),
        log: createLogger(),
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const changed = report.changes.filter((c) => c.action !== 'unchanged');
      for (const change of changed) {
        process.stdout.write(
          `${change.action} ${change.kind}: ${change.name}\n`,
        );
      }
      process.stdout.write(
        `${changed.length} change(s), ${report.changes.length - changed.length} unchanged\n`,
      );
      for (const dashboard of report.dashboards) {
        process.stdout.write(`${dashboard.name}: ${dashboard.url}\n`);
      }
    });

  redash
    .command('readonly-login')
    .description(
      `let the role ${READONLY_ROLE} log in with READONLY_DB_PASSWORD (roles are server-wide; run as an admin)`,
    )
    .option('--password <password>', 'the password (env READONLY_DB_PASSWORD)')
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<
        GlobalOptions & { password?: string }
      >();
      const password = readonlyPassword(
        flags.password ?? readonlyPasswordFromEnv(),
      );
      await withDatabase(flags, async ({ db, log }) => {
        await setReadonlyLogin(db, password);
        log.info({ role: READONLY_ROLE }, 'read-only role may log in');
      });
    });
}
