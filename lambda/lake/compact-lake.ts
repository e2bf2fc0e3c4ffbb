import { compactionPoints, type MetricsSink, SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { type CompactionConfig, lakeStoreFromEnv, loadCompactionConfig } from './lake-config.ts';
import type { ObjectStore } from './object-store.ts';
import { type CompactLakeResult, compactLake } from './run-compaction.ts';

/** The scheduled compaction: the same run as `npx sdp compact`, over the S3 lake; its outcome as metrics. */
export function createCompactLakeHandler(
  store: ObjectStore,
  config: CompactionConfig,
  { logger, metrics }: { logger: Log; metrics: MetricsSink },
) {
  return async (): Promise<CompactLakeResult> => {
    let result: CompactLakeResult;
    try {
      result = await compactLake({ store, ...config });
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

export const handler = instrumented(observability, () =>
  createCompactLakeHandler(lakeStoreFromEnv(), loadCompactionConfig(), {
    logger: observability.logger,
    metrics: observability.sink,
  })(),
);
