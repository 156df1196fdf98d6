/** `pipeline quality ...`: reports on the data-quality monitoring. */
import type { Command } from 'commander';

import { DEFAULT_SEED } from '../generator';
import { ConfigError } from '../db/errors';
import { migrate } from '../db/migrate';
import { openPGlite } from '../db/pglite-driver';
import {
  anomaliesReport,
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

export function registerQuality(program: Command): void {
  const quality = program
    .command('quality')
    .description('data-quality monitoring reports');
  quality
    .command('anomalies-report')
    .description(
      'judge week two of generated fortnights with the volume-anomaly SQL (on a scratch in-memory database): false alarms on normal traffic, detection of an injected outage and five-fold spike',
    )
    .option(
      '--seeds <list>',
      'generator seeds, comma-separated',
      `${DEFAULT_SEED},1,7`,
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
