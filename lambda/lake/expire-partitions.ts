import { dataPrefix, manifestKey, manifestPrefix, type Partition } from '../domain/lake/lake-layout.ts';
import { tableName } from '../domain/lake/lake-tables.ts';
import { ERRORS_KEY, expired, type Retention } from '../domain/lifecycle/retention.ts';
import { STREAM_NAMES, type StreamName } from '../domain/streams.ts';
import type { LakeChangeListener } from './lake-changes.ts';
import { ERRORS_PREFIX } from './lake-units.ts';
import type { ObjectStore } from './object-store.ts';
import { type Retirement, retirementKey } from './retirement.ts';

export interface ExpiredTable {
  /** A table name, or `errors`. */
  readonly table: string;
  readonly partitions: number;
  /** Files deleted (raw, errors) or retired (Parquet: deleted by the vacuum after the grace period). */
  readonly files: number;
}

const PARTITION_IN_KEY = /\/dt=(\d{4}-\d{2}-\d{2})\/hr=(\d{2})\//;
const ERROR_STREAM = /^errors\/(?:raw|parquet)\/([^/]+)\//;
const isStreamName = (name: string | undefined): name is StreamName => STREAM_NAMES.some((s) => s === name);

/**
 * Removes the partitions older than their table's retention (see `Retention`), by the hour they
 * hold rather than by file age, so a file rewritten by an erasure or a compaction goes with its
 * hour. Raw and error objects are deleted (their tables list the prefix, there is nothing to swap);
 * a Parquet partition leaves its table at once by the deletion of its manifest, and its files are
 * retired, deleted by the vacuum after the grace period, once no query can still be reading them.
 */
export async function expirePartitions(
  store: ObjectStore,
  retention: Retention,
  now: number,
  runId: string,
  onChange?: LakeChangeListener,
): Promise<ExpiredTable[]> {
  const results: ExpiredTable[] = [];
  const record = (table: string, partitions: number, files: number) => {
    if (partitions > 0) results.push({ table, partitions, files });
  };
  for (const stream of STREAM_NAMES) {
    const rawDays = retention[tableName('raw', stream)] ?? null;
    if (rawDays !== null) {
      const keys = byPartition((await store.list(dataPrefix('raw', stream))).map((o) => o.key));
      let partitions = 0;
      let files = 0;
      for (const { partition, keys: objects } of keys.values()) {
        if (!expired(partition, rawDays, now)) continue;
        await onChange?.({ change: 'expired', stream, kind: 'raw', partition });
        for (const key of objects) await store.delete(key);
        partitions++;
        files += objects.length;
      }
      record(tableName('raw', stream), partitions, files);
    }
    const parquetDays = retention[tableName('parquet', stream)] ?? null;
    if (parquetDays !== null) {
      const data = byPartition((await store.list(dataPrefix('parquet', stream))).map((o) => o.key));
      const manifests = byPartition((await store.list(manifestPrefix(stream))).map((o) => o.key));
      let partitions = 0;
      let files = 0;
      for (const [id, { partition }] of new Map([...data, ...manifests])) {
        if (!expired(partition, parquetDays, now)) continue;
        const inputs = data.get(id)?.keys ?? [];
        await onChange?.({ change: 'expired', stream, kind: 'parquet', partition });
        const retirement: Retirement = { inputs, outputs: [], createdAt: now };
        await store.putText(retirementKey(stream, partition, `expire-${runId}`), JSON.stringify(retirement));
        await store.delete(manifestKey(stream, partition));
        partitions++;
        files += inputs.length;
      }
      record(tableName('parquet', stream), partitions, files);
    }
  }
  const errorDays = retention[ERRORS_KEY] ?? null;
  if (errorDays !== null) {
    let partitions = 0;
    let files = 0;
    for (const { partition, keys } of byPartition((await store.list(ERRORS_PREFIX)).map((o) => o.key)).values()) {
      if (!expired(partition, errorDays, now)) continue;
      for (const stream of new Set(keys.map((key) => ERROR_STREAM.exec(key)?.[1]))) {
        if (isStreamName(stream)) await onChange?.({ change: 'expired', stream, kind: 'errors', partition });
      }
      for (const key of keys) await store.delete(key);
      partitions++;
      files += keys.length;
    }
    record(ERRORS_KEY, partitions, files);
  }
  return results;
}

/** Keys grouped by the partition in their path; errors of several streams share a partition key here. */
function byPartition(keys: readonly string[]): Map<string, { partition: Partition; keys: string[] }> {
  const groups = new Map<string, { partition: Partition; keys: string[] }>();
  for (const key of keys) {
    const match = PARTITION_IN_KEY.exec(key);
    if (!match) continue;
    const partition = { dt: match[1] as string, hr: match[2] as string };
    const id = `${partition.dt}/${partition.hr}`;
    const group = groups.get(id) ?? { partition, keys: [] };
    group.keys.push(key);
    groups.set(id, group);
  }
  return groups;
}
