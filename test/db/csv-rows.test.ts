import { csvRowBatches } from '../../src/db/csv-rows';

const part = (text: string, rows: number) => ({
  bytes: new TextEncoder().encode(text),
  rows,
});

async function collect(
  parts: Parameters<typeof csvRowBatches>[0],
  size: number,
): Promise<(string | null)[][][]> {
  const batches: (string | null)[][][] = [];
  for await (const batch of csvRowBatches(parts, size)) batches.push(batch);
  return batches;
}

describe('CSV rows read back for an engine without COPY', () => {
  test('keep null and the empty string apart, and quotes, commas and newlines inside a value', async () => {
    const batches = await collect(
      [part('"a",,""\n"x ""y"", z","line\nbreak","€"\n', 2)],
      10,
    );
    expect(batches).toEqual([
      [
        ['a', null, ''],
        ['x "y", z', 'line\nbreak', '€'],
      ],
    ]);
  });

  test('come in batches of the size asked, across parts, in order', async () => {
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `"${from + i}"\n`).join('');
    const batches = await collect(
      [part(lines(0, 5), 5), part(lines(5, 12), 7)],
      4,
    );
    expect(batches.map((batch) => batch.length)).toEqual([4, 4, 4]);
    expect(batches.flat().map((row) => Number(row[0]))).toEqual(
      Array.from({ length: 12 }, (_, i) => i),
    );
  });

  test('read values that straddle the chunks a large part is parsed in', async () => {
    // Several hundred kB: multi-byte characters, quoted newlines and quotes
    // fall on every possible byte offset of the parser's chunks.
    const values = Array.from(
      { length: 10_000 },
      (_, i) => `${'é'.repeat(i % 37)}"\n𝄞,${i}`,
    );
    const text = values
      .map((value) => `"${value.replaceAll('"', '""')}",\n`)
      .join('');
    expect(Buffer.byteLength(text)).toBeGreaterThan(5 * 64 * 1024);
    const rows = (await collect([part(text, values.length)], 1000)).flat();
    expect(rows).toEqual(values.map((value) => [value, null]));
  });

  test('refuse parts whose lines do not match their row counts', async () => {
    await expect(collect([part('"a"\n"b"\n', 3)], 10)).rejects.toThrow(
      'a CSV load said 3 rows and held 2; encode one line per row',
    );
  });
});
