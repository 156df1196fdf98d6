/**
 * A loopback stand-in for Secrets Manager (JSON 1.1 protocol):
 * GetSecretValue, CreateSecret and PutSecretValue, enough for the
 * external-database mode the Lambdas run in on LocalStack and for the
 * script that stores the secret there. Reached by the real SDK client.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsStandin {
  readonly endpoint: string;
  /** Secret values by id, as stored now. */
  readonly secrets: Map<string, string>;
  /** Operations and secret ids asked for, in order, e.g. 'Get pulse/x'. */
  readonly requests: string[];
  close(): Promise<void>;
}

type Reply = [number, Record<string, unknown>];

function handle(
  operation: string,
  body: Record<string, unknown>,
  secrets: Map<string, string>,
): Reply {
  const notFound: Reply = [
    400,
    {
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    },
  ];
  switch (operation) {
    case 'GetSecretValue': {
      const id = String(body.SecretId);
      const value = secrets.get(id);
      if (value === undefined) return notFound;
      return [200, { ARN: id, Name: id, SecretString: value }];
    }
    case 'CreateSecret': {
      const name = String(body.Name);
      if (secrets.has(name)) {
        return [
          400,
          {
            __type: 'ResourceExistsException',
            message: `The operation failed because the secret ${name} already exists.`,
          },
        ];
      }
      secrets.set(name, String(body.SecretString));
      return [200, { ARN: name, Name: name }];
    }
    case 'PutSecretValue': {
      const id = String(body.SecretId);
      if (!secrets.has(id)) return notFound;
      secrets.set(id, String(body.SecretString));
      return [200, { ARN: id, Name: id }];
    }
    default:
      return [400, { __type: 'InvalidRequestException', message: operation }];
  }
}

export async function startSecretsStandin(
  initial: Readonly<Record<string, string>> = {},
): Promise<SecretsStandin> {
  const secrets = new Map(Object.entries(initial));
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.replace(/^secretsmanager\./, '');
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      requests.push(`${operation} ${String(body.SecretId ?? body.Name)}`);
      const [status, payload]: Reply =
        request.headers.authorization?.startsWith('AWS4-')
          ? handle(operation, body, secrets)
          : [400, { __type: 'IncompleteSignature', message: 'not signed' }];
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
      });
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    secrets,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
