/**
 * A loopback stand-in for Secrets Manager's GetSecretValue (JSON 1.1
 * protocol), for the external-database mode the Lambdas run in on
 * LocalStack. Reached by the real SDK client through
 * AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsStandin {
  readonly endpoint: string;
  /** Secret ids asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startSecretsStandin(
  secrets: Readonly<Record<string, string>>,
): Promise<SecretsStandin> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      const id = String(body.SecretId ?? '');
      requests.push(id);
      const value = secrets[id];
      const signed = request.headers.authorization?.startsWith('AWS4-');
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'secretsmanager.GetSecretValue' || !signed) {
        response.writeHead(400);
        response.end(
          JSON.stringify({
            __type: 'InvalidRequestException',
            message: target,
          }),
        );
      } else if (value === undefined) {
        response.writeHead(400);
        response.end(
          JSON.stringify({
            __type: 'ResourceNotFoundException',
            message: `Secrets Manager can't find the specified secret.`,
          }),
        );
      } else {
        response.writeHead(200);
        response.end(
          JSON.stringify({ ARN: id, Name: id, SecretString: value }),
        );
      }
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
