import { DuckDBInstance } from '@duckdb/node-api';
import { bcnsColumns } from '../../../lambda/domain/lake/lake-tables.ts';
import { useAthenaDialect } from '../../../local/lake/lake-sql.ts';
import { translateAthena } from '../../../local/sql/athena-translate.ts';

/** A `parquet_bcns` row: every column of the lake table, as a hand-written fixture fills it. */
export type BcnsRow = Record<string, string | number | null>;

/**
 * An in-memory DuckDB holding `parquet_bcns` with the lake's columns (plus dt and hr) and these rows;
 * queries are Athena's SQL, translated as `sdp sql` translates them. Rows come back as DuckDB gives
 * them (BIGINT columns as bigint).
 */
export async function duckDbLake(rows: readonly BcnsRow[]) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const columns = [...bcnsColumns().map((c) => ({ name: c.name, type: c.type })), ...partitionColumns];
  const ddl = columns.map((c) => `"${c.name}" ${c.type === 'bigint' ? 'BIGINT' : 'VARCHAR'}`).join(', ');
  await connection.run(`CREATE TABLE parquet_bcns (${ddl})`);
  await useAthenaDialect(connection);
  for (const row of rows) {
    // Unless a fixture says otherwise, a row lands in the partition of its own timestamp, as in the lake.
    const at = typeof row.timestamp === 'number' ? new Date(row.timestamp).toISOString() : undefined;
    const placed: BcnsRow = { dt: at?.slice(0, 10) ?? null, hr: at?.slice(11, 13) ?? null, ...row };
    const values = columns.map((c) => literal(placed[c.name] ?? null));
    await connection.run(`INSERT INTO parquet_bcns VALUES (${values.join(', ')})`);
  }
  return {
    query: async (athenaSql: string) => {
      const statement = translateAthena(athenaSql);
      if (statement.kind !== 'query') throw new Error(`not a query: ${athenaSql}`);
      return (await connection.runAndReadAll(statement.sql)).getRowObjectsJS() as Record<string, unknown>[];
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const partitionColumns = [
  { name: 'dt', type: 'string' },
  { name: 'hr', type: 'string' },
];

function literal(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${value.replaceAll("'", "''")}'`;
}
