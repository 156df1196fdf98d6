/** The results as aligned markdown tables, for the terminal and the file. */
import type { MachineInfo } from './machine';
import type { BenchOptions } from './options';
import {
  median,
  MIB,
  rate,
  ratio,
  type SizeResult,
  type Target,
} from './stats';

/** A markdown table with padded columns, readable as plain text too. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly boolean[] = [],
): string {
  const widths = header.map((cell, column) =>
    Math.max(3, cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const pad = (cell: string, column: number) =>
    rightAligned[column]
      ? cell.padStart(widths[column]!)
      : cell.padEnd(widths[column]!);
  const line = (cells: readonly string[]) =>
    `| ${header.map((_, column) => pad(cells[column] ?? '', column)).join(' | ')} |`;
  const rule = widths.map((width, column) =>
    rightAligned[column] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
  );
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join(
    '\n',
  );
}

const dash = '-';

export function formatCount(value: number | null | undefined): string {
  if (value == null) return dash;
  if (value >= 1e6) return `${+(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${+(value / 1e3).toFixed(1)}k`;
  return String(Math.round(value));
}

export function formatMs(value: number | null | undefined): string {
  if (value == null) return dash;
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1_000) return `${(value / 1000).toFixed(2)} s`;
  return `${value.toFixed(value >= 100 ? 0 : 1)} ms`;
}

export function formatRatio(value: number | null | undefined): string {
  if (value == null) return dash;
  if (value >= 100) return `${Math.round(value)}x`;
  return `${value.toFixed(value >= 10 ? 1 : 2)}x`;
}

const samples = (values: readonly number[]) =>
  values.length === 0 ? dash : values.map(formatMs).join(', ');

function label(result: SizeResult): string {
  return `${result.engine} ${formatCount(result.size)}`;
}

export function ingestTable(results: readonly SizeResult[]): string {
  const rows = results.map((r) => {
    const rows = r.rawRows ?? 0;
    const backfillRate = rate(rows, r.backfillMs);
    const copyRate = rate(rows, median(r.copyMs));
    return [
      label(r),
      formatCount(r.rawRows),
      formatMs(r.backfillMs),
      formatCount(backfillRate),
      formatCount(copyRate),
      formatRatio(ratio(backfillRate, copyRate)),
      r.backfillPeakRssBytes == null
        ? dash
        : `${Math.round(r.backfillPeakRssBytes / MIB)} MB`,
    ];
  });
  return markdownTable(
    [
      'run',
      'raw rows',
      'backfill',
      'backfill rows/s',
      'COPY rows/s',
      'backfill / COPY',
      'backfill peak RSS',
    ],
    rows,
    [false, true, true, true, true, true, true],
  );
}

export function transformTable(results: readonly SizeResult[]): string {
  const rows = results.map((r) => {
    const incremental = median(r.incrementalMs);
    const full = median(r.fullRefreshMs);
    const original = median(r.baselineMs);
    return [
      label(r),
      formatMs(incremental),
      formatCount(median(r.incrementalRows)),
      formatMs(full),
      formatMs(original),
      formatRatio(ratio(original, incremental)),
      formatRatio(ratio(full, original)),
    ];
  });
  return markdownTable(
    [
      'run',
      'incremental',
      'rows per tick',
      'full refresh',
      'original run',
      'original / incremental',
      'full refresh / original',
    ],
    rows,
    [false, true, true, true, true, true, true],
  );
}

export function samplesTable(results: readonly SizeResult[]): string {
  return markdownTable(
    ['run', 'COPY', 'incremental', 'full refresh', 'original run'],
    results.map((r) => [
      label(r),
      samples(r.copyMs),
      samples(r.incrementalMs),
      samples(r.fullRefreshMs),
      samples(r.baselineMs),
    ]),
  );
}

export function targetsTable(targets: readonly Target[]): string {
  return markdownTable(
    ['target (PostgreSQL, largest size)', 'measured', 'wanted', 'result'],
    targets.map((t) => [
      t.name,
      t.measured == null
        ? dash
        : t.unit === 'x'
          ? formatRatio(t.measured)
          : `${Math.round(t.measured)} ${t.unit}`,
      `${t.comparison} ${t.threshold}${t.unit === 'x' ? 'x' : ` ${t.unit}`}`,
      t.pass == null ? 'not measured' : t.pass ? 'pass' : 'MISS',
    ]),
  );
}

export interface Report {
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly machine: MachineInfo;
  readonly options: BenchOptions;
  readonly results: readonly SizeResult[];
  readonly targets: readonly Target[];
  /** Paragraphs explaining the method, appended as written. */
  readonly notes: readonly string[];
}

export function renderResults(report: Report): string {
  const { machine, options } = report;
  const errors = report.results.flatMap((r) =>
    r.errors.map((error) => `- ${label(r)}: ${error}`),
  );
  return [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench\` on ${report.startedAt.toISOString()} ` +
      `(took ${formatMs(report.durationMs)}). Absolute times on a shared ` +
      'machine are noisy; the ratios compare measures taken in the same run ' +
      'on the same data.',
    '',
    '## Machine',
    '',
    markdownTable(
      ['', ''],
      [
        ['os', machine.os],
        ['cpus', machine.cpus],
        ['memory', machine.memory],
        ['node', machine.node],
        ['server', machine.postgres ?? dash],
        ['PGlite', machine.pglite ?? dash],
        ['code', machine.code],
      ],
    ),
    '',
    '## Settings',
    '',
    `sizes ${options.sizes.map(formatCount).join(', ')} raw events over ` +
      `${options.days} days; ${options.runs} timed runs of COPY, ` +
      `${options.longRuns} of the full refresh and the original run and ` +
      `${options.tickRuns} incremental runs ` +
      `(medians below); seed ${options.seed}; PGlite ` +
      (options.pgliteSize == null
        ? 'skipped'
        : `at ${formatCount(options.pgliteSize)}`) +
      '.',
    '',
    '## Targets',
    '',
    targetsTable(report.targets),
    '',
    '## Ingest',
    '',
    ingestTable(report.results),
    '',
    '## Transform',
    '',
    transformTable(report.results),
    '',
    '## Every timed run',
    '',
    samplesTable(report.results),
    '',
    ...(errors.length > 0 ? ['## Errors', '', ...errors, ''] : []),
    '## Method',
    '',
    ...report.notes.flatMap((note) => [note, '']),
  ].join('\n');
}
