import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  conversionErrorPrefix,
  dataPrefix,
  PARQUET_SUFFIX,
  type Partition,
  partitionOf,
  RAW_SUFFIX,
} from '../domain/lake/lake-layout.ts';
import type { StreamName } from '../domain/streams.ts';
import { dropErasedRecords } from './drop-erased-records.ts';
import type { ParquetConverter } from './json-to-parquet.ts';
import type { ObjectStore } from './object-store.ts';
import { type LakeRecord, partitionFiles } from './partition-files.ts';
import { registerDataFiles } from './register-data-files.ts';

/** One stream record of a batch, in the shard's order; `arrivalMs` is its partition, as Firehose's `!{timestamp}` is. */
export type BatchRecord = LakeRecord;

export interface StreamBatch {
  readonly stream: StreamName;
  readonly shardId: string;
  /** In shard order, as Lambda delivers them. */
  readonly records: readonly BatchRecord[];
}

export interface WrittenBatch {
  readonly rows: number;
  /** Records a pending erasure covers, dropped before writing. */
  readonly erased: number;
  readonly rejected: number;
  readonly keys: readonly string[];
}

/**
 * Writes one shard's batch of a stream to the lake in Firehose's layout: per arrival hour a gzip
 * NDJSON file under raw/, a Snappy Parquet file with the table's columns under parquet/ (then
 * registered in the partition's manifest), and records no reader could read under errors/ (partition-files.ts).
 *
 * Exactly once without a checkpoint of its own: a file is named after the shard and its first
 * record, and holds a contiguous run of the shard's records from there. Lambda checkpoints a shard
 * only after a batch succeeds and retries from the last checkpoint, so the first record of an
 * hour in a retried batch is the same record as in the failed attempt, and its files overwrite the
 * attempt's; registering a key twice adds it once. A batch that stops short of an hour leaves that
 * hour's file to the next batch, which starts at the same record and overwrites it too.
 */
export async function writeStreamBatch(
  store: ObjectStore,
  converter: ParquetConverter,
  filePrefix: string,
  batch: StreamBatch,
  now: () => number = Date.now,
): Promise<WrittenBatch> {
  const groups = new Map<string, { partition: Partition; first: string; records: LakeRecord[] }>();
  for (const record of batch.records) {
    const partition = partitionOf(record.arrivalMs);
    const id = `${partition.dt}/${partition.hr}`;
    let group = groups.get(id);
    if (!group) {
      group = { partition, first: record.sequenceNumber, records: [] };
      groups.set(id, group);
    }
    group.records.push(record);
  }
  const erased = await dropErasedRecords(store, [...groups.values()]);

  const work = await mkdtemp(join(tmpdir(), 'sdp-lake-batch-'));
  const parquetKeys: string[] = [];
  const keys: string[] = [];
  let rows = 0;
  let rejected = 0;
  try {
    for (const { partition, first, records } of groups.values()) {
      const name = `${filePrefix}-${batch.stream}-${batch.shardId}-${first}`;
      const parquet = join(work, `${name}${PARQUET_SUFFIX}`);
      const files = await partitionFiles(converter, batch.stream, records, parquet, now);
      if (files.raw) {
        const raw = join(work, `${name}${RAW_SUFFIX}`);
        await writeFile(raw, files.raw);
        const rawKey = `${dataPrefix('raw', batch.stream, partition)}${name}${RAW_SUFFIX}`;
        const parquetKey = `${dataPrefix('parquet', batch.stream, partition)}${name}${PARQUET_SUFFIX}`;
        await store.upload(raw, rawKey);
        await store.upload(parquet, parquetKey);
        keys.push(rawKey, parquetKey);
        parquetKeys.push(parquetKey);
        rows += files.rows;
      }
      if (files.errors) {
        const errors = join(work, `${name}-errors${RAW_SUFFIX}`);
        await writeFile(errors, files.errors);
        const errorKey = `${conversionErrorPrefix(batch.stream, partition)}${name}${RAW_SUFFIX}`;
        await store.upload(errors, errorKey);
        keys.push(errorKey);
        rejected += files.rejected;
      }
    }
    await registerDataFiles(store, parquetKeys);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { rows, erased, rejected, keys };
}
