import {
  dataSourceSettings,
  readonlyPasswordFromEnv,
} from '../../src/dashboards/redash/settings';
import { ConfigError } from '../../src/db/errors';

describe('Redash data source settings', () => {
  test('READONLY_DATABASE_URL gives every connection field', () => {
    const settings = dataSourceSettings(
      {},
      {
        READONLY_DATABASE_URL:
          'postgres://reader:p%40ss@db.internal:6543/analytics',
      },
    );
    expect(settings).toEqual({
      name: 'Pulse (read-only)',
      host: 'db.internal',
      port: 6543,
      dbname: 'analytics',
      user: 'reader',
      password: 'p@ss',
      updatePassword: false,
    });
  });

  test('flags win over REDASH_DS_* variables, which win over the URL', () => {
    const settings = dataSourceSettings(
      { dsHost: 'flag-host', updatePassword: true },
      {
        READONLY_DATABASE_URL: 'postgres://reader:pw@url-host:5432/analytics',
        REDASH_DS_HOST: 'env-host',
        REDASH_DS_PORT: '7000',
        REDASH_DS_PASSWORD: 'env-password',
        REDASH_DATA_SOURCE_NAME: 'Pulse prod',
      },
    );
    expect(settings).toMatchObject({
      name: 'Pulse prod',
      host: 'flag-host',
      port: 7000,
      dbname: 'analytics',
      user: 'reader',
      password: 'env-password',
      updatePassword: true,
    });
  });

  test('without a read-only URL the pipeline database is used with the read-only role', () => {
    const settings = dataSourceSettings(
      { dsPassword: 'secret-pw' },
      { DATABASE_URL: 'postgres://admin:adminpw@postgres/pulse' },
    );
    expect(settings).toMatchObject({
      host: 'postgres',
      port: 5432,
      dbname: 'pulse',
      user: 'pulse_readonly',
      password: 'secret-pw',
    });
  });

  test('a missing host or a bad URL is one line naming the variable', () => {
    expect(() => dataSourceSettings({}, {})).toThrow(
      new ConfigError(
        'no database host for the Redash data source; set REDASH_DS_HOST (as Redash reaches it, e.g. postgres in compose) or READONLY_DATABASE_URL',
      ),
    );
    expect(() =>
      dataSourceSettings({}, { READONLY_DATABASE_URL: 'mysql://x@y/z' }),
    ).toThrow(/^READONLY_DATABASE_URL is not a postgres:\/\/ URL/);
    expect(() =>
      dataSourceSettings({ dsHost: 'h', dsDb: 'd', dsPort: 'http' }, {}),
    ).toThrow('bad data source port "http"');
  });

  test('the role password comes from READONLY_DB_PASSWORD, else the URL', () => {
    expect(
      readonlyPasswordFromEnv({
        READONLY_DB_PASSWORD: 'a',
        READONLY_DATABASE_URL: 'postgres://r:b@h/d',
      }),
    ).toBe('a');
    expect(
      readonlyPasswordFromEnv({ READONLY_DATABASE_URL: 'postgres://r:b@h/d' }),
    ).toBe('b');
    expect(readonlyPasswordFromEnv({})).toBeUndefined();
  });
});
