import { RUN_PREFIX_ENV, withAdmin, ADMIN_URL } from './support/postgres-admin';

export default async function globalSetup(): Promise<void> {
  try {
    await withAdmin((client) => client.query('select 1'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `the tests need PostgreSQL at ${ADMIN_URL} (${reason}); start it or set TEST_DATABASE_URL`,
      { cause: error },
    );
  }
  process.env[RUN_PREFIX_ENV] = `pulse_test_${Date.now().toString(36)}`;
}
