import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

import { channelsFromSettings } from '../../src/quality/channels/config';
import { resolveAlertSettings } from '../../src/quality/channels/secrets';
import {
  startSecretsStandin,
  type SecretsStandin,
} from '../support/secrets-standin';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pulse/alerts';

describe('alert settings from Secrets Manager', () => {
  let standin: SecretsStandin;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    standin = await startSecretsStandin({
      [ARN]: JSON.stringify({
        SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
        TELEGRAM_BOT_TOKEN: '42:abc',
        TELEGRAM_CHAT_ID: '-1001',
      }),
    });
    client = new SecretsManagerClient({
      endpoint: standin.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterAll(async () => {
    client.destroy();
    await standin.close();
  });

  test('the real SDK client reads the JSON secret named by ALERT_SECRET_ARN', async () => {
    const settings = await resolveAlertSettings(
      { ALERT_SECRET_ARN: ARN },
      client,
    );

    expect(standin.requests).toEqual([`GetSecretValue ${ARN}`]);
    expect(settings).toEqual({
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      TELEGRAM_BOT_TOKEN: '42:abc',
      TELEGRAM_CHAT_ID: '-1001',
    });
    expect(channelsFromSettings(settings).map((c) => c.name)).toEqual([
      'slack',
      'telegram',
    ]);
  });

  test('a secret that does not exist is an error naming it', async () => {
    await expect(
      resolveAlertSettings({ ALERT_SECRET_ARN: `${ARN}-missing` }, client),
    ).rejects.toThrow(
      `alert secret ${ARN}-missing could not be read (Secrets Manager can't find the specified secret.); check ALERT_SECRET_ARN`,
    );
  });
});
