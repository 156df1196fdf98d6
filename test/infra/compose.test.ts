/** docker-compose.localstack.yml, parsed and checked (no Docker here). */
import { readFileSync } from 'node:fs';

import { parse } from 'yaml';

interface Service {
  image?: string;
  ports?: string[];
  networks?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
  command?: string | string[];
  entrypoint?: string[];
  profiles?: string[];
  restart?: string;
  volumes?: string[];
}

interface Compose {
  services: Record<string, Service>;
  networks: Record<string, { name?: string }>;
}

const compose = parse(
  readFileSync(
    new URL('../../docker-compose.localstack.yml', import.meta.url),
    'utf8',
  ),
  { merge: true },
) as Compose;
const { services } = compose;

describe('the LocalStack compose file', () => {
  test('has LocalStack, the pipeline Postgres, Redash and its setup', () => {
    expect(Object.keys(services).sort()).toEqual([
      'localstack',
      'pipeline-setup',
      'postgres',
      'redash-init',
      'redash-postgres',
      'redash-scheduler',
      'redash-server',
      'redash-worker',
      'redis',
    ]);
  });

  test('LocalStack is pinned to 4.14.0 and takes a newer image with its token', () => {
    const localstack = services.localstack!;
    expect(localstack.image).toBe(
      '${LOCALSTACK_IMAGE:-localstack/localstack:4.14.0}',
    );
    expect(localstack.environment?.LOCALSTACK_AUTH_TOKEN).toBe(
      '${LOCALSTACK_AUTH_TOKEN:-}',
    );
  });

  test('every image is pinned to a version, never latest', () => {
    for (const [name, service] of Object.entries(services)) {
      const image = service.image ?? '';
      const resolved = image.replace(/\$\{[A-Z_]+:-([^}]+)\}/, '$1');
      expect([name, resolved]).toEqual([
        name,
        expect.stringMatching(/^[\w./-]+:\d+(\.\d+)+[\w.-]*$/),
      ]);
    }
    expect(services.postgres!.image).toMatch(/^postgres:16\./);
  });

  test('all services share one named network, the Lambdas’ network', () => {
    const [key, network] = Object.entries(compose.networks)[0]!;
    expect(Object.keys(compose.networks)).toHaveLength(1);
    for (const service of Object.values(services)) {
      expect(service.networks).toEqual([key]);
    }
    expect(services.localstack!.environment?.LAMBDA_DOCKER_NETWORK).toBe(
      network.name,
    );
  });

  test('no port is published beyond 127.0.0.1', () => {
    const published = Object.values(services).flatMap(
      (service) => service.ports ?? [],
    );
    expect(published.length).toBeGreaterThanOrEqual(3);
    for (const port of published) {
      expect(String(port)).toMatch(/^127\.0\.0\.1:/);
    }
  });

  test('long-running services have healthchecks and Redash waits for them', () => {
    for (const name of [
      'localstack',
      'postgres',
      'redash-postgres',
      'redis',
      'redash-server',
    ]) {
      expect([name, services[name]!.healthcheck?.test]).toEqual([
        name,
        expect.anything(),
      ]);
    }
    expect(services['redash-server']!.depends_on).toMatchObject({
      'redash-postgres': { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
      'redash-init': { condition: 'service_completed_successfully' },
    });
  });

  test('Redash runs as server, scheduler and worker with its required settings', () => {
    expect(services['redash-server']!.command).toBe('server');
    expect(services['redash-scheduler']!.command).toBe('scheduler');
    expect(services['redash-worker']!.command).toBe('worker');
    for (const name of ['redash-server', 'redash-scheduler', 'redash-worker']) {
      expect(Object.keys(services[name]!.environment ?? {})).toEqual(
        expect.arrayContaining([
          'REDASH_DATABASE_URL',
          'REDASH_REDIS_URL',
          'REDASH_COOKIE_SECRET',
          'REDASH_SECRET_KEY',
        ]),
      );
    }
  });

  test('the one-shot setup creates the tables, the root user and the API key', () => {
    const init = services['redash-init']!;
    const script = [init.command].flat().join('\n');
    expect(init.restart).toBe('no');
    expect(script).toContain('create_db');
    expect(script).toContain('users create_root');
    expect(script).toContain('api_key');
    const setup = services['pipeline-setup']!;
    const setupScript = [setup.command].flat().join('\n');
    expect(setupScript).toContain('npm run pipeline -- redash provision');
    // The host's node_modules may hold another platform's binaries: the
    // checkout is mounted read-only and the container installs its own.
    expect(setup.volumes).toContain('.:/app:ro');
    expect(setupScript).toContain('--exclude=./node_modules');
    expect(setupScript).toContain('npm ci');
    expect(setup.environment?.REDASH_URL).toBe('http://redash-server:5000');
  });

  test('a one-shot service that up starts is awaited by a long-running one, so up --wait exits 0', () => {
    const oneShots = Object.entries(services)
      .filter(([, service]) => service.restart === 'no' && !service.profiles)
      .map(([name]) => name);
    expect(oneShots).toEqual(['redash-init']);
    for (const name of oneShots) {
      const adopters = Object.entries(services).filter(
        ([, service]) =>
          service.restart !== 'no' &&
          service.depends_on?.[name]?.condition ===
            'service_completed_successfully',
      );
      expect(adopters.length).toBeGreaterThan(0);
    }
  });
});
