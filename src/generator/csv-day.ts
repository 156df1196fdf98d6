/**
 * A backfill's day as it waits to be written: its rows encoded as CSV
 * (RAW_COLUMNS' order, as CsvRows reads) into one buffer outside the JS
 * heap while they are made, with each row's planned arrival and where its
 * line ends. The garbage collector never copies the bytes, and any run of
 * rows is a slice of the buffer, written as is.
 */
import type { CsvRows } from '../db/database';
import { isoStringOfMs, quoted } from '../db/values';
import type { Draft } from './draft';

export interface CsvDay {
  readonly rows: number;
  /** The lines, row after row. */
  readonly bytes: Buffer;
  /** Where row i's line ends in `bytes` (it starts where i - 1 ends). */
  readonly ends: Float64Array;
  /** Row i's planned arrival (ingested_at), epoch milliseconds. */
  readonly arrivals: Float64Array;
}

/** A first guess at a row's line, grown as needed: about 330 bytes. */
const BYTES_PER_ROW = 400;

const text = (value: string | null) => (value === null ? '' : quoted(value));
const number = (value: number | null) =>
  value === null ? '' : '"' + String(value) + '"';
const time = (ms: number | null) =>
  ms === null ? '' : '"' + isoStringOfMs(ms) + '"';

/** One draft as a raw.events CSV line, RAW_COLUMNS' order. */
export function csvLine(draft: Draft): string {
  return (
    text(draft.event_id) +
    ',' +
    time(draft.eventMs) +
    ',' +
    number(draft.user_id) +
    ',' +
    text(draft.session_id) +
    ',' +
    text(draft.event_name) +
    ',' +
    number(draft.item_id) +
    ',' +
    text(draft.price) +
    ',' +
    text(draft.currency) +
    ',' +
    text(draft.platform) +
    ',' +
    text(draft.region) +
    ',' +
    text(draft.source) +
    ',' +
    text(draft.experiment_id) +
    ',' +
    text(draft.payload === null ? null : JSON.stringify(draft.payload)) +
    ',' +
    time(draft.arrivalMs) +
    '\n'
  );
}

/** Encodes a day's drafts, in the order given, into a CsvDay. */
export class CsvDayBuilder {
  #bytes: Buffer;
  #length = 0;
  #rows = 0;
  readonly #ends: Float64Array;
  readonly #arrivals: Float64Array;

  constructor(readonly capacity: number) {
    this.#bytes = Buffer.allocUnsafe(Math.max(1, capacity) * BYTES_PER_ROW);
    this.#ends = new Float64Array(capacity);
    this.#arrivals = new Float64Array(capacity);
  }

  add(draft: Draft): void {
    if (this.#rows === this.capacity) {
      throw new RangeError(`a CsvDay made for ${this.capacity} rows is full`);
    }
    const line = csvLine(draft);
    // UTF-8 takes at most three bytes for each UTF-16 unit.
    if (this.#bytes.length - this.#length < line.length * 3) {
      const grown = Buffer.allocUnsafe(
        Math.max(this.#bytes.length * 2, this.#length + line.length * 3),
      );
      this.#bytes.copy(grown, 0, 0, this.#length);
      this.#bytes = grown;
    }
    this.#length += this.#bytes.write(line, this.#length);
    this.#ends[this.#rows] = this.#length;
    this.#arrivals[this.#rows] = draft.arrivalMs;
    this.#rows += 1;
  }

  done(): CsvDay {
    return {
      rows: this.#rows,
      bytes: this.#bytes.subarray(0, this.#length),
      ends: this.#ends.subarray(0, this.#rows),
      arrivals: this.#arrivals.subarray(0, this.#rows),
    };
  }
}

/**
 * The rows whose arrival `keep` accepts, as CsvRows: one part per run of
 * consecutive kept rows, each a slice of the day's buffer, in order.
 */
export function keptRuns(
  day: CsvDay,
  keep: (arrivalMs: number) => boolean,
): CsvRows[] {
  const runs: CsvRows[] = [];
  let start = -1;
  const close = (end: number) => {
    const from = start === 0 ? 0 : day.ends[start - 1]!;
    runs.push({
      bytes: day.bytes.subarray(from, day.ends[end - 1]!),
      rows: end - start,
    });
    start = -1;
  };
  for (let i = 0; i < day.rows; i += 1) {
    if (keep(day.arrivals[i]!)) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      close(i);
    }
  }
  if (start !== -1) close(day.rows);
  return runs;
}
