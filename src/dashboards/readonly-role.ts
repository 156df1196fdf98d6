/**
 * The read-only role the dashboards connect as (sql/migrations/0050). The
 * migration makes it without login or password; this gives it both, from
 * the environment, at provisioning time.
 */
import type { Queryable } from '../db/database';
import { ConfigError } from '../db/errors';
import { runSqlStatement } from '../sql-files';

export const READONLY_ROLE = 'pulse_readonly';

export async function setReadonlyLogin(
  db: Queryable,
  password: string,
  role = READONLY_ROLE,
): Promise<void> {
  if (password.length < 8) {
    throw new ConfigError(
      `the password for role ${role} is shorter than 8 characters; set a longer READONLY_DB_PASSWORD`,
    );
  }
  const { rows: found } = await runSqlStatement(
    db,
    'dashboards/role_exists.sql',
    [role],
  );
  if (found.length === 0) {
    throw new ConfigError(
      `role ${role} does not exist; run \`npm run pipeline -- migrate\` first`,
    );
  }
  const { rows } = await runSqlStatement<{ statement: string }>(
    db,
    'dashboards/role_login_statement.sql',
    [role, password],
  );
  const statement = rows[0]?.statement;
  if (!statement) throw new Error('format() returned nothing');
  await db.exec(statement);
}
