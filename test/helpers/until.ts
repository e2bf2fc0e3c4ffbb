import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads until `done` holds or `timeoutMs` passed, and answers the last value read: the caller's
 * assertion on it then shows what was there at the deadline, not a bare timeout.
 */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
  pollMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(pollMs);
  }
}
