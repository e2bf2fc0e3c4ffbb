import { randomUUID } from 'node:crypto';
import { closedPartitions, type Partition } from '../domain/lake/lake-layout.ts';
import type { Retention } from '../domain/lifecycle/retention.ts';
import { STREAM_NAMES, type StreamName } from '../domain/streams.ts';
import { compactPartition, MissingDataFileError, type PartitionCompaction } from './compact-partition.ts';
import { type ExpiredTable, expirePartitions } from './expire-partitions.ts';
import type { LakeChangeListener } from './lake-changes.ts';
import { withLease } from './lake-lock.ts';
import type { ObjectStore } from './object-store.ts';
import { vacuum } from './retirement.ts';
import { type ErasureSweep, sweepErasures } from './sweep-erasures.ts';

export interface CompactLakeOptions {
  readonly store: ObjectStore;
  readonly now?: () => number;
  /** How far back closed hours are revisited, so files that arrive late are still merged. */
  readonly lookbackHours: number;
  /** An hour is closed this long after it ends; also how long retired files outlive their last reader. */
  readonly graceMs: number;
  readonly targetBytes: number;
  /** Compact these partitions instead of the closed hours (tests, `sdp compact --partition`). */
  readonly partitions?: readonly Partition[];
  readonly streams?: readonly StreamName[];
  /** A crashed run's lock is taken over after this; a live run renews it. @default 60 s */
  readonly leaseMs?: number;
  /** Erasure sweeps start no unit after this instant (a Lambda's time limit); the next run goes on. */
  readonly deadline?: number;
  /** Partitions older than their table's retention are removed; none when absent. */
  readonly retention?: Retention;
  /** Told of each change retention and erasures make to delivered files, before it is made. */
  readonly onChange?: LakeChangeListener;
}

export type CompactLakeResult =
  | {
      readonly ran: true;
      readonly compacted: PartitionCompaction[];
      readonly deleted: number;
      /** Partitions removed for their table's retention (see `expirePartitions`). */
      readonly expired: ExpiredTable[];
      /** Sweeps of pending erasures, made before compacting (see `sweepErasures`). */
      readonly erasures: ErasureSweep[];
    }
  | { readonly ran: false; readonly reason: string };

export const COMPACTION_LOCK_KEY = 'compaction/lock';

/** How long a crashed run keeps others out of the lake; a live run renews its lease. */
export const LAKE_LEASE_MS = 60_000;

/**
 * Some partitions were left as they were because their manifests list files that do not exist;
 * the others were compacted (`compacted`). The run fails so that the damage is seen, not skipped.
 */
export class IncompleteCompactionError extends Error {
  constructor(
    readonly missing: readonly MissingDataFileError[],
    readonly compacted: readonly PartitionCompaction[],
  ) {
    super(
      `Compaction left ${missing.length} ${missing.length === 1 ? 'partition' : 'partitions'} as ${missing.length === 1 ? 'it was' : 'they were'}: ` +
        missing.map((error) => error.message).join('; '),
    );
    this.name = 'IncompleteCompactionError';
  }
}

/**
 * One compaction run over the lake, single-flight across every process that shares the store:
 * deletes the files retired a grace period ago, removes the partitions past their retention,
 * sweeps pending erasures (until `deadline`, if given: a later run goes on), then compacts.
 */
export async function compactLake(options: CompactLakeOptions): Promise<CompactLakeResult> {
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? LAKE_LEASE_MS;
  const outcome = await withLease(options.store, COMPACTION_LOCK_KEY, leaseMs, now, async (signal) => {
    const deleted = await vacuum(options.store, now(), options.graceMs);
    const runId = `${now()}-${randomUUID().slice(0, 8)}`;
    const expired = options.retention
      ? await expirePartitions(options.store, options.retention, now(), runId, options.onChange)
      : [];
    const erasures = await sweepErasures({
      store: options.store,
      now,
      graceMs: options.graceMs,
      deadline: options.deadline,
      signal,
      onChange: options.onChange,
    });
    const partitions = options.partitions ?? closedPartitions(now(), options.lookbackHours, options.graceMs);
    const compacted: PartitionCompaction[] = [];
    const missing: MissingDataFileError[] = [];
    for (const stream of options.streams ?? STREAM_NAMES) {
      for (const partition of partitions) {
        if (signal.aborted) throw signal.reason;
        try {
          const result = await compactPartition({ ...options, stream, partition, runId, now });
          if (result) compacted.push(result);
        } catch (error) {
          if (!(error instanceof MissingDataFileError)) throw error;
          missing.push(error);
        }
      }
    }
    if (missing.length > 0) throw new IncompleteCompactionError(missing, compacted);
    return { compacted, deleted, expired, erasures };
  });
  return outcome.acquired
    ? { ran: true, ...outcome.result }
    : { ran: false, reason: `another compaction holds the lock until ${new Date(outcome.heldUntil).toISOString()}` };
}
