/**
 * A scratch database on the real PostgreSQL server reached only through
 * the Data API driver and the loopback stand-in.
 */
import {
  openDataApi,
  type DataApiDatabase,
  type DataApiDriverOptions,
} from '../../src/db/data-api-driver';
import { migrate } from '../../src/db/migrate';
import {
  startDataApiStandin,
  standinClientConfig,
  type DataApiStandin,
  type StandinOptions,
} from './data-api-standin';
import { createScratchDatabase, dropScratchDatabase } from './postgres-admin';

// No probe of an instance-metadata endpoint from any SDK client in tests.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export interface DataApiEngine {
  readonly db: DataApiDatabase;
  readonly standin: DataApiStandin;
  readonly databaseName: string;
  /** Another driver on the same database, with other options. */
  open(options?: Partial<DataApiDriverOptions>): DataApiDatabase;
  dispose(): Promise<void>;
}

export async function openDataApiEngine(
  options: {
    migrate?: boolean;
    standin?: StandinOptions;
    driver?: Partial<DataApiDriverOptions>;
  } = {},
): Promise<DataApiEngine> {
  const databaseName = await createScratchDatabase();
  const standin = await startDataApiStandin(options.standin);
  const opened: DataApiDatabase[] = [];
  const open = (extra: Partial<DataApiDriverOptions> = {}) => {
    const db = openDataApi({
      resourceArn: standin.resourceArn,
      secretArn: standin.secretArn,
      database: databaseName,
      clientConfig: standinClientConfig(standin),
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      ...options.driver,
      ...extra,
    });
    opened.push(db);
    return db;
  };
  const db = open();
  if (options.migrate !== false) await migrate(db);
  return {
    db,
    standin,
    databaseName,
    open,
    async dispose() {
      for (const each of opened) await each.close();
      await standin.close();
      await dropScratchDatabase(databaseName);
    },
  };
}
