import type { AggregationSettings } from '../domain/aggregation/aggregation-config.ts';
import { aggregationConfig } from '../domain/aggregation/aggregation-config.ts';
import { replayShardKey } from '../domain/lifecycle/lifecycle-layout.ts';
import { type ReconciliationInput, reconciliationRange } from '../domain/lifecycle/reconciliation.ts';
import { lakeStoreFromEnv } from '../lake/lake-config.ts';
import type { ObjectStore } from '../lake/object-store.ts';
import { replayReports } from '../lake/replay-reports.ts';
import { aggregationSettingsEnv, numberEnv } from './lifecycle-config.ts';

export interface ReplayShardInput {
  readonly run_id: string;
  readonly input: ReconciliationInput;
  readonly shard: number;
  readonly shards: number;
}

export interface ReplayShardResult {
  readonly shard: number;
  readonly records: number;
  readonly files: number;
  readonly windows: number;
}

/**
 * One shard of the reconciliation's replay (the transactions whose tx_id hashes to it): the same
 * TypeScript core as `sdp replay`, over S3, its windows stored under `lifecycle/replay/<run>/`.
 * Counts add up across shards, so a day too big for one invocation splits by `shards`.
 */
export function createReplayShardHandler(store: ObjectStore, settings: AggregationSettings, outOfOrdernessMs: number) {
  return async (event: ReplayShardInput): Promise<ReplayShardResult> => {
    const replayed = await replayReports({
      store,
      config: aggregationConfig(settings),
      range: reconciliationRange(event.input),
      outOfOrdernessMs,
      shard: { index: event.shard, count: event.shards },
    });
    await store.putText(replayShardKey(event.run_id, event.shard), JSON.stringify(replayed.windows));
    return { shard: event.shard, records: replayed.records, files: replayed.files, windows: replayed.windows.length };
  };
}

export const handler = (event: ReplayShardInput) =>
  createReplayShardHandler(lakeStoreFromEnv(), aggregationSettingsEnv(), numberEnv('outOfOrdernessMs'))(event);
