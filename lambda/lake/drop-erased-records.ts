import { ErasureMatcher } from '../domain/lifecycle/erasure-match.ts';
import { erasureTarget } from '../domain/lifecycle/erasure-request.ts';
import { erasureSalt, listErasures, updateErasure } from './erasure-store.ts';
import type { ObjectStore } from './object-store.ts';
import type { LakeRecord } from './partition-files.ts';

/** The records of one partition of a flush, readable or not, as the stream gave them. */
export interface FlushRecords {
  records: LakeRecord[];
}

/**
 * Drops, before they are written, the records pending erasures cover: records the user sent before
 * the request that reach the lake after it, whether they would become rows or error records. A bid
 * it drops makes its transaction erased too, so that transaction is added to the erasure before the
 * flush is checkpointed: its impression or click may be in this flush, a later one, or already in
 * the lake (where the next sweep finds it).
 */
export async function dropErasedRecords(lake: ObjectStore, flush: readonly FlushRecords[]): Promise<number> {
  const records = await listErasures(lake);
  if (records.length === 0) return 0;
  const salt = await erasureSalt(lake);
  const text = (record: LakeRecord) => Buffer.from(record.data).toString('utf8');
  let dropped = 0;
  for (const record of records) {
    const matcher = new ErasureMatcher(erasureTarget(record, salt));
    const found = new Set<string>();
    for (const part of flush) {
      for (const item of part.records) {
        const txId = matcher.ownedTxId(text(item));
        if (txId !== undefined && !matcher.target.txIds.has(matcher.hash(txId))) found.add(matcher.hash(txId));
      }
    }
    const withFound =
      found.size === 0
        ? matcher
        : new ErasureMatcher({ ...matcher.target, txIds: new Set([...matcher.target.txIds, ...found]) });
    if (found.size > 0) {
      await updateErasure(lake, record.id, (current) => ({
        ...current,
        txIds: [...new Set([...current.txIds, ...found])],
      }));
    }
    for (const part of flush) {
      const before = part.records.length;
      part.records = part.records.filter((item) => !withFound.lineMatches(text(item)));
      dropped += before - part.records.length;
    }
  }
  return dropped;
}
