import type { DuckDBConnection } from '@duckdb/node-api';
import type { LakeTable } from '../../lambda/domain/lake/lake-tables.ts';
import { duckType, quoteIdentifier, quoteLiteral } from '../../lambda/lake/parquet-files.ts';

/**
 * Reading raw_* tables when a record in them cannot be read (a lone surrogate escape, invalid
 * UTF-8, a cut-off line): by default a raw table reads its files strictly, and one such record
 * fails every query over the table. Tolerant, the table skips the records that are not JSON
 * objects and says how many it skipped in which file. Athena's OpenX JSON SerDe with
 * `ignore.malformed.json` returns such a record as a row of NULLs instead; a value of the wrong
 * type becomes NULL in both.
 */

/** Records a raw table skipped, per file: where a failed-events table will take them from. */
export interface UnreadableRecords {
  readonly table: string;
  readonly file: string;
  readonly records: number;
}

/** Receives what a tolerant read skipped, e.g. to report it on stderr. */
export type UnreadableRecordsSink = (skipped: readonly UnreadableRecords[]) => void;

const READABLE = `json IS NOT NULL AND json_type(json) = 'OBJECT'`;

function objects(files: readonly string[], readOptions: string, withFilename: boolean): string {
  return `read_json_objects([${files.map(quoteLiteral).join(', ')}], format = 'newline_delimited', ignore_errors = true,
    compression = 'gzip', ${readOptions}${withFilename ? ', filename = true' : ''})`;
}

/**
 * A raw table's source that skips unreadable records; `readOptions` add the partition columns, and
 * `withPath` Athena's hidden `"$path"` column.
 */
export function tolerantRawSource(
  table: LakeTable,
  files: readonly string[],
  readOptions: string,
  withPath = false,
): string {
  const structure = JSON.stringify(Object.fromEntries(table.columns.map((c) => [c.name, duckType(c)])));
  const columns = table.columns
    .map((c) => `CAST(r.${quoteIdentifier(c.name)} AS ${duckType(c)}) AS ${quoteIdentifier(c.name)}`)
    .join(', ');
  const path = withPath ? ', filename AS "$path"' : '';
  return `SELECT ${columns}, dt, hr${path} FROM (
    SELECT json_transform(json, ${quoteLiteral(structure)}) AS r, dt, hr${withPath ? ', filename' : ''}
    FROM ${objects(files, readOptions, withPath)}
    WHERE ${READABLE})`;
}

/** How many records of each file a tolerant read of `table` skips. */
export async function unreadableRecords(
  connection: DuckDBConnection,
  table: LakeTable,
  files: readonly string[],
  readOptions: string,
): Promise<UnreadableRecords[]> {
  if (files.length === 0) return [];
  const reader = await connection.runAndReadAll(
    `SELECT filename, count(*) AS n FROM ${objects(files, readOptions, true)}
     WHERE NOT (${READABLE}) GROUP BY filename ORDER BY filename`,
  );
  return reader
    .getRowObjectsJS()
    .map((row) => ({ table: table.name, file: String(row.filename), records: Number(row.n) }));
}

/** The report of a tolerant read, one line per file, for stderr. */
export function describeUnreadable(skipped: readonly UnreadableRecords[]): string {
  return skipped
    .map(
      (s) =>
        `warning: ${s.table} skipped ${s.records} unreadable ${s.records === 1 ? 'record' : 'records'} in ${s.file} ` +
        '(`npx sdp lake verify` lists the lake’s problems)',
    )
    .join('\n');
}
