import type { Context } from 'aws-lambda';
import { lakeStoreFromEnv } from '../lake/lake-config.ts';
import { withLease } from '../lake/lake-lock.ts';
import type { ObjectStore } from '../lake/object-store.ts';
import { COMPACTION_LOCK_KEY, LAKE_LEASE_MS } from '../lake/run-compaction.ts';
import { type ErasureSweep, sweepErasures } from '../lake/sweep-erasures.ts';
import { numberEnv } from './lifecycle-config.ts';

export interface EraseLakeInput {
  readonly erasure_id: string;
}

export interface EraseLakeResult {
  readonly erasure_id: string;
  /** The erasure's first sweep is done (or it is no longer pending); false: invoke again. */
  readonly finished: boolean;
  /** Another run held the lake (a compaction): nothing was done. */
  readonly waited: boolean;
  readonly sweeps: ErasureSweep[];
}

/** Time left for the last unit of a sweep and the lease's release. */
const MARGIN_MS = 3 * 60_000;

/**
 * The erasure state machine's step: sweeps pending erasures under the lake's lease until the
 * Lambda's time runs short. The state machine invokes it again until the requested erasure's first
 * sweep has finished; later sweeps of a pending erasure happen in the hourly compaction runs.
 */
export function createEraseLakeHandler(store: ObjectStore, graceMs: number, now: () => number = Date.now) {
  return async (
    input: EraseLakeInput,
    context: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<EraseLakeResult> => {
    const deadline = now() + context.getRemainingTimeInMillis() - MARGIN_MS;
    const outcome = await withLease(store, COMPACTION_LOCK_KEY, LAKE_LEASE_MS, now, (signal) =>
      sweepErasures({ store, now, graceMs, deadline, signal }),
    );
    if (!outcome.acquired) return { erasure_id: input.erasure_id, finished: false, waited: true, sweeps: [] };
    const mine = outcome.result.find((sweep) => sweep.id === input.erasure_id);
    // Absent: an older erasure's sweep took the time, or this one is complete and gone.
    const finished = mine ? mine.finished : outcome.result.every((sweep) => sweep.finished);
    const result = { erasure_id: input.erasure_id, finished, waited: false, sweeps: outcome.result };
    console.log(JSON.stringify(result));
    return result;
  };
}

export const handler = (input: EraseLakeInput, context: Context) =>
  createEraseLakeHandler(lakeStoreFromEnv(), numberEnv('graceMinutes') * 60_000)(input, context);
