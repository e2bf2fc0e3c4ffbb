import { rm, writeFile } from 'node:fs/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { LakeColumn } from '../domain/lake/lake-tables.ts';
import { castColumns, duckType, quoteLiteral } from './parquet-files.ts';

/** DuckDB's `columns` argument for read_json: the lake's names and types, nothing inferred. */
export function jsonColumns(columns: readonly LakeColumn[]): string {
  return `{${columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(duckType(c))}`).join(', ')}}`;
}

export interface Conversion {
  /** Rows in the Parquet file: one per line that was not rejected, in order. */
  readonly rows: number;
  /** Lines the reader refused (a type it cannot cast, a duplicate key...), by index, with its reason. */
  readonly rejected: ReadonlyMap<number, string>;
}

/** DuckDB's errors about the data it reads, as opposed to I/O or internal failures. */
const DATA_ERROR = /^(Invalid Input|Conversion) Error: /;

/**
 * Turns newline-delimited JSON records into a Snappy Parquet file with the table's columns, the way
 * Firehose's record format conversion does on AWS. The reader is strict: a record it cannot read
 * exactly is rejected and named, never turned into a row of NULLs (`ignore_errors` would do that)
 * nor allowed to fail the whole file. Rejections are rare, so they are found by halving the batch.
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

  /** Writes `lines` (each one JSON record, without its newline) to `parquet`; `parquet` is overwritten. */
  async convert(lines: readonly Uint8Array[], parquet: string, columns: readonly LakeColumn[]): Promise<Conversion> {
    const scratch = `${parquet}.ndjson`;
    const rejected = new Map<number, string>();
    try {
      let kept = lines.map((_, i) => i);
      const first = await this.#copy(lines, kept, scratch, parquet, columns);
      if (first === undefined) return { rows: lines.length, rejected };
      await this.#findRejected(lines, kept, first, scratch, parquet, columns, rejected);
      kept = kept.filter((i) => !rejected.has(i));
      const retry = await this.#copy(lines, kept, scratch, parquet, columns);
      if (retry !== undefined) throw new Error(`Parquet conversion still fails without the rejected records: ${retry}`);
      return { rows: kept.length, rejected };
    } finally {
      await rm(scratch, { force: true });
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Rejects, one by one, the lines among `indexes` the reader refuses; `failure` is its error on all of them. */
  async #findRejected(
    lines: readonly Uint8Array[],
    indexes: readonly number[],
    failure: string,
    scratch: string,
    parquet: string,
    columns: readonly LakeColumn[],
    rejected: Map<number, string>,
  ): Promise<void> {
    if (indexes.length === 1) {
      rejected.set(indexes[0] as number, failure);
      return;
    }
    const middle = Math.ceil(indexes.length / 2);
    for (const half of [indexes.slice(0, middle), indexes.slice(middle)]) {
      const error = await this.#copy(lines, half, scratch, parquet, columns);
      if (error !== undefined) await this.#findRejected(lines, half, error, scratch, parquet, columns, rejected);
    }
  }

  /** Converts the lines at `indexes`; resolves to the reader's complaint about the data, if it has one. */
  async #copy(
    lines: readonly Uint8Array[],
    indexes: readonly number[],
    scratch: string,
    parquet: string,
    columns: readonly LakeColumn[],
  ): Promise<string | undefined> {
    const newline = Buffer.from('\n');
    await writeFile(
      scratch,
      indexes.flatMap((i) => [lines[i] as Uint8Array, newline]),
    );
    const source = `read_json(${quoteLiteral(scratch)}, format = 'newline_delimited', columns = ${jsonColumns(columns)})`;
    try {
      await this.connection.run(
        `COPY (SELECT ${castColumns(columns)} FROM ${source}) TO ${quoteLiteral(parquet)} (FORMAT parquet, COMPRESSION snappy)`,
      );
      return undefined;
    } catch (error) {
      const message = (error as Error).message;
      if (!DATA_ERROR.test(message)) throw error;
      return message.split('\n')[0] as string;
    }
  }
}
