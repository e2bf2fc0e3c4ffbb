import { dataPrefix, manifestKey, type Partition } from '../domain/lake/lake-layout.ts';
import type { StreamName } from '../domain/streams.ts';
import { readManifest } from './manifest.ts';
import type { ObjectStore } from './object-store.ts';
import { rewritePartition } from './rewrite-partition.ts';

export interface CompactPartitionOptions {
  readonly store: ObjectStore;
  readonly stream: StreamName;
  readonly partition: Partition;
  /** Files at least this large are left alone; smaller ones are merged into outputs up to this size. */
  readonly targetBytes: number;
  readonly runId: string;
  readonly now: () => number;
}

export interface PartitionCompaction {
  readonly stream: StreamName;
  readonly partition: Partition;
  readonly inputs: number;
  readonly outputs: number;
  readonly rows: number;
}

/** The manifest lists files the store does not hold: a reader of the partition would fail on them. */
export class MissingDataFileError extends Error {
  constructor(
    manifest: string,
    readonly missing: readonly string[],
  ) {
    super(`${manifest} lists ${missing.join(', ')}, which ${missing.length === 1 ? 'does' : 'do'} not exist`);
    this.name = 'MissingDataFileError';
  }
}

/**
 * Merges the small Parquet files of one partition, through the verified rewrite every change to a
 * partition's files goes through (see `rewritePartition`). A partition whose manifest lists a file
 * the store does not hold is left alone: {@link MissingDataFileError}.
 */
export async function compactPartition(options: CompactPartitionOptions): Promise<PartitionCompaction | undefined> {
  const { store, stream, partition, targetBytes } = options;
  const manifest = manifestKey(stream, partition);
  const listed = new Set((await readManifest(store, manifest)).keys);
  const objects = await store.list(dataPrefix('parquet', stream, partition));
  const stored = new Set(objects.map((o) => o.key));
  const missing = [...listed].filter((key) => !stored.has(key));
  if (missing.length > 0) throw new MissingDataFileError(manifest, missing);
  const small = objects.filter((o) => listed.has(o.key) && o.size < targetBytes);
  const groups = binPack(small, targetBytes).filter((group) => group.length > 1);
  if (groups.length === 0) return undefined;
  const { inputs, outputs, rows } = await rewritePartition({
    ...options,
    groups: groups.map((group) => group.map((o) => o.key)),
  });
  return { stream, partition, inputs, outputs, rows };
}

/** First-fit decreasing: groups whose total stays within `capacity`. */
function binPack<T extends { size: number }>(items: readonly T[], capacity: number): T[][] {
  const bins: { total: number; items: T[] }[] = [];
  for (const item of [...items].sort((a, b) => b.size - a.size)) {
    const bin = bins.find((b) => b.total + item.size <= capacity);
    if (bin) {
      bin.total += item.size;
      bin.items.push(item);
    } else {
      bins.push({ total: item.size, items: [item] });
    }
  }
  return bins.map((bin) => bin.items);
}
