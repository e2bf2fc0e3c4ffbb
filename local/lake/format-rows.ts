import type { QueryResult } from './lake-sql.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const text = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

/**
 * Renders a query result for the terminal (`table`), for programs (`json`) or for spreadsheets (`csv`).
 * Table and CSV cells are the values' text as Athena gives it when the result has one.
 */
export function formatRows(result: Rows, format: OutputFormat): string {
  const { columns, rows } = result;
  const cells = result.text ?? rows.map((row) => columns.map((c) => (row[c] === null ? null : text(row[c]))));
  switch (format) {
    case 'json':
      // One line, so that scripts can read it as is; pipe it to `jq` to read it yourself.
      return JSON.stringify(rows, (_, value) => (typeof value === 'bigint' ? value.toString() : value));
    case 'csv':
      return [columns, ...cells.map((row) => row.map((cell) => cell ?? ''))]
        .map((line) => line.map(csvCell).join(','))
        .join('\n');
    case 'table':
      return table(columns, rows, cells);
  }
}

/** A result to render: what `LakeSql.query` answers, the Athena text of each cell optional. */
export type Rows = Pick<QueryResult, 'columns' | 'rows'> & { readonly text?: readonly (readonly (string | null)[])[] };

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function table(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  values: readonly (readonly (string | null)[])[],
): string {
  const cells = values.map((row) => row.map((cell) => cell ?? 'NULL'));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const numeric = columns.map(
    (c) => rows.length > 0 && rows.every((row) => typeof row[c] === 'number' || row[c] === null),
  );
  const line = (values: readonly string[]) =>
    values.map((v, i) => (numeric[i] ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const count = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  return [line(columns), rule, ...cells.map(line), count].join('\n');
}
