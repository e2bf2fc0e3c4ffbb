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

async function withConnection<T>(work: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export function fingerprintParquet(paths: readonly string[], columns: readonly LakeColumn[]): Promise<RowFingerprint> {
  // Cast first: a BIGINT and an INT32 of the same value hash differently.
  const hashed = columns.map((c) => `CAST(${quoteIdentifier(c.name)} AS ${duckType(c)})`).join(', ');
  return withConnection(async (run) => {
    const [row] = await run(
      `SELECT count(*) AS n, CAST(coalesce(sum(hash(${hashed})), 0) AS VARCHAR) AS h
       FROM read_parquet(${fileList(paths)}, union_by_name = true)`,
    );
    return { rows: Number(row?.n), hash: String(row?.h) };
  });
}

/** Writes the rows of `paths` into one Snappy Parquet file at `output`. */
export function mergeParquet(paths: readonly string[], output: string, columns: readonly LakeColumn[]): Promise<void> {
  return withConnection(async (run) => {
    await run(
      `COPY (SELECT ${castColumns(columns)} FROM read_parquet(${fileList(paths)}, union_by_name = true))
       TO ${quoteLiteral(output)} (FORMAT parquet, COMPRESSION snappy)`,
    );
  });
}
