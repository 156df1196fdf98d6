/**
 * `pipeline start`: the whole loop in one process. Migrates, backfills an
 * empty database, then runs the generator and the transform on the shared
 * schedules; in embedded mode it also serves the database on a wire port.
 * The built-in dashboards are served on their own port.
 */
import { openDatabase, openEmbedded, type DatabaseTarget } from '../db/connect';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { startDashboardServer } from '../dashboards/server';
import {
  backfill,
  configFromEnv,
  generateTick,
  unfinishedBackfill,
  type GeneratorConfig,
} from '../generator/index';
import type { Logger } from '../log';
import { SCHEDULES } from '../schedule';
import { runSqlStatement } from '../sql-files';
import { runTransform } from '../transform/index';
import { Scheduler, type Job } from './scheduler';
import { startWireServer } from './wire-server';

export interface LocalOptions {
  readonly target: DatabaseTarget;
  readonly seed: number;
  /** The generator's model and fault rates; defaults from the environment. */
  readonly generator?: GeneratorConfig;
  readonly backfillDays: number;
  readonly pgHost: string;
  readonly pgPort: number;
  /** Host and port of the built-in dashboards; no page when port is 0. */
  readonly webHost: string;
  readonly webPort: number;
  readonly generateEveryMinutes: number;
  readonly transformEveryMinutes: number;
  /** Lines for people (where things are); logs go to `log`. */
  readonly announce: (line: string) => void;
  readonly log: Logger;
}

export interface RunningPipeline {
  /** Stops the schedule, lets running jobs finish, closes everything. */
  stop(): Promise<void>;
}

async function isRawEmpty(db: Database): Promise<boolean> {
  const { rows } = await runSqlStatement<{ is_empty: boolean }>(
    db,
    'local/raw_is_empty.sql',
  );
  return rows[0]?.is_empty ?? true;
}

export async function startLocal(
  options: LocalOptions,
): Promise<RunningPipeline> {
  const { log, announce } = options;
  const config = options.generator ?? configFromEnv();
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };

  try {
    let db: Database;
    if (options.target.kind === 'embedded') {
      const embedded = await openEmbedded(options.target.dataDir);
      closers.push(() => embedded.close());
      db = embedded;
      const wire = await startWireServer(
        embedded,
        options.pgHost,
        options.pgPort,
      );
      closers.push(() => wire.close());
      announce(`embedded database: ${db.description}`);
      announce(`connect with: ${wire.connectHint}`);
    } else {
      db = await openDatabase(options.target);
      closers.push(() => db.close());
      announce(`database: ${db.description}`);
    }

    const migrated = await migrate(db);
    log.info({ step: 'migrate', applied: migrated.applied }, 'migrated');

    const pending = await unfinishedBackfill(db);
    if (pending) {
      // A backfill cut off (a kill, a crash) is carried on over its own
      // range; the days it wrote are skipped, so nothing is written twice.
      log.info(
        { step: 'backfill', days: pending.days, until: pending.until },
        'resuming an unfinished backfill',
      );
      await backfill(db, {
        seed: pending.seed,
        days: pending.days,
        now: pending.until,
        resume: pending.backfillId,
        config,
        log,
      });
    } else if (await isRawEmpty(db)) {
      log.info(
        { step: 'backfill', days: options.backfillDays },
        'raw.events is empty; backfilling',
      );
      await backfill(db, {
        seed: options.seed,
        days: options.backfillDays,
        now: new Date(),
        config,
        log,
      });
    }

    if (options.webPort > 0) {
      const web = await startDashboardServer({
        db,
        host: options.webHost,
        port: options.webPort,
        log,
        // A server enforces roles; PGlite does not.
        asReadonlyRole: options.target.kind !== 'embedded',
      });
      closers.push(() => web.close());
      announce(`dashboards: ${web.url}`);
    }

    const jobs: Job[] = [
      {
        name: 'generator',
        everyMinutes: options.generateEveryMinutes,
        run: async (firedAt) => {
          await generateTick(db, {
            seed: options.seed,
            now: firedAt,
            config,
            log,
          });
        },
      },
      {
        name: 'transform',
        everyMinutes: options.transformEveryMinutes,
        run: async (firedAt) => {
          await runTransform(db, { now: firedAt, log });
        },
      },
    ];
    const scheduler = new Scheduler(jobs, log);
    closers.push(() => scheduler.stop());
    // A first transform right away, so the marts and dashboards are filled
    // without waiting for the first 5-minute mark.
    await scheduler.trigger(jobs[1]!);
    scheduler.start();
    log.info(
      {
        generator_every_minutes: options.generateEveryMinutes,
        transform_every_minutes: options.transformEveryMinutes,
      },
      'schedule started',
    );
    return { stop: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

export const DEFAULT_SCHEDULE_MINUTES = {
  generator: SCHEDULES.generator.everyMinutes,
  transform: SCHEDULES.transform.everyMinutes,
};
