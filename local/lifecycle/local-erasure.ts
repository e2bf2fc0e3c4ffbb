import type { ErasureRecord } from '../../lambda/domain/lifecycle/erasure-request.ts';
import { readErasure } from '../../lambda/lake/erasure-store.ts';
import { withLease } from '../../lambda/lake/lake-lock.ts';
import type { ObjectStore } from '../../lambda/lake/object-store.ts';
import { requestErasure } from '../../lambda/lake/request-erasure.ts';
import { COMPACTION_LOCK_KEY, LAKE_LEASE_MS } from '../../lambda/lake/run-compaction.ts';
import { type ErasureSweep, sweepErasures } from '../../lambda/lake/sweep-erasures.ts';
import { CommandError } from '../cli-error.ts';
import { type LocalConfig, lakeDir, processorStateDir } from '../config.ts';
import { LOCAL_RETENTION_HOURS } from '../kinesis/kinesis-client.ts';
import { ledgerChanges } from '../lake/delivery-ledger.ts';
import { FileObjectStore } from '../lake/file-object-store.ts';
import { purgeStoppedProcessor } from '../processor/join-state-erasure.ts';

export interface LocalErasure {
  readonly record: ErasureRecord;
  /** This erasure's first sweep over the whole lake (with any other pending erasure's). */
  readonly sweep: ErasureSweep;
  /** Transactions dropped from the aggregation processor's join state. */
  readonly purgedTransactions: number;
  /** Whether the running platform's processor did it (else this command did, on its stopped store). */
  readonly purgedByPlatform: boolean;
}

export interface LocalErasureOptions {
  readonly now?: () => number;
  /** Called once when another run holds the lake's lock and this one waits for it. */
  readonly onWait?: (heldUntil: number) => void;
  /** How long to wait for a running processor to confirm its purge. @default 60 s */
  readonly purgeTimeoutMs?: number;
}

/**
 * `sdp erase`: records the request, sweeps the whole lake under the lock compaction takes (waiting
 * for a compaction in progress), then has the join state purged: by the running platform's
 * processor, which looks for erasures every second, or here when the platform is stopped.
 */
export async function eraseLocally(
  config: LocalConfig,
  appUids: readonly string[],
  options: LocalErasureOptions = {},
): Promise<LocalErasure> {
  const now = options.now ?? Date.now;
  const store = new FileObjectStore(lakeDir(config));
  const record = await requestErasure({
    store,
    appUids,
    now: now(),
    streamRetentionHours: LOCAL_RETENTION_HOURS,
    deliveryMs: config.lake.flushMs + config.lake.compactionGraceMs,
  });
  const sweep = await sweepUntilDone(store, config, record.id, now, options.onWait);
  const purgedByPlatform = !(await purgeStoppedProcessor(store, processorStateDir(config), now()));
  const purged = purgedByPlatform
    ? await awaitPlatformPurge(store, record.id, options.purgeTimeoutMs ?? 60_000)
    : await readErasure(store, record.id);
  return {
    record: purged ?? record,
    sweep,
    purgedTransactions: purged?.joinStatePurged?.transactions ?? 0,
    purgedByPlatform,
  };
}

async function sweepUntilDone(
  store: FileObjectStore,
  config: LocalConfig,
  id: string,
  now: () => number,
  onWait?: (heldUntil: number) => void,
): Promise<ErasureSweep> {
  let waited = false;
  for (;;) {
    const outcome = await withLease(store, COMPACTION_LOCK_KEY, LAKE_LEASE_MS, now, (signal) =>
      sweepErasures({ store, now, graceMs: config.lake.compactionGraceMs, signal, onChange: ledgerChanges(store) }),
    );
    if (!outcome.acquired) {
      if (!waited) onWait?.(outcome.heldUntil);
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    // A sweep's rows and files add up across the runs it takes.
    const mine = outcome.result.find((sweep) => sweep.id === id);
    if (mine?.finished) return mine;
  }
}

/** Waits until the running processor has purged every transaction the sweep found. */
async function awaitPlatformPurge(store: ObjectStore, id: string, timeoutMs: number): Promise<ErasureRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const record = await readErasure(store, id);
    if (!record) throw new CommandError(`erasure ${id} disappeared while waiting for the processor`);
    if (record.joinStatePurged && record.joinStatePurged.txIds >= record.txIds.length) return record;
    if (Date.now() > until) {
      throw new CommandError(
        `the lake is swept, but the running platform's aggregation processor has not purged its join state within ${timeoutMs / 1000} s; it does on its next step (see GET /health)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
