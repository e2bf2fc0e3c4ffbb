import { randomUUID } from 'node:crypto';
import { type ObjectStore, PreconditionFailedError } from './object-store.ts';

interface LockBody {
  readonly owner: string;
  readonly expiresAt: number;
}

/** Another run took the lease over (this one stalled past its expiry); the work must stop. */
export class LeaseLostError extends Error {
  constructor(key: string) {
    super(`lost the lease on ${key} to another run`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Runs `work` while holding a lease on `key`, or returns `{ acquired: false }` when another run holds
 * it. Taking the lock is a create-only write; a lease left by a crashed run is taken over, after it
 * expires, with a write conditioned on that exact lease. The holder renews the lease every third of
 * `leaseMs`, so a crashed run blocks the others for at most `leaseMs` while a live one may run as
 * long as it needs; if a renewal finds the lease taken (the holder stalled past its expiry) or
 * fails, `signal` aborts with the reason and the work stops at its next check.
 */
export async function withLease<T>(
  store: ObjectStore,
  key: string,
  leaseMs: number,
  now: () => number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<{ acquired: true; result: T } | { acquired: false; heldUntil: number }> {
  const owner = randomUUID();
  const body = () => JSON.stringify({ owner, expiresAt: now() + leaseMs } satisfies LockBody);
  try {
    await store.putText(key, body(), { ifNoneMatch: '*' });
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const held = await store.getText(key);
    const lease = held ? (JSON.parse(held.body) as LockBody) : undefined;
    if (held && lease && lease.expiresAt > now()) return { acquired: false, heldUntil: lease.expiresAt };
    try {
      await store.putText(key, body(), held ? { ifMatch: held.etag } : { ifNoneMatch: '*' });
    } catch (raced) {
      if (raced instanceof PreconditionFailedError) return { acquired: false, heldUntil: now() + leaseMs };
      throw raced;
    }
  }
  const controller = new AbortController();
  const renew = async () => {
    if (controller.signal.aborted) return;
    try {
      const held = await store.getText(key);
      if (!held || (JSON.parse(held.body) as LockBody).owner !== owner) throw new LeaseLostError(key);
      await store.putText(key, body(), { ifMatch: held.etag });
    } catch (error) {
      controller.abort(error instanceof PreconditionFailedError ? new LeaseLostError(key) : error);
    }
  };
  let renewing = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewing.then(renew);
    },
    Math.max(1000, leaseMs / 3),
  );
  try {
    return { acquired: true, result: await work(controller.signal) };
  } finally {
    clearInterval(timer);
    await renewing;
    const held = await store.getText(key);
    if (held && (JSON.parse(held.body) as LockBody).owner === owner) await store.delete(key);
  }
}
