import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { checkLakeRecord } from '../domain/lake/lake-record.ts';
import { parquetColumns, tableName } from '../domain/lake/lake-tables.ts';
import type { StreamName } from '../domain/streams.ts';
import type { ParquetConverter } from './json-to-parquet.ts';

const gzipAsync = promisify(gzip);

/** A stream record as a lake writer buffers it: its bytes as they were on the stream. */
export interface LakeRecord {
  readonly data: Uint8Array;
  /** When the stream stored it (epoch ms): its partition. */
  readonly arrivalMs: number;
  readonly sequenceNumber: string;
}

/** One arrival hour's share of a delivery, ready to be stored. */
export interface PartitionFiles {
  /** gzip NDJSON of the readable records (raw/); undefined when none is readable, and then no Parquet file either. */
  readonly raw: Buffer | undefined;
  /** Rows of the raw file and of the Parquet file, which hold the same records. */
  readonly rows: number;
  /** Rows whose `type` is "bid". */
  readonly bids: number;
  /** gzip NDJSON of an error record per record no reader could read (errors/); undefined when there is none. */
  readonly errors: Buffer | undefined;
  readonly rejected: number;
}

/**
 * Sorts one arrival hour's records of a stream into the lake's files, the same for the local writer
 * and the Lambda writer: the records every reader can read become the raw file and the Parquet file
 * at `parquetPath` (the same rows in both), the others error records in Firehose's shape. A record
 * is never turned into a row of NULLs, and never makes a file unreadable.
 */
export async function partitionFiles(
  converter: ParquetConverter,
  stream: StreamName,
  records: readonly LakeRecord[],
  parquetPath: string,
  now: () => number,
): Promise<PartitionFiles> {
  const columns = parquetColumns(stream);
  const readable: { record: LakeRecord; index: number; type: unknown }[] = [];
  const failed: { index: number; record: FailedRecord }[] = [];
  for (const [index, record] of records.entries()) {
    const check = checkLakeRecord(record.data, columns);
    if (check.ok) readable.push({ record, index, type: check.record.type });
    else failed.push({ index, record: failedRecord(stream, record, `${check.reason}: ${check.message}`, now()) });
  }
  let rows: typeof readable = [];
  if (readable.length > 0) {
    const conversion = await converter.convert(
      readable.map(({ record }) => record.data),
      parquetPath,
      columns,
    );
    rows = readable.filter(({ record, index }, i) => {
      const reason = conversion.rejected.get(i);
      if (reason !== undefined) {
        failed.push({ index, record: failedRecord(stream, record, `rejected-by-converter: ${reason}`, now()) });
      }
      return reason === undefined;
    });
    if (conversion.rows !== rows.length) {
      throw new Error(
        `${parquetPath}: the Parquet file has ${conversion.rows} rows for ${rows.length} readable records`,
      );
    }
    if (rows.length === 0) await rm(parquetPath, { force: true });
  }
  // In stream order, as the records came.
  failed.sort((a, b) => a.index - b.index);
  return {
    raw: rows.length > 0 ? await gzipAsync(ndjson(rows.map(({ record }) => record.data))) : undefined,
    rows: rows.length,
    bids: rows.filter(({ type }) => type === 'bid').length,
    errors:
      failed.length > 0
        ? await gzipAsync(ndjson(failed.map(({ record }) => Buffer.from(JSON.stringify(record)))))
        : undefined,
    rejected: failed.length,
  };
}

/**
 * The record Firehose writes under `format-conversion-failed/` for a record it could not convert
 * (https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion-error-handling.html),
 * written alike by both lake writers: what a failed-events table will read.
 */
export interface FailedRecord {
  readonly attemptsMade: number;
  readonly arrivalTimestamp: number;
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
  readonly attemptEndingTimestamp: number;
  /** The record's bytes as they were on the stream, base64. */
  readonly rawData: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber: null;
  readonly dataCatalogTable: { readonly tableName: string };
}

function failedRecord(stream: StreamName, record: LakeRecord, message: string, now: number): FailedRecord {
  return {
    attemptsMade: 1,
    arrivalTimestamp: record.arrivalMs,
    ErrorCode: 'DataFormatConversion.MalformedData',
    ErrorMessage: message,
    attemptEndingTimestamp: now,
    rawData: Buffer.from(record.data).toString('base64'),
    sequenceNumber: record.sequenceNumber,
    subSequenceNumber: null,
    dataCatalogTable: { tableName: tableName('parquet', stream) },
  };
}

function ndjson(lines: readonly Uint8Array[]): Buffer {
  const newline = Buffer.from('\n');
  return Buffer.concat(lines.flatMap((line) => [line, newline]));
}
