import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { dataPrefix, manifestPrefix, RAW_SUFFIX } from '../../lambda/domain/lake/lake-layout.ts';
import { LAKE_TABLES, type LakeTable } from '../../lambda/domain/lake/lake-tables.ts';
import { isManifestKey, readManifest } from '../../lambda/lake/manifest.ts';
import { castColumns, duckType, quoteIdentifier, quoteLiteral } from '../../lambda/lake/parquet-files.ts';
import type { FileObjectStore } from './file-object-store.ts';
import { jsonColumns } from './parquet-converter.ts';

export interface QueryResult {
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
}

/** Bad SQL or an unknown table: the user's query, not the lake, is at fault. */
export class SqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlError';
  }
}

const PARTITION_TYPES = "hive_partitioning = true, hive_types = {'dt': 'VARCHAR', 'hr': 'VARCHAR'}";

/**
 * The local lake in DuckDB, with the eight tables under their Glue names and columns (plus the dt
 * and hr partition columns). Like Athena, parquet_* tables read the files their manifests list,
 * so a session sees one consistent snapshot of each partition, taken when it opens.
 */
export class LakeSql {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(store: FileObjectStore): Promise<LakeSql> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    for (const table of LAKE_TABLES) {
      const files = table.format === 'parquet' ? await parquetFiles(store, table) : await rawFiles(store, table);
      await connection.run(`CREATE VIEW ${quoteIdentifier(table.name)} AS ${tableSource(table, files)}`);
    }
    return new LakeSql(instance, connection);
  }

  async query(sql: string): Promise<QueryResult> {
    let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
    try {
      reader = await this.connection.runAndReadAll(sql);
    } catch (error) {
      throw new SqlError(explain((error as Error).message));
    }
    return { columns: reader.columnNames(), rows: reader.getRowObjectsJS().map(plainRow) };
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

async function parquetFiles(store: FileObjectStore, table: LakeTable): Promise<string[]> {
  const manifests = (await store.list(manifestPrefix(table.stream))).filter((object) => isManifestKey(object.key));
  const files: string[] = [];
  for (const manifest of manifests)
    files.push(...(await readManifest(store, manifest.key)).keys.map((k) => store.uri(k)));
  return files;
}

async function rawFiles(store: FileObjectStore, table: LakeTable): Promise<string[]> {
  const objects = await store.list(dataPrefix('raw', table.stream));
  return objects.filter((object) => object.key.endsWith(RAW_SUFFIX)).map((object) => store.uri(object.key));
}

function tableSource(table: LakeTable, files: string[]): string {
  if (files.length === 0) {
    const empty = table.columns.map((c) => `CAST(NULL AS ${duckType(c)}) AS ${quoteIdentifier(c.name)}`);
    return `SELECT ${empty.join(', ')}, CAST(NULL AS VARCHAR) AS dt, CAST(NULL AS VARCHAR) AS hr WHERE false`;
  }
  const list = `[${files.map(quoteLiteral).join(', ')}]`;
  const source =
    table.format === 'parquet'
      ? `read_parquet(${list}, union_by_name = true, ${PARTITION_TYPES})`
      : `read_json(${list}, format = 'newline_delimited', columns = ${jsonColumns(table.columns)}, compression = 'gzip', ${PARTITION_TYPES})`;
  return `SELECT ${castColumns(table.columns)}, dt, hr FROM ${source}`;
}

function explain(message: string): string {
  if (/Table with name .* does not exist/.test(message)) {
    return `${message.split('\n')[0]}\nTables: ${LAKE_TABLES.map((t) => t.name).join(', ')}`;
  }
  return message;
}

/** DuckDB BIGINTs arrive as bigint; JSON and tables want plain numbers where they are exact. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : typeof value === 'bigint'
          ? value.toString()
          : value;
  }
  return out;
}
