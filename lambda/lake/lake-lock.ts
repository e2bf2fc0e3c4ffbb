import { randomUUID } from 'node:crypto';
import { type ObjectStore, PreconditionFailedError } from './object-store.ts';

interface LockBody {
  readonly owner: string;
  readonly expiresAt: number;
}

/**
 * Runs `work` while holding a lease on `key`, or returns `{ acquired: false }` when another run holds
 * it. Taking the lock is a create-only write; a lease left by a crashed run is taken over, after it
 * expires, with a write conditioned on that exact lease. The lease must outlive any run.
 */
export async function withLease<T>(
  store: ObjectStore,
  key: string,
  leaseMs: number,
  now: () => number,
  work: () => Promise<T>,
): Promise<{ acquired: true; result: T } | { acquired: false; heldUntil: number }> {
  const owner = randomUUID();
  const body = JSON.stringify({ owner, expiresAt: now() + leaseMs } satisfies LockBody);
  try {
    await store.putText(key, body, { ifNoneMatch: '*' });
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const held = await store.getText(key);
    const lease = held ? (JSON.parse(held.body) as LockBody) : undefined;
    if (held && lease && lease.expiresAt > now()) return { acquired: false, heldUntil: lease.expiresAt };
    try {
      await store.putText(key, body, held ? { ifMatch: held.etag } : { ifNoneMatch: '*' });
    } catch (raced) {
      if (raced instanceof PreconditionFailedError) return { acquired: false, heldUntil: now() + leaseMs };
      throw raced;
    }
  }
  try {
    return { acquired: true, result: await work() };
  } finally {
    const held = await store.getText(key);
    if (held && (JSON.parse(held.body) as LockBody).owner === owner) await store.delete(key);
  }
}
