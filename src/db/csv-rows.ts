/**
 * CsvRows read back into values, for an engine without COPY: each value
 * as text, SQL null where the field was empty and unquoted.
 */
import { Readable } from 'node:stream';

import { parse } from 'csv-parse';

import { checkCsvRows, csvRowCount, type CsvRows } from './database';

/** `parts`' rows, `size` at a time, so a large load is never all in memory. */
export async function* csvRowBatches(
  parts: readonly CsvRows[],
  size: number,
): AsyncGenerator<(string | null)[][]> {
  const expected = csvRowCount(parts);
  const bytes = parts.map(({ bytes: b }) =>
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
  const parser = Readable.from(bytes).pipe(
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
