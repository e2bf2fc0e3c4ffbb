import { describe, expect, it } from 'vitest';
import { CsvParser, csvRecords } from '../../../lambda/ml/athena-csv.ts';
import { s3Body } from './s3-body.ts';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const records = (text: string, chunkBytes?: number) =>
  collect(csvRecords(s3Body(text, chunkBytes) as unknown as AsyncIterable<Uint8Array>));

describe('Athena result CSV', () => {
  it('reads quoted fields as text and empty unquoted fields as NULL', async () => {
    // Prepare
    const csv = '"tx_id","domain","win_price"\n"a","",\n"b",,"1250000"\n';

    // Act
    const rows = await records(csv);

    // Assess
    expect(rows).toStrictEqual([
      { tx_id: 'a', domain: '', win_price: null },
      { tx_id: 'b', domain: null, win_price: '1250000' },
    ]);
  });

  it.each([1, 2, 3, 5, 64])(
    'keeps commas, newlines, doubled quotes and UTF-8 inside quotes (chunks of %i bytes)',
    async (chunkBytes) => {
      // Prepare
      const csv = '"tx_id","domain"\r\n"a","shop, ""best"" deals\nline two"\r\n"b","café ☕"';

      // Act
      const rows = await records(csv, chunkBytes);

      // Assess
      expect(rows).toStrictEqual([
        { tx_id: 'a', domain: 'shop, "best" deals\nline two' },
        { tx_id: 'b', domain: 'café ☕' },
      ]);
    },
  );

  it('reads a header alone as no rows', async () => {
    expect(await records('"tx_id","label"\n')).toStrictEqual([]);
  });

  it('rejects a row whose field count differs from the header', async () => {
    await expect(records('"a","b"\n"1"\n')).rejects.toThrow('CSV row has 1 fields, the header 2: ["1"]');
  });

  it('rejects input that ends inside a quoted field', () => {
    // Prepare
    const parser = new CsvParser();

    // Act
    const rows = parser.push('"a","b\n');

    // Assess
    expect(rows).toStrictEqual([]);
    expect(() => parser.end()).toThrow('CSV ends inside a quoted field');
  });
});
