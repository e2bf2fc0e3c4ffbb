import { randomBytes } from 'node:crypto';
import type { ErasureRecord } from '../domain/lifecycle/erasure-request.ts';
import {
  AUDIT_PREFIX,
  auditKey,
  ERASURE_SALT_KEY,
  ERASURES_PREFIX,
  erasureIdOfKey,
  erasureKey,
} from '../domain/lifecycle/lifecycle-layout.ts';
import { type ObjectStore, PreconditionFailedError } from './object-store.ts';

const MAX_ATTEMPTS = 20;

/**
 * The salt of every id hash in this lake: 32 random bytes made by the first erasure. A salt per
 * lake (not per record) lets the lake writers match a row with one hash per value; it is what
 * makes the stored hashes useless for recovering an id without access to the lake itself.
 */
export async function erasureSalt(store: ObjectStore): Promise<string> {
  const existing = await store.getText(ERASURE_SALT_KEY);
  if (existing) return existing.body.trim();
  try {
    await store.putText(ERASURE_SALT_KEY, randomBytes(32).toString('hex'), { ifNoneMatch: '*' });
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
  }
  // Whoever won the race to create it, everyone uses the stored one.
  return ((await store.getText(ERASURE_SALT_KEY))?.body ?? '').trim();
}

/** The pending erasures, oldest first. */
export async function listErasures(store: ObjectStore): Promise<ErasureRecord[]> {
  const records: ErasureRecord[] = [];
  for (const { key } of await store.list(ERASURES_PREFIX)) {
    if (!erasureIdOfKey(key)) continue;
    const object = await store.getText(key);
    if (object) records.push(JSON.parse(object.body) as ErasureRecord);
  }
  return records.sort((a, b) => a.requestedAt - b.requestedAt || a.id.localeCompare(b.id));
}

export async function readErasure(store: ObjectStore, id: string): Promise<ErasureRecord | undefined> {
  const object = await store.getText(erasureKey(id));
  return object ? (JSON.parse(object.body) as ErasureRecord) : undefined;
}

/** Stores a new erasure; fails if one with the same id exists. */
export async function createErasure(store: ObjectStore, record: ErasureRecord): Promise<void> {
  await store.putText(erasureKey(record.id), JSON.stringify(record), { ifNoneMatch: '*' });
}

/**
 * Applies `change` to an erasure and swaps it in with a conditional write, retrying on a lost race:
 * the sweep, the lake writers (adding transactions) and the processor (its purge) all update it.
 * `change` returns undefined to leave it as it is, or `'delete'` to remove it. Resolves to what is
 * stored afterwards.
 */
export async function updateErasure(
  store: ObjectStore,
  id: string,
  change: (current: ErasureRecord) => ErasureRecord | 'delete' | undefined,
): Promise<ErasureRecord | undefined> {
  const key = erasureKey(id);
  for (let attempt = 1; ; attempt++) {
    const object = await store.getText(key);
    if (!object) return undefined;
    const current = JSON.parse(object.body) as ErasureRecord;
    const next = change(current);
    if (next === undefined) return current;
    try {
      if (next === 'delete') {
        // A plain delete has no condition; an erasure is deleted only by the sweep, under the lease.
        await store.delete(key);
        return undefined;
      }
      await store.putText(key, JSON.stringify(next), { ifMatch: object.etag });
      return next;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** One entry of the audit log; ids appear only as salted hashes. */
export interface AuditEntry {
  readonly erasure_id: string;
  readonly event: 'requested' | 'join-state-purged' | 'swept' | 'completed';
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly [detail: string]: unknown;
}

export async function writeAudit(store: ObjectStore, entry: AuditEntry): Promise<void> {
  await store.putText(auditKey(entry.erasure_id, Date.parse(entry.at), entry.event), `${JSON.stringify(entry)}\n`);
}

/** The audit log, oldest entry first; of one erasure when `id` is given. */
export async function readAudit(store: ObjectStore, id?: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (const { key } of await store.list(id ? `${AUDIT_PREFIX}${id}/` : AUDIT_PREFIX)) {
    const object = await store.getText(key);
    if (object) entries.push(JSON.parse(object.body) as AuditEntry);
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.erasure_id.localeCompare(b.erasure_id));
}
