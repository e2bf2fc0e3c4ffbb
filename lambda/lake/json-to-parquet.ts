import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { LakeColumn } from '../domain/lake/lake-tables.ts';
import { castColumns, duckType, quoteLiteral } from './parquet-files.ts';

/** DuckDB's `columns` argument for read_json: the lake's names and types, nothing inferred. */
export function jsonColumns(columns: readonly LakeColumn[]): string {
  return `{${columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(duckType(c))}`).join(', ')}}`;
}

/**
 * Turns a gzip NDJSON file into a Snappy Parquet file with the table's columns, the way Firehose's
 * record format conversion does on AWS. Lines that are not JSON objects are skipped (the raw file
 * keeps them); the result says how many rows were written.
 */
export class ParquetConverter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<ParquetConverter> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    return new ParquetConverter(instance, await instance.connect());
  }

  async convert(ndjsonGz: string, parquet: string, columns: readonly LakeColumn[]): Promise<number> {
    const source = `read_json(${quoteLiteral(ndjsonGz)}, format = 'newline_delimited', columns = ${jsonColumns(columns)},
      ignore_errors = true, compression = 'gzip')`;
    const result = await this.connection.runAndReadAll(
      `COPY (SELECT ${castColumns(columns)} FROM ${source}) TO ${quoteLiteral(parquet)} (FORMAT parquet, COMPRESSION snappy)`,
    );
    return Number(result.getRowsJS()[0]?.[0] ?? 0);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
