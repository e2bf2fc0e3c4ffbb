import { STREAM_NAMES, type StreamName } from '../streams.ts';
import type { LakeFormat } from './lake-tables.ts';

/**
 * Where everything lives in the lake, as keys relative to its root (an S3 bucket on AWS, a folder
 * locally). Firehose and the local lake writer deliver to the same prefixes (SPEC.md §7):
 *
 *   raw/<stream>/dt=YYYY-MM-DD/hr=HH/…json.gz         raw gzip NDJSON (raw_* tables read these)
 *   parquet/<stream>/dt=YYYY-MM-DD/hr=HH/…parquet      Parquet files, small as delivered or compacted
 *   manifests/parquet_<stream>/dt=…/hr=…/symlink.txt  the files parquet_* tables read, one URI a line
 *
 * parquet_* tables read through the manifest (Hive SymlinkTextInputFormat) rather than listing the
 * data prefix: swapping small files for a compacted one is then one atomic object write, so a reader
 * never sees a partition with rows missing or doubled.
 */

export interface Partition {
  /** UTC date, YYYY-MM-DD. */
  readonly dt: string;
  /** UTC hour, 00–23. */
  readonly hr: string;
}

export const HOUR_MS = 3_600_000;
export const MANIFEST_FILE = 'symlink.txt';
export const PARQUET_SUFFIX = '.parquet';
export const RAW_SUFFIX = '.json.gz';
/** Files the compactor wrote start with this; everything else was delivered by Firehose or the writer. */
export const COMPACTED_PREFIX = 'compacted-';

export function partitionOf(epochMs: number): Partition {
  const iso = new Date(epochMs).toISOString();
  return { dt: iso.slice(0, 10), hr: iso.slice(11, 13) };
}

export function partitionStart({ dt, hr }: Partition): number {
  return Date.parse(`${dt}T${hr}:00:00Z`);
}

export const partitionPath = ({ dt, hr }: Partition) => `dt=${dt}/hr=${hr}/`;

export function dataPrefix(format: LakeFormat, stream: StreamName, partition?: Partition): string {
  return `${format}/${stream}/${partition ? partitionPath(partition) : ''}`;
}

export function manifestPrefix(stream: StreamName, partition?: Partition): string {
  return `manifests/parquet_${stream}/${partition ? partitionPath(partition) : ''}`;
}

export function manifestKey(stream: StreamName, partition: Partition): string {
  return `${manifestPrefix(stream, partition)}${MANIFEST_FILE}`;
}

const PARTITION_IN_KEY = /\/dt=(\d{4}-\d{2}-\d{2})\/hr=(\d{2})\//;

/** True when `key` lies in a `dt=…/hr=…/` partition. */
export function isPartitionKey(key: string): boolean {
  return PARTITION_IN_KEY.test(key);
}

/** The partition a key lies in; throws for a key outside any partition. */
export function partitionOfKey(key: string): Partition {
  const match = PARTITION_IN_KEY.exec(key);
  if (!match) throw new Error(`${key} is not in a dt=/hr= partition`);
  return { dt: match[1] as string, hr: match[2] as string };
}

/** Firehose prefix expressions that produce {@link dataPrefix} keys from the arrival time. */
export function firehosePrefix(format: LakeFormat, stream: StreamName): string {
  return `${format}/${stream}/dt=!{timestamp:yyyy-MM-dd}/hr=!{timestamp:HH}/`;
}

export function firehoseErrorPrefix(format: LakeFormat, stream: StreamName): string {
  return `errors/${format}/${stream}/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/hr=!{timestamp:HH}/`;
}

/**
 * Where the lake writers put records that are not JSON objects: the prefix Firehose's Parquet
 * conversion gives records it cannot convert (`!{firehose:error-output-type}` is
 * `format-conversion-failed` then), so both writers' rejects land together.
 */
export function conversionErrorPrefix(stream: StreamName, partition: Partition): string {
  return `errors/parquet/${stream}/format-conversion-failed/${partitionPath(partition)}`;
}
const PARQUET_KEY = new RegExp(`^parquet/(${STREAM_NAMES.join('|')})/dt=(\\d{4}-\\d{2}-\\d{2})/hr=(\\d{2})/([^/]+)$`);

/** The stream and partition of a Parquet data key, or undefined for any other key. */
export function parseParquetKey(key: string): { stream: StreamName; partition: Partition; file: string } | undefined {
  const match = PARQUET_KEY.exec(key);
  if (!match?.[4]?.endsWith(PARQUET_SUFFIX)) return undefined;
  return {
    stream: match[1] as StreamName,
    partition: { dt: match[2] as string, hr: match[3] as string },
    file: match[4],
  };
}

/** Hours whose partitions may still be compacted at `now`: closed for `graceMs`, within the lookback. */
export function closedPartitions(now: number, lookbackHours: number, graceMs: number): Partition[] {
  const lastOpen = Math.floor((now - graceMs) / HOUR_MS) * HOUR_MS;
  const partitions: Partition[] = [];
  for (let start = lastOpen - HOUR_MS; start >= lastOpen - lookbackHours * HOUR_MS; start -= HOUR_MS) {
    partitions.push(partitionOf(start));
  }
  return partitions;
}
