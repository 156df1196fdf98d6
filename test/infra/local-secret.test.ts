import {
  DEFAULT_LOCAL_DATABASE_URL,
  optionsFromEnv,
  putDatabaseSecret,
} from '../../infra/local/put-database-secret';
import { startSecretsStandin } from '../support/secrets-standin';

describe('storing the database URL before a LocalStack deploy', () => {
  test('defaults to the compose postgres service and the stack’s secret name', () => {
    expect(optionsFromEnv({})).toEqual({
      endpoint: 'http://127.0.0.1:4566',
      name: 'pulse/database-url',
      url: 'postgres://pulse:pulse@postgres:5432/pulse',
    });
    expect(DEFAULT_LOCAL_DATABASE_URL).toContain('@postgres:5432/');
  });

  test('creates the secret, then updates it on the next deploy', async () => {
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const standin = await startSecretsStandin();
    try {
      const options = {
        endpoint: standin.endpoint,
        name: 'pulse/database-url',
        url: 'postgres://a@h/x',
      };
      await expect(putDatabaseSecret(options)).resolves.toBe('created');
      await expect(
        putDatabaseSecret({ ...options, url: 'postgres://b@h/x' }),
      ).resolves.toBe('updated');
      expect(standin.secrets.get('pulse/database-url')).toBe(
        'postgres://b@h/x',
      );
    } finally {
      await standin.close();
    }
  });
});
