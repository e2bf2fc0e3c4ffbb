import type { Context } from 'aws-lambda';
import { compactionPoints, type MetricsSink, SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { type CompactionConfig, lakeStoreFromEnv, loadCompactionConfig } from './lake-config.ts';
import type { ObjectStore } from './object-store.ts';
import { type CompactLakeResult, compactLake } from './run-compaction.ts';

/** Time kept for compacting after the erasure sweeps stop, and for the lease's release. */
const COMPACTION_RESERVE_MS = 6 * 60_000;

/**
 * The scheduled compaction: the same run as `npx sdp compact`, over the S3 lake: retention,
 * pending erasures' sweeps (which stop in time to leave room for compacting), compaction; its
 * outcome as metrics.
 */
export function createCompactLakeHandler(
  store: ObjectStore,
  config: CompactionConfig,
  { logger, metrics }: { logger: Log; metrics: MetricsSink },
) {
  return async (_event?: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<CompactLakeResult> => {
    const deadline = context ? Date.now() + context.getRemainingTimeInMillis() - COMPACTION_RESERVE_MS : undefined;
    let result: CompactLakeResult;
    try {
      result = await compactLake({ store, ...config, deadline });
    } catch (error) {
      metrics.record(compactionPoints({ failed: true }));
      throw error;
    }
    metrics.record(compactionPoints(result));
    logger.info(result.ran ? 'Compaction ran' : 'Compaction skipped', { result });
    return result;
  };
}

const observability = lambdaObservability(SERVICES.compaction);

export const handler = instrumented(observability, (event: unknown, context?: Context) =>
  createCompactLakeHandler(lakeStoreFromEnv(), loadCompactionConfig(), {
    logger: observability.logger,
    metrics: observability.sink,
  })(event, context),
);
