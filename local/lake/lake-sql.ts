import {
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBListType,
  DuckDBMapType,
  DuckDBStructType,
  type DuckDBType,
} from '@duckdb/node-api';
import { dataPrefix, manifestPrefix, RAW_SUFFIX } from '../../lambda/domain/lake/lake-layout.ts';
import { LAKE_TABLES, LAKE_VIEWS, type LakeTable, viewSql } from '../../lambda/domain/lake/lake-tables.ts';
import { jsonColumns } from '../../lambda/lake/json-to-parquet.ts';
import { isManifestKey, readManifest } from '../../lambda/lake/manifest.ts';
import { castColumns, duckType, quoteIdentifier, quoteLiteral } from '../../lambda/lake/parquet-files.ts';
import { ERROR_MARKER, MACROS } from '../sql/athena-macros.ts';
import { type AthenaStatement, translateAthena, UNNAMED_PREFIX } from '../sql/athena-translate.ts';
import { athenaText, intervalType, jsonValue, trinoType } from '../sql/athena-values.ts';
import { describeTable, showColumns, showTables } from '../sql/lake-metadata.ts';
import { SqlError } from '../sql/sql-error.ts';
import type { FileObjectStore } from './file-object-store.ts';
import {
  failingSource,
  failingTable,
  type LakeFileError,
  lakeFileError,
  unreadableRawFile,
} from './lake-file-errors.ts';
import {
  describeUnreadable,
  tolerantRawSource,
  type UnreadableRecords,
  type UnreadableRecordsSink,
  unreadableRecords,
} from './tolerant-raw-source.ts';

export { SqlError };

/** `athena` (default): Athena's SQL, engine v3 (Trino); `duckdb`: DuckDB's own dialect, as is. */
export const SQL_DIALECTS = ['athena', 'duckdb'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export interface QueryResult {
  readonly columns: string[];
  /** Trino's type names in the Athena dialect (`bigint`, `timestamp(3) with time zone`), DuckDB's otherwise. */
  readonly types: string[];
  /** Each row keyed by column: numbers and booleans as such, every other value as Athena's text. */
  readonly rows: Record<string, unknown>[];
  /** Each row as Athena's GetQueryResults has it: every value as text, NULL as null. */
  readonly text: (string | null)[][];
}

export interface LakeSqlOptions {
  /** @default 'athena' */
  readonly dialect?: SqlDialect;
  /** Hears of raw records a query had to skip (see tolerant-raw-source.ts). @default a warning on stderr */
  readonly onUnreadable?: UnreadableRecordsSink;
}

const PARTITION_TYPES = "hive_partitioning = true, hive_types = {'dt': 'VARCHAR', 'hr': 'VARCHAR'}";
/** Views that also have Athena's hidden `"$path"` column, used by the queries that name it. */
const PATH_SCHEMA = 'lake_paths';

/**
 * The local lake in DuckDB, with the eight tables under their Glue names and columns (plus the dt
 * and hr partition columns). Like Athena, parquet_* tables read the files their manifests list,
 * so a session sees one consistent snapshot of each partition, taken when it opens. Queries are
 * Athena's SQL (translated by local/sql/) unless the session was opened with the `duckdb` dialect.
 */
export class LakeSql {
  #tolerant = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly dialect: SqlDialect,
    private readonly lake: LakeFiles,
    private readonly onUnreadable: UnreadableRecordsSink,
  ) {}

  static async open(store: FileObjectStore, options: LakeSqlOptions = {}): Promise<LakeSql> {
    const dialect = options.dialect ?? 'athena';
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // Athena's session time zone is UTC, and it sorts NULLs last in either direction.
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run("SET default_null_order = 'nulls_last'");
    await connection.run(`CREATE SCHEMA ${PATH_SCHEMA}`);
    const lake: LakeFiles = { root: store.root, raw: new Map(), unreadable: new Map() };
    for (const table of LAKE_TABLES) {
      const files = table.format === 'parquet' ? await parquetFiles(store, table) : await rawFiles(store, table);
      if (table.format === 'raw') lake.raw.set(table, files);
      for (const withPath of [false, true]) {
        const view = `CREATE VIEW ${viewName(table, withPath)} AS`;
        try {
          await connection.run(`${view} ${tableSource(table, files, withPath)}`);
        } catch (error) {
          // DuckDB opens Parquet footers here: a table whose files cannot be read fails when queried.
          const problem = lakeFileError((error as Error).message, store.root);
          if (!problem) throw error;
          lake.unreadable.set(table.name, problem);
          await connection.run(`${view} ${failingSource(table, withPath)}`);
        }
      }
    }
    for (const view of LAKE_VIEWS)
      await connection.run(`CREATE VIEW ${quoteIdentifier(view.name)} AS ${viewSql(view)}`);
    if (dialect === 'athena') await useAthenaDialect(connection);
    const onUnreadable = options.onUnreadable ?? ((skipped) => console.error(describeUnreadable(skipped)));
    return new LakeSql(instance, connection, dialect, lake, onUnreadable);
  }

  async query(sql: string): Promise<QueryResult> {
    if (this.dialect === 'duckdb') return this.run(sql, false);
    const statement = translateAthena(sql);
    switch (statement.kind) {
      case 'show-tables':
        return metadataResult(showTables(statement.like));
      case 'show-columns':
        return metadataResult(showColumns(statement.table));
      case 'describe':
        return metadataResult(describeTable(statement.table));
      case 'query':
        return this.runTranslated(statement);
    }
  }

  private async runTranslated(statement: Extract<AthenaStatement, { kind: 'query' }>): Promise<QueryResult> {
    if (statement.usesPath) await this.connection.run(`SET search_path = '${PATH_SCHEMA},main'`);
    try {
      const result = await this.run(statement.sql, true, statement.values);
      const types = result.types.map((type, i) =>
        statement.zonedColumns.includes(i) ? 'timestamp(3) with time zone' : type,
      );
      return { ...result, types };
    } finally {
      if (statement.usesPath) await this.connection.run("SET search_path = 'main'");
    }
  }

  private async run(sql: string, athena: boolean, bareValues = false): Promise<QueryResult> {
    let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
    try {
      reader = await this.connection.runAndReadAll(sql);
    } catch (error) {
      const message = (error as Error).message;
      // One unreadable record must not make a raw table unreadable: read again, skipping such records.
      if (!this.#tolerant && unreadableRawFile(message) !== undefined) {
        await this.#tolerateUnreadableRecords();
        return this.run(sql, athena, bareValues);
      }
      const failing = failingTable(message);
      throw (
        (failing && this.lake.unreadable.get(failing)) ??
        lakeFileError(message, this.lake.root) ??
        new SqlError(explain(message))
      );
    }
    const duckTypes = reader.columnTypes().map(typeText);
    // Trino names an unnamed column `_colN` (DuckDB: its text, or colN for VALUES).
    const unnamed = (name: string) => name.startsWith(UNNAMED_PREFIX) || (bareValues && /^col\d+$/.test(name));
    const columns = reader.columnNames().map((name, i) => (unnamed(name) ? `_col${i}` : name));
    const values = reader.getRows();
    return {
      columns,
      types: athena
        ? duckTypes.map((t, i) => (t === 'INTERVAL' ? intervalType(values.map((row) => row[i])) : trinoType(t)))
        : duckTypes,
      rows: values.map((row) =>
        Object.fromEntries(columns.map((c, i) => [c, jsonValue(row[i], duckTypes[i] as string)])),
      ),
      text: values.map((row) => row.map((value, i) => athenaText(value, duckTypes[i] as string))),
    };
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  async #tolerateUnreadableRecords(): Promise<void> {
    this.#tolerant = true;
    const skipped: UnreadableRecords[] = [];
    for (const [table, files] of this.lake.raw) {
      if (files.length === 0) continue;
      for (const withPath of [false, true]) {
        await this.connection.run(
          `CREATE OR REPLACE VIEW ${viewName(table, withPath)} AS ${tolerantRawSource(table, files, PARTITION_TYPES, withPath)}`,
        );
      }
      skipped.push(...(await unreadableRecords(this.connection, table, files, PARTITION_TYPES)));
    }
    if (skipped.length > 0) this.onUnreadable(skipped);
  }
}

/** What a session knows of the lake's files beyond its views. */
interface LakeFiles {
  readonly root: string;
  readonly raw: Map<LakeTable, string[]>;
  /** Tables whose files could not be opened, by name: a query over one fails with its error. */
  readonly unreadable: Map<string, LakeFileError>;
}

const viewName = (table: LakeTable, withPath: boolean) =>
  `${withPath ? `${PATH_SCHEMA}.` : ''}${quoteIdentifier(table.name)}`;

/**
 * Prepares a DuckDB session for SQL translated by `translateAthena`: Trino divides integers to an
 * integer (DuckDB's `/` is float division by default), and the macros carry Trino's semantics.
 */
export async function useAthenaDialect(connection: DuckDBConnection): Promise<void> {
  await connection.run("SET TimeZone = 'UTC'");
  await connection.run("SET default_null_order = 'nulls_last'");
  await connection.run('SET integer_division = true');
  for (const macro of MACROS) await connection.run(`CREATE MACRO ${macro}`);
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

function tableSource(table: LakeTable, files: string[], withPath: boolean): string {
  const path = withPath ? `, ${files.length === 0 ? 'CAST(NULL AS VARCHAR)' : 'filename'} AS "$path"` : '';
  if (files.length === 0) {
    const empty = table.columns.map((c) => `CAST(NULL AS ${duckType(c)}) AS ${quoteIdentifier(c.name)}`);
    return `SELECT ${empty.join(', ')}, CAST(NULL AS VARCHAR) AS dt, CAST(NULL AS VARCHAR) AS hr${path} WHERE false`;
  }
  const list = `[${files.map(quoteLiteral).join(', ')}]`;
  const filename = withPath ? ', filename = true' : '';
  const source =
    table.format === 'parquet'
      ? `read_parquet(${list}, union_by_name = true, ${PARTITION_TYPES}${filename})`
      : `read_json(${list}, format = 'newline_delimited', columns = ${jsonColumns(table.columns)}, compression = 'gzip', ${PARTITION_TYPES}${filename})`;
  return `SELECT ${castColumns(table.columns)}, dt, hr${path} FROM ${source}`;
}

/** DuckDB's name of a type, with JSON named (its String() calls it VARCHAR, JSON being an alias). */
function typeText(type: DuckDBType): string {
  if (type.alias === 'JSON') return 'JSON';
  if (type instanceof DuckDBListType) return `${typeText(type.valueType)}[]`;
  if (type instanceof DuckDBMapType) return `MAP(${typeText(type.keyType)}, ${typeText(type.valueType)})`;
  if (type instanceof DuckDBStructType) {
    const fields = type.entryNames.map(
      (name, i) => `"${name.replaceAll('"', '""')}" ${typeText(type.entryTypes[i] as DuckDBType)}`,
    );
    return `STRUCT(${fields.join(', ')})`;
  }
  return String(type);
}

function explain(message: string): string {
  if (/Table with name .* does not exist/.test(message)) {
    return `${message.split('\n')[0]}\nTables: ${LAKE_TABLES.map((t) => t.name).join(', ')}`;
  }
  if (message.includes('aggregates are not allowed inside the TRY expression')) {
    return 'try() around an aggregate is an Athena construct the local engine (DuckDB) does not have: aggregate in a subquery and try() the outer expression';
  }
  // A macro's failing cast carries Athena's error message (see athena-macros.ts).
  const athena = new RegExp(`Could not convert string '${ERROR_MARKER}(.*)' to [A-Z0-9]+`).exec(message);
  if (athena) return (athena[1] as string).replaceAll("''", "'");
  return message.replaceAll('__athena_', '');
}

function metadataResult({ columns, rows }: { columns: string[]; rows: string[][] }): QueryResult {
  return {
    columns,
    types: columns.map(() => 'varchar'),
    rows: rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))),
    text: rows,
  };
}
