import { RAW_SUFFIX } from '../../lambda/domain/lake/lake-layout.ts';
import type { LakeTable } from '../../lambda/domain/lake/lake-tables.ts';
import { duckType, quoteIdentifier, quoteLiteral } from '../../lambda/lake/parquet-files.ts';

/**
 * A file of the lake a query needs is missing or cannot be read: the lake, not the query, is at
 * fault. The message names the file and points to `sdp lake verify`, instead of the engine's text.
 */
export class LakeFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`Cannot read the lake: ${file} ${reason}.\nRun \`npx sdp lake verify\` to list every problem in the lake.`);
    this.name = 'LakeFileError';
  }
}

/** DuckDB's words for a file that is not there. */
const MISSING = /No files found that match the pattern "([^"]+)"|Cannot open file "([^"]+)": No such file/;
/** Any path DuckDB quotes in an error, or names after a colon at the end of one. */
const QUOTED_PATH = /["']([^"']+)["']|: (\/\S+)$/gm;
/** A record of a raw file DuckDB's JSON reader refuses (the file itself is readable up to it). */
const UNREADABLE_RECORD = /^Invalid Input Error: (?:Malformed JSON|JSON transform error) in file "([^"]+)"/;

/**
 * The {@link LakeFileError} an engine error amounts to, when it names a file under `lakeRoot`;
 * undefined for any other error (bad SQL, say), and for an unreadable record of a raw file, which
 * readers tolerate (see {@link unreadableRawFile}).
 */
export function lakeFileError(message: string, lakeRoot: string): LakeFileError | undefined {
  if (unreadableRawFile(message) !== undefined) return undefined;
  const missing = MISSING.exec(message);
  const missingFile = missing?.[1] ?? missing?.[2];
  if (missingFile?.startsWith(lakeRoot)) return new LakeFileError(missingFile, 'does not exist');
  for (const match of message.matchAll(QUOTED_PATH)) {
    const file = match[1] ?? match[2];
    if (file?.startsWith(lakeRoot)) {
      const reason = (message.split('\n')[0] as string).replace(/^[A-Za-z ]+Error: /, '');
      return new LakeFileError(file, `cannot be read (${reason})`);
    }
  }
  return undefined;
}

/** The raw file whose records the engine refused, when that is what `message` says. */
export function unreadableRawFile(message: string): string | undefined {
  const file = UNREADABLE_RECORD.exec(message)?.[1];
  return file?.endsWith(RAW_SUFFIX) ? file : undefined;
}

const FAILING_MARKER = 'sdp-unreadable-table:';

/**
 * A source for a table whose files cannot even be opened (DuckDB reads Parquet footers when a view
 * is created): it has the table's columns and fails only when a query reads it, so the other
 * tables stay queryable. {@link failingTable} recognises its error.
 */
export function failingSource(table: LakeTable, withPath = false): string {
  const columns = table.columns.map((c) => `CAST(NULL AS ${duckType(c)}) AS ${quoteIdentifier(c.name)}`);
  const path = withPath ? ', CAST(NULL AS VARCHAR) AS "$path"' : '';
  return `SELECT ${columns.join(', ')}, CAST(NULL AS VARCHAR) AS dt, CAST(NULL AS VARCHAR) AS hr${path}
    FROM (SELECT error(${quoteLiteral(`${FAILING_MARKER}${table.name}`)}) AS e) WHERE e IS NULL`;
}

/** The table a {@link failingSource} named in an engine error, if it was one. */
export function failingTable(message: string): string | undefined {
  return new RegExp(`${FAILING_MARKER}(\\w+)`).exec(message)?.[1];
}
