import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LeaseLostError, withLease } from '../../../lambda/lake/lake-lock.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

const KEY = 'compaction/lock';

describe('withLease', () => {
  it('renews the lease while the work runs, so a run longer than the lease keeps it', async () => {
    // Prepare
    const store = await makeLake();
    let signal: AbortSignal | undefined;
    const long = withLease(store, KEY, 1500, Date.now, async (s) => {
      signal = s;
      await sleep(2600);
      return 'done';
    });

    // Act: past the first lease's expiry, another run tries.
    await sleep(2100);
    const other = await withLease(store, KEY, 1500, Date.now, async () => 'other');

    // Assess
    expect(other).toStrictEqual({ acquired: false, heldUntil: expect.any(Number) });
    expect(await long).toStrictEqual({ acquired: true, result: 'done' });
    expect(signal?.aborted).toBe(false);
    expect(await store.getText(KEY)).toBeUndefined();
  });

  it('aborts the work once another run has taken the lease over', async () => {
    // Prepare
    const store = await makeLake();
    let reason: unknown;

    // Act: the lease is taken over (as after a stall past its expiry) while the work runs.
    const run = withLease(store, KEY, 1500, Date.now, async (signal) => {
      await store.putText(KEY, JSON.stringify({ owner: 'another run', expiresAt: Date.now() + 60_000 }));
      while (!signal.aborted) await sleep(50);
      reason = signal.reason;
    });

    // Assess
    expect(await run).toStrictEqual({ acquired: true, result: undefined });
    expect(reason).toBeInstanceOf(LeaseLostError);
    expect(JSON.parse((await store.getText(KEY))?.body ?? '{}')).toMatchObject({ owner: 'another run' });
  });
});
