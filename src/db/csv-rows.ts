/**
 * CsvRows read back into values, for an engine without COPY: each value
 * as text, SQL null where the field was empty and unquoted.
 */
import { Readable } from 'node:stream';

import { parse } from 'csv-parse';

import { checkCsvRows, csvRowCount, type CsvRows } from './database';

/**
 * Bytes handed to the parser at a time: it parses a whole chunk before it
 * waits for its reader, so a part given whole (a backfill day) would all
 * become JS rows at once.
 */
const CHUNK_BYTES = 64 * 1024;

function* chunksOf(parts: readonly CsvRows[]): Generator<Buffer> {
  for (const { bytes } of parts) {
    const whole = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at < whole.length; at += CHUNK_BYTES) {
      yield whole.subarray(at, at + CHUNK_BYTES);
    }
  }
}

/** `parts`' rows, `size` at a time, so a large load is never all in memory. */
export async function* csvRowBatches(
  parts: readonly CsvRows[],
  size: number,
): AsyncGenerator<(string | null)[][]> {
  const expected = csvRowCount(parts);
  const parser = Readable.from(chunksOf(parts)).pipe(
    parse({
      record_delimiter: '\n',
      // An empty unquoted field is null; '""' is the empty string.
      cast: (value, context) =>
        context.quoting || value !== '' ? value : null,
    }),
  );
  let batch: (string | null)[][] = [];
  let seen = 0;
  for await (const row of parser as AsyncIterable<(string | null)[]>) {
    batch.push(row);
    seen += 1;
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
  checkCsvRows(expected, seen);
}
