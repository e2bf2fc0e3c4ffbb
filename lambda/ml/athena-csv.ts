/** A CSV field: null for an empty unquoted field, which is how Athena writes SQL NULL ("" is the empty string). */
export type CsvField = string | null;

/**
 * Incremental RFC 4180 parser for the query results Athena writes to S3: fields may be quoted, a
 * quoted field may hold commas, newlines and doubled quotes, and chunks may end anywhere.
 */
export class CsvParser {
  private field = '';
  private row: CsvField[] = [];
  private quoted = false;
  private inQuotes = false;
  /** A quote inside a quoted field: the next character tells a doubled quote from the closing one. */
  private quoteSeen = false;

  /** Parses `text` and returns the rows it completed. */
  push(text: string): CsvField[][] {
    const rows: CsvField[][] = [];
    for (const char of text) {
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (char === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
        } else {
          if (char === '"') this.quoteSeen = true;
          else this.field += char;
          continue;
        }
      }
      if (char === ',') {
        this.endField();
      } else if (char === '\n') {
        this.endField();
        rows.push(this.row);
        this.row = [];
      } else if (char === '"' && this.field === '' && !this.quoted) {
        this.inQuotes = true;
        this.quoted = true;
      } else if (char !== '\r') {
        this.field += char;
      }
    }
    return rows;
  }

  /** Ends the input: returns the last row if it had no newline, and fails on an unclosed quote. */
  end(): CsvField[][] {
    if (this.inQuotes && !this.quoteSeen) throw new Error('CSV ends inside a quoted field');
    this.inQuotes = false;
    this.quoteSeen = false;
    if (this.field === '' && !this.quoted && this.row.length === 0) return [];
    this.endField();
    const row = this.row;
    this.row = [];
    return [row];
  }

  private endField(): void {
    this.row.push(this.quoted || this.field !== '' ? this.field : null);
    this.field = '';
    this.quoted = false;
  }
}

/** The rows of a CSV with a header line, as objects keyed by the header's column names. */
export async function* csvRecords(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Record<string, CsvField>> {
  const parser = new CsvParser();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let header: string[] | undefined;
  function* records(rows: CsvField[][]): Generator<Record<string, CsvField>> {
    for (const row of rows) {
      if (header === undefined) {
        header = row.map((name) => name ?? '');
        continue;
      }
      if (row.length !== header.length) {
        throw new Error(`CSV row has ${row.length} fields, the header ${header.length}: ${JSON.stringify(row)}`);
      }
      yield Object.fromEntries(header.map((name, i) => [name, row[i] as CsvField]));
    }
  }
  for await (const chunk of chunks) yield* records(parser.push(decoder.decode(chunk, { stream: true })));
  yield* records([...parser.push(decoder.decode()), ...parser.end()]);
}
