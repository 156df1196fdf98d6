/** `pipeline quality ...`: reports on the data-quality monitoring. */
import type { Command } from 'commander';

import { ConfigError } from '../db/errors';
import { migrate } from '../db/migrate';
import { openPGlite } from '../db/pglite-driver';
import { withDatabase, type GlobalOptions } from './context';
import { deliverAlerts } from '../quality/alerts';
import { runStatement } from '../quality/run-statement';
import {
  anomaliesReport,
  REPORT_SEEDS,
  REPORT_START_DAY,
  type SeedReport,
} from '../quality/anomaly-report';

function parseSeeds(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const seeds = parts.map(Number);
  const bad = parts.some((part, i) => !part || !Number.isSafeInteger(seeds[i]));
  if (bad) {
    throw new ConfigError(
      `bad --seeds "${text}": use whole numbers separated by commas, e.g. 42,1,7`,
    );
  }
  return seeds;
}

function line(report: SeedReport): string {
  const { normal, injected } = report;
  const rate = normal.judged ? normal.falseAlarms.length / normal.judged : 0;
  return [
    String(report.seed).padStart(6),
    String(normal.judged).padStart(8),
    String(normal.falseAlarms.length).padStart(13),
    `${(rate * 100).toFixed(3)}%`.padStart(10),
    `${injected.detectedFaultBuckets}/${injected.faultBuckets}`.padStart(10),
    String(injected.falseAlarms.length).padStart(13),
  ].join('  ');
}

interface OverviewRow {
  check_name: string;
  state: string;
  since: Date;
  detail: string | null;
  last_transition: string | null;
  last_delivery: string | null;
  last_notified_at: Date | null;
  last_error: string | null;
}

function overviewLine(row: OverviewRow): string {
  const last = row.last_transition
    ? `last ${row.last_transition} ${row.last_delivery ?? ''} at ${row.last_notified_at?.toISOString() ?? '?'}`
    : 'never notified';
  return `${row.state.padEnd(8)} ${row.check_name.padEnd(24)} since ${row.since.toISOString()}  ${last}${row.last_error ? ` (${row.last_error})` : ''}\n    ${row.detail ?? ''}\n`;
}

export function registerQuality(program: Command): void {
  const quality = program
    .command('quality')
    .description('data-quality monitoring reports');
  quality
    .command('alerts')
    .description(
      'show each monitored check: ok or failing since when, and its newest notification',
    )
    .option(
      '--deliver',
      'first send the queued notifications to the channels the environment configures',
    )
    .option('--json', 'print as JSON')
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<
        GlobalOptions & { deliver?: boolean; json?: boolean }
      >();
      await withDatabase(flags, async ({ db, log }) => {
        if (flags.deliver) await deliverAlerts(db, log);
        const { rows } = await runStatement<OverviewRow>(
          db,
          'alerts_overview',
          [],
        );
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        } else if (rows.length === 0) {
          process.stdout.write(
            'no check monitored yet: run the transform (npm run pipeline -- transform)\n',
          );
        } else {
          for (const row of rows) process.stdout.write(overviewLine(row));
        }
      });
    });
  quality
    .command('anomalies-report')
    .description(
      'judge week two of generated fortnights with the volume-anomaly SQL (on a scratch in-memory database): false alarms on normal traffic, detection of an injected outage and five-fold spike',
    )
    .option(
      '--seeds <list>',
      'generator seeds, comma-separated',
      REPORT_SEEDS.join(','),
    )
    .option(
      '--start-day <day>',
      'first UTC day of each fortnight',
      REPORT_START_DAY,
    )
    .option('--json', 'print the reports as JSON')
    .action(
      async (flags: { seeds: string; startDay: string; json?: boolean }) => {
        const seeds = parseSeeds(flags.seeds);
        const db = await openPGlite();
        try {
          await migrate(db);
          if (!flags.json) {
            process.stdout.write(
              '  seed    judged  false alarms      rate  detected  false alarms\n' +
                '                      (normal)              (faults)  (with faults)\n',
            );
          }
          const reports = await anomaliesReport(db, {
            seeds,
            startDay: flags.startDay,
            onSeed: (report) => {
              if (!flags.json) process.stdout.write(`${line(report)}\n`);
            },
          });
          if (flags.json) {
            process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
          }
        } finally {
          await db.close();
        }
      },
    );
}
