/** Medians, ratios and the targets, from one benchmark run. */

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `numerator / denominator`, or null when either is missing or zero. */
export function ratio(
  numerator: number | null | undefined,
  denominator: number | null | undefined,
): number | null {
  if (numerator == null || denominator == null) return null;
  if (denominator === 0) return null;
  return numerator / denominator;
}

/** Rows per second, or null when nothing was timed. */
export function rate(rows: number, ms: number | null): number | null {
  if (ms == null || ms <= 0) return null;
  return (rows * 1000) / ms;
}

/** What one engine measured at one history size. */
export interface SizeResult {
  readonly engine: 'postgres' | 'pglite';
  readonly size: number;
  /** Raw rows the backfill actually wrote. */
  readonly rawRows: number | null;
  readonly backfillMs: number | null;
  readonly backfillPeakRssBytes: number | null;
  readonly copyMs: readonly number[];
  readonly fullRefreshMs: readonly number[];
  readonly incrementalMs: readonly number[];
  /** Raw rows each incremental run read (one live tick). */
  readonly incrementalRows: readonly number[];
  readonly baselineMs: readonly number[];
  readonly errors: readonly string[];
}

export interface Target {
  readonly name: string;
  readonly measured: number | null;
  readonly comparison: '>=' | '<=' | '<';
  readonly threshold: number;
  readonly unit: string;
  /** Null when it could not be measured. */
  readonly pass: boolean | null;
}

function target(
  name: string,
  measured: number | null,
  comparison: Target['comparison'],
  threshold: number,
  unit = 'x',
): Target {
  let pass: boolean | null = null;
  if (measured != null) {
    if (comparison === '>=') pass = measured >= threshold;
    else if (comparison === '<=') pass = measured <= threshold;
    else pass = measured < threshold;
  }
  return { name, measured, comparison, threshold, unit, pass };
}

export const MIB = 1024 * 1024;

/**
 * The targets, judged on PostgreSQL: at the largest size, and for
 * flatness the largest against the smallest.
 */
export function evaluateTargets(results: readonly SizeResult[]): Target[] {
  const server = results
    .filter((result) => result.engine === 'postgres')
    .sort((a, b) => a.size - b.size);
  const small = server[0];
  const large = server[server.length - 1];
  const incremental = (r?: SizeResult) => median(r?.incrementalMs ?? []);
  const baseline = median(large?.baselineMs ?? []);
  const backfillRate = large?.rawRows
    ? rate(large.rawRows, large.backfillMs)
    : null;
  const copyRate = large?.rawRows
    ? rate(large.rawRows, median(large.copyMs))
    : null;
  const rss = large?.backfillPeakRssBytes;
  return [
    target(
      'original run / incremental run',
      ratio(baseline, incremental(large)),
      '>=',
      100,
    ),
    target(
      'incremental at largest / at smallest size',
      server.length > 1 ? ratio(incremental(large), incremental(small)) : null,
      '<=',
      1.5,
    ),
    target(
      'full refresh / original run',
      ratio(median(large?.fullRefreshMs ?? []), baseline),
      '<=',
      0.25,
    ),
    target(
      'backfill rate / COPY rate',
      ratio(backfillRate, copyRate),
      '>=',
      0.5,
    ),
    target('backfill peak RSS', rss == null ? null : rss / MIB, '<', 512, 'MB'),
  ];
}
