/** `pipeline status`: the transform's position and the newest DQ status. */
import type { Command } from 'commander';

import type { Row } from '../db/database';
import { readStatus, type TransformStatusReport } from '../transform';
import { withDatabase, type GlobalOptions } from './context';

const iso = (value: unknown): string =>
  value instanceof Date
    ? value.toISOString()
    : value == null
      ? '-'
      : String(value);

function runLine(run: Row): string {
  const range =
    run.watermark_from == null
      ? ''
      : ` ids ${String(run.watermark_from)}..${String(run.watermark_to)}`;
  const error = run.error ? `  error: ${String(run.error)}` : '';
  const mode = run.is_full_refresh ? ' full-refresh' : '';
  return `  #${String(run.run_id)} ${iso(run.started_at)} ${String(run.status)}${mode} rows=${String(run.rows_read)}${range} ${String(run.duration_ms ?? '-')} ms${error}`;
}

/** The report as text for people. */
export function formatStatus(report: TransformStatusReport): string {
  const { watermark: mark, dq_status: dq } = report;
  const lag =
    report.freshness_lag_seconds === null
      ? 'no rows processed yet'
      : `${report.freshness_lag_seconds.toFixed(0)} s`;
  const lines = [
    `watermark: raw id ${mark.last_raw_id} of ${mark.max_raw_id ?? 0} (backlog ${mark.backlog_rows} rows)`,
    `freshness lag: ${lag} (newest processed row ingested ${iso(mark.max_ingested_at)})`,
  ];
  if (dq) {
    const verdict = dq.overall_pass ? 'PASS' : 'FAIL';
    const failed = (dq.failed_checks as string[]).join(', ') || 'none';
    const tests = (dq.failed_tests as string[]).join(', ') || 'none';
    lines.push(
      `dq status: ${verdict} at ${iso(dq.check_ts)} (run #${String(dq.run_id)}): ${String(dq.events_last_10m)} events in the window; failed checks: ${failed}; failed schema tests: ${tests}`,
    );
  } else {
    lines.push('dq status: no snapshot yet (run `pipeline transform`)');
  }
  lines.push('last runs:');
  lines.push(...(report.runs.length ? report.runs.map(runLine) : ['  none']));
  return lines.join('\n');
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'show the last transform runs, the watermark and backlog, the freshness lag and the newest DQ status',
    )
    .option('--json', 'print the report as JSON')
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<
        GlobalOptions & { json?: boolean }
      >();
      await withDatabase(flags, async ({ db }) => {
        const report = await readStatus(db);
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(report, null, 2)}\n`
            : `${formatStatus(report)}\n`,
        );
      });
    });
}
