import type { TxState } from '../../lambda/domain/aggregation/tx-joiner.ts';
import { ErasureMatcher } from '../../lambda/domain/lifecycle/erasure-match.ts';
import { type ErasureRecord, erasureTarget } from '../../lambda/domain/lifecycle/erasure-request.ts';
import { erasureSalt, listErasures, updateErasure, writeAudit } from '../../lambda/lake/erasure-store.ts';
import type { ObjectStore } from '../../lambda/lake/object-store.ts';
import { ProcessorStore } from './processor-store.ts';

/** An erasure the join state has yet to honour, with the rule that picks its transactions. */
export interface DueErasure {
  readonly record: ErasureRecord;
  readonly matches: (txId: string, state: TxState) => boolean;
}

/**
 * The erasures the processor's join state must drop transactions for: each new one, and each
 * whose set of transactions grew since the processor last purged (a sweep found more).
 */
export async function dueErasures(lake: ObjectStore): Promise<DueErasure[]> {
  const records = (await listErasures(lake)).filter(
    (record) => !record.joinStatePurged || record.joinStatePurged.txIds < record.txIds.length,
  );
  if (records.length === 0) return [];
  const salt = await erasureSalt(lake);
  return records.map((record) => {
    const matcher = new ErasureMatcher(erasureTarget(record, salt));
    return {
      record,
      matches: (txId, state) =>
        matcher.recordMatches({
          tx_id: txId,
          ...(state.bid ? { app_uid: state.bid.app_uid, bid_timestamp: state.bid.t } : {}),
        }),
    };
  });
}

/** Records in the erasure (and its audit log) that the join state no longer holds its transactions. */
export async function acknowledgePurge(
  lake: ObjectStore,
  due: DueErasure,
  transactions: number,
  now: number,
): Promise<void> {
  const txIds = due.record.txIds.length;
  const updated = await updateErasure(lake, due.record.id, (current) => ({
    ...current,
    joinStatePurged: {
      at: now,
      txIds: Math.max(txIds, current.joinStatePurged?.txIds ?? 0),
      transactions: (current.joinStatePurged?.transactions ?? 0) + transactions,
    },
  }));
  if (updated && (transactions > 0 || !due.record.joinStatePurged)) {
    await writeAudit(lake, {
      erasure_id: due.record.id,
      event: 'join-state-purged',
      at: new Date(now).toISOString(),
      transactions,
    });
  }
}

/**
 * Purges the join state of a processor that is not running (`sdp erase` with the platform
 * stopped): resolves to false, touching nothing, when the running platform holds the store.
 */
export async function purgeStoppedProcessor(lake: ObjectStore, statePath: string, now: number): Promise<boolean> {
  let store: ProcessorStore;
  try {
    store = await ProcessorStore.open(statePath);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') return false;
    throw error;
  }
  try {
    const due = await dueErasures(lake);
    if (due.length === 0) return true;
    const { snapshot } = await store.load();
    const txs = [...(snapshot?.txs ?? [])];
    const counts = due.map((erasure) => txs.filter(([txId, state]) => erasure.matches(txId, state)).map(([id]) => id));
    await store.deleteTransactions([...new Set(counts.flat())]);
    await store.compact();
    for (const [i, erasure] of due.entries()) await acknowledgePurge(lake, erasure, counts[i]?.length ?? 0, now);
    return true;
  } finally {
    await store.close();
  }
}
