import { DuckDBInstance } from '@duckdb/node-api';
import type { LakeColumn } from '../domain/lake/lake-tables.ts';

/**
 * Parquet work done by DuckDB: merging files and fingerprinting their rows. DuckDB writes Parquet
 * about 10× faster and smaller than the pure-JS writers (docs/benchmarks.md), and the same engine
 * answers `npx sdp sql` locally.
 */

/** Row count plus an order-independent hash of every row: equal fingerprints mean the same rows. */
export interface RowFingerprint {
  readonly rows: number;
  readonly hash: string;
}

const DUCK_TYPES: Record<LakeColumn['type'], string> = { string: 'VARCHAR', bigint: 'BIGINT' };

export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;
export const duckType = (column: LakeColumn) => DUCK_TYPES[column.type];

const fileList = (paths: readonly string[]) => `[${paths.map(quoteLiteral).join(', ')}]`;

/** SELECT list that casts every column to its lake type, so files from any writer merge cleanly. */
export function castColumns(columns: readonly LakeColumn[]): string {
  return columns
    .map((c) => `CAST(${quoteIdentifier(c.name)} AS ${duckType(c)}) AS ${quoteIdentifier(c.name)}`)
    .join(', ');
}

/** Statements that prepare a session (temporary tables), and a predicate over a table's columns. */
export interface RowSelection {
  readonly setup: readonly string[];
  /** Rows for which this is true; it must never be NULL. */
  readonly where: string;
}

async function withConnection<T>(
  work: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>,
  setup: readonly string[] = [],
) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const statement of setup) await connection.run(statement);
    return await work(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The fingerprint of the rows of `paths`, or of those `selection` picks. */
export function fingerprintParquet(
  paths: readonly string[],
  columns: readonly LakeColumn[],
  selection?: RowSelection,
): Promise<RowFingerprint> {
  // Cast first: a BIGINT and an INT32 of the same value hash differently.
  const hashed = columns.map((c) => `CAST(${quoteIdentifier(c.name)} AS ${duckType(c)})`).join(', ');
  return withConnection(async (run) => {
    const [row] = await run(
      `SELECT count(*) AS n, CAST(coalesce(sum(hash(${hashed})), 0) AS VARCHAR) AS h
       FROM read_parquet(${fileList(paths)}, union_by_name = true)${selection ? ` WHERE ${selection.where}` : ''}`,
    );
    return { rows: Number(row?.n), hash: String(row?.h) };
  }, selection?.setup);
}

/** Writes the rows of `paths` (those `selection` picks, if given) into one Snappy Parquet file at `output`. */
export function mergeParquet(
  paths: readonly string[],
  output: string,
  columns: readonly LakeColumn[],
  selection?: RowSelection,
): Promise<void> {
  return withConnection(async (run) => {
    await run(
      `COPY (SELECT ${castColumns(columns)} FROM read_parquet(${fileList(paths)}, union_by_name = true)
             ${selection ? `WHERE ${selection.where}` : ''})
       TO ${quoteLiteral(output)} (FORMAT parquet, COMPRESSION snappy)`,
    );
  }, selection?.setup);
}

/** How many rows of each of `paths` `selection` picks; files with none are left out. */
export function countSelected(paths: readonly string[], selection: RowSelection): Promise<Map<string, number>> {
  if (paths.length === 0) return Promise.resolve(new Map());
  return withConnection(async (run) => {
    const rows = await run(
      `SELECT filename AS f, count(*) AS n FROM read_parquet(${fileList(paths)}, union_by_name = true, filename = true)
       WHERE ${selection.where} GROUP BY filename`,
    );
    return new Map(rows.map((row) => [String(row.f), Number(row.n)]));
  }, selection.setup);
}

/** The distinct values of `expression` over the rows `selection` picks. */
export function selectDistinct(
  paths: readonly string[],
  expression: string,
  selection: RowSelection,
): Promise<string[]> {
  if (paths.length === 0) return Promise.resolve([]);
  return withConnection(async (run) => {
    const rows = await run(
      `SELECT DISTINCT ${expression} AS v FROM read_parquet(${fileList(paths)}, union_by_name = true)
       WHERE ${selection.where}`,
    );
    return rows.map((row) => String(row.v));
  }, selection.setup);
}
