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
import { updateManifest } from './manifest.ts';
import type { ObjectStore } from './object-store.ts';
import { fingerprintParquet, mergeParquet, type RowSelection } from './parquet-files.ts';
import { type Retirement, retirementKey } from './retirement.ts';
import { CompactionVerificationError } from './verification-error.ts';

export interface RewritePartitionOptions {
  readonly store: ObjectStore;
  readonly stream: StreamName;
  readonly partition: Partition;
  /** Each group of manifest files becomes one output file. */
  readonly groups: readonly (readonly string[])[];
  /** Only these rows are kept (an erasure); all of them when absent (compaction). */
  readonly keep?: RowSelection;
  readonly runId: string;
  readonly now: () => number;
}

export interface PartitionRewrite {
  readonly inputs: number;
  readonly outputs: number;
  /** Rows in the outputs. */
  readonly rows: number;
  /** Rows of the inputs left out by `keep`. */
  readonly removed: number;
  /** The files retired: deleted by the vacuum after the grace period. */
  readonly retired: readonly string[];
}

/** An input left the manifest while this run rewrote it; only a second compactor could do that. */
export class ConcurrentCompactionError extends Error {
  constructor(manifest: string) {
    super(`${manifest} lost files while they were being compacted`);
    this.name = 'ConcurrentCompactionError';
  }
}

/**
 * Replaces Parquet files of one partition by rewritten ones: merged (compaction) and, with `keep`,
 * without some rows (an erasure). The order makes every crash safe:
 *   1. record the intended inputs and outputs (a retirement record), so leftovers can be cleaned;
 *   2. write each output and verify its row fingerprint equals that of the input rows it should
 *      hold (all of them, or those `keep` picks) before going on;
 *   3. upload the outputs under names no reader looks at (they are not in the manifest);
 *   4. swap inputs for outputs in the manifest in one conditional write: the commit point.
 * Files that arrive meanwhile stay in the manifest. Inputs are deleted later by the vacuum, once
 * no query can still be reading them and only if no manifest refers to them.
 */
export async function rewritePartition(options: RewritePartitionOptions): Promise<PartitionRewrite> {
  const { store, stream, partition, groups, keep, runId } = options;
  const manifest = manifestKey(stream, partition);
  const inputs = groups.flat();
  const prefix = dataPrefix('parquet', stream, partition);
  const candidates = groups.map((_, i) => `${prefix}${COMPACTED_PREFIX}${runId}-${i}${PARQUET_SUFFIX}`);
  const retirement: Retirement = { inputs, outputs: candidates, createdAt: options.now() };
  await store.putText(retirementKey(stream, partition, runId), JSON.stringify(retirement));

  const columns = parquetColumns(stream);
  const workDir = await mkdtemp(join(tmpdir(), 'sdp-rewrite-'));
  const outputs: string[] = [];
  let rows = 0;
  let removed = 0;
  try {
    for (const [i, group] of groups.entries()) {
      const copies = await Promise.all(group.map((key) => store.download(key)));
      try {
        const paths = copies.map((copy) => copy.path);
        const all = await fingerprintParquet(paths, columns);
        const expected = keep ? await fingerprintParquet(paths, columns, keep) : all;
        removed += all.rows - expected.rows;
        // A group left with no rows has no output: its inputs just leave the manifest.
        if (expected.rows === 0) continue;
        const merged = join(workDir, `${i}${PARQUET_SUFFIX}`);
        await mergeParquet(paths, merged, columns, keep);
        const actual = await fingerprintParquet([merged], columns);
        if (actual.rows !== expected.rows || actual.hash !== expected.hash) {
          throw new CompactionVerificationError(
            `${manifest}: wrote ${actual.rows} rows (hash ${actual.hash}), expected ${expected.rows} (${expected.hash})`,
          );
        }
        rows += actual.rows;
        const output = candidates[i] as string;
        await store.upload(merged, output);
        outputs.push(output);
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
  return { inputs: inputs.length, outputs: outputs.length, rows, removed, retired: inputs };
}
