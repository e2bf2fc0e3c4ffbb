import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  COMPACTED_PREFIX,
  dataPrefix,
  manifestKey,
  PARQUET_SUFFIX,
  type Partition,
} from '../domain/lake/lake-layout.ts';
import { parquetColumns } from '../domain/lake/lake-tables.ts';
import type { StreamName } from '../domain/streams.ts';
import { readManifest, updateManifest } from './manifest.ts';
import type { ObjectStore } from './object-store.ts';
import { fingerprintParquet, mergeParquet } from './parquet-files.ts';
import { type Retirement, retirementKey } from './retirement.ts';

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

/** The merged rows differ from the input rows; nothing was changed. */
export class CompactionVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompactionVerificationError';
  }
}

/** An input left the manifest while this run merged it; only a second compactor could do that. */
export class ConcurrentCompactionError extends Error {
  constructor(manifest: string) {
    super(`${manifest} lost files while they were being compacted`);
    this.name = 'ConcurrentCompactionError';
  }
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
 * Merges the small Parquet files of one partition. The order makes every crash safe:
 *   1. record the intended inputs and outputs (a retirement record), so leftovers can be cleaned;
 *   2. merge, and verify the output's row fingerprint equals the inputs' before going on;
 *   3. upload the outputs under names no reader looks at (they are not in the manifest);
 *   4. swap inputs for outputs in the manifest in one conditional write: the commit point.
 * Files that arrive meanwhile stay in the manifest. Inputs are deleted later by the vacuum, once
 * no query can still be reading them and only if no manifest refers to them. A partition whose
 * manifest lists a file the store does not hold is left alone: {@link MissingDataFileError}.
 */
export async function compactPartition(options: CompactPartitionOptions): Promise<PartitionCompaction | undefined> {
  const { store, stream, partition, targetBytes, runId } = options;
  const manifest = manifestKey(stream, partition);
  const listed = new Set((await readManifest(store, manifest)).keys);
  const objects = await store.list(dataPrefix('parquet', stream, partition));
  const stored = new Set(objects.map((o) => o.key));
  const missing = [...listed].filter((key) => !stored.has(key));
  if (missing.length > 0) throw new MissingDataFileError(manifest, missing);
  const small = objects.filter((o) => listed.has(o.key) && o.size < targetBytes);
  const groups = binPack(small, targetBytes).filter((group) => group.length > 1);
  if (groups.length === 0) return undefined;

  const inputs = groups.flat().map((o) => o.key);
  const outputs = groups.map(
    (_, i) => `${dataPrefix('parquet', stream, partition)}${COMPACTED_PREFIX}${runId}-${i}${PARQUET_SUFFIX}`,
  );
  const retirement: Retirement = { inputs, outputs, createdAt: options.now() };
  await store.putText(retirementKey(stream, partition, runId), JSON.stringify(retirement));

  const columns = parquetColumns(stream);
  const workDir = await mkdtemp(join(tmpdir(), 'sdp-compact-'));
  let rows = 0;
  try {
    for (const [i, group] of groups.entries()) {
      const copies = await Promise.all(group.map((o) => store.download(o.key)));
      try {
        const paths = copies.map((copy) => copy.path);
        const merged = join(workDir, `${i}${PARQUET_SUFFIX}`);
        const expected = await fingerprintParquet(paths, columns);
        await mergeParquet(paths, merged, columns);
        const actual = await fingerprintParquet([merged], columns);
        if (actual.rows !== expected.rows || actual.hash !== expected.hash) {
          throw new CompactionVerificationError(
            `${manifest}: merged ${actual.rows} rows (hash ${actual.hash}), expected ${expected.rows} (${expected.hash})`,
          );
        }
        rows += actual.rows;
        await store.upload(merged, outputs[i] as string);
      } finally {
        await Promise.all(copies.map((copy) => copy.release()));
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  await updateManifest(store, manifest, (current) => {
    const retired = new Set(inputs);
    if (inputs.some((key) => !current.includes(key))) throw new ConcurrentCompactionError(manifest);
    return [...outputs, ...current.filter((key) => !retired.has(key))];
  });
  return { stream, partition, inputs: inputs.length, outputs: outputs.length, rows };
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
