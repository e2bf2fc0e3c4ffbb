import { randomUUID } from 'node:crypto';
import { saltedHash } from '../domain/lifecycle/erasure-match.ts';
import { type ErasureRecord, erasureId, pendingUntil } from '../domain/lifecycle/erasure-request.ts';
import { createErasure, erasureSalt, listErasures, writeAudit } from './erasure-store.ts';
import type { ObjectStore } from './object-store.ts';

export interface RequestErasureOptions {
  readonly store: ObjectStore;
  /** Validated ids (`parseErasureIds`). They are hashed here and never stored. */
  readonly appUids: readonly string[];
  readonly now: number;
  /** Hours a record stays on the stream: how long the erasure stays pending. */
  readonly streamRetentionHours: number;
  /** Longest delay between a record's arrival on the stream and its file in the lake. */
  readonly deliveryMs: number;
}

/**
 * Records an erasure request: the tombstone the lake writers and sweeps match rows against, and
 * the first entry of its audit log. The ids themselves are kept nowhere, only their salted hashes.
 * A user already pending erasure (a request repeated, or one that was interrupted) brings the
 * transactions found so far: their bids may be gone from the lake already.
 */
export async function requestErasure(options: RequestErasureOptions): Promise<ErasureRecord> {
  const { store, now } = options;
  const salt = await erasureSalt(store);
  const appUids = [...new Set(options.appUids.map((id) => saltedHash(salt, id)))];
  const known = (await listErasures(store)).filter((pending) => pending.appUids.some((h) => appUids.includes(h)));
  const record: ErasureRecord = {
    id: erasureId(now, randomUUID().slice(0, 8)),
    requestedAt: now,
    pendingUntil: pendingUntil(now, options.streamRetentionHours, options.deliveryMs),
    appUids,
    txIds: [...new Set(known.flatMap((pending) => pending.txIds))],
  };
  await createErasure(store, record);
  await writeAudit(store, {
    erasure_id: record.id,
    event: 'requested',
    at: new Date(now).toISOString(),
    app_uid_hashes: record.appUids,
    pending_until: new Date(record.pendingUntil).toISOString(),
  });
  return record;
}
