import { afterEach, describe, expect, it, vi } from 'vitest';
import { partitionStart } from '../../../lambda/domain/lake/lake-layout.ts';
import { requestErasure } from '../../../lambda/lake/request-erasure.ts';
import { COMPACTION_LOCK_KEY } from '../../../lambda/lake/run-compaction.ts';
import { createEraseLakeHandler } from '../../../lambda/lifecycle/erase-lake.ts';
import type { FileObjectStore } from '../../../local/lake/file-object-store.ts';
import { filesContaining } from '../../helpers/byte-scan.ts';
import { buildLake, ERASED, HOURS } from '../../helpers/erasure-fixtures.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

/*
 * The erasure state machine's Lambda step over a real lake (files): it sweeps under the lake's
 * lease, reports whether the requested erasure's first sweep finished, and stops in time for the
 * Lambda's deadline; the cores (sweepErasures, withLease) have their own tests.
 */

const HOUR = 3_600_000;
const REQUESTED_AT = partitionStart(HOURS[1] as (typeof HOURS)[number]) + 2 * HOUR;
const NOW = REQUESTED_AT + 1000;
/** The margin the handler keeps for the last unit and the lease's release. */
const MARGIN_MS = 3 * 60_000;
const lambdaWith = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs });

async function lakeWithErasure(): Promise<{ store: FileObjectStore; id: string }> {
  const store = await makeLake();
  await buildLake(store);
  const erasure = await requestErasure({
    store,
    appUids: [ERASED],
    now: REQUESTED_AT,
    streamRetentionHours: 24,
    deliveryMs: 0,
  });
  return { store, id: erasure.id };
}

/** Files still holding the user's id outside `parquet/` (retired Parquet files wait out the grace period). */
const holding = (store: FileObjectStore) => filesContaining(store.root, ERASED, [store.uri('parquet')]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the erase-lake Lambda step', { timeout: 30_000 }, () => {
  it("sweeps the requested erasure under the lake's lease, logs and returns it finished", async () => {
    // Prepare
    const { store, id } = await lakeWithErasure();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const handle = createEraseLakeHandler(store, 0, () => NOW);

    // Act
    const result = await handle({ erasure_id: id }, lambdaWith(15 * 60_000));

    // Assess
    expect(result).toMatchObject({ erasure_id: id, finished: true, waited: false });
    expect(result.sweeps).toHaveLength(1);
    expect(result.sweeps[0]).toMatchObject({
      id,
      finished: true,
      completed: false,
      rows: { raw_bcns: 36, raw_impressions: 12, raw_clicks: 8, errors_bcns: 1 },
    });
    expect(await holding(store)).toStrictEqual([]);
    expect(await store.getText(COMPACTION_LOCK_KEY)).toBeUndefined();
    expect(log.mock.calls.map(([line]) => JSON.parse(String(line)))).toStrictEqual([result]);
  });

  it('waits, changing nothing, while another run (a compaction) holds the lake', async () => {
    // Prepare
    const { store, id } = await lakeWithErasure();
    const lease = JSON.stringify({ owner: 'compaction run', expiresAt: NOW + 60_000 });
    await store.putText(COMPACTION_LOCK_KEY, lease);
    const before = await holding(store);

    // Act
    const result = await createEraseLakeHandler(store, 0, () => NOW)({ erasure_id: id }, lambdaWith(15 * 60_000));

    // Assess
    expect(result).toStrictEqual({ erasure_id: id, finished: false, waited: true, sweeps: [] });
    expect(before.length).toBeGreaterThan(0);
    expect(await holding(store)).toStrictEqual(before);
    expect((await store.getText(COMPACTION_LOCK_KEY))?.body).toBe(lease);
  });

  it("stops when less than its margin of the Lambda's time is left, and the next invocation finishes", async () => {
    // Prepare
    const { store, id } = await lakeWithErasure();
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const handle = createEraseLakeHandler(store, 0, () => NOW);

    // Act
    const short = await handle({ erasure_id: id }, lambdaWith(MARGIN_MS - 1));
    const again = await handle({ erasure_id: id }, lambdaWith(15 * 60_000));

    // Assess
    expect(short).toMatchObject({ erasure_id: id, finished: false, waited: false, sweeps: [{ id, finished: false }] });
    expect(again).toMatchObject({ erasure_id: id, finished: true, waited: false, sweeps: [{ id, finished: true }] });
    expect(await holding(store)).toStrictEqual([]);
  });

  it('reports finished for an erasure that is no longer pending', async () => {
    // Prepare
    const store = await makeLake();
    vi.spyOn(console, 'log').mockImplementation(() => {});

    // Act
    const result = await createEraseLakeHandler(
      store,
      0,
      () => NOW,
    )({ erasure_id: '20261231T000000Z-0badc0de' }, lambdaWith(15 * 60_000));

    // Assess
    expect(result).toStrictEqual({
      erasure_id: '20261231T000000Z-0badc0de',
      finished: true,
      waited: false,
      sweeps: [],
    });
  });
});
