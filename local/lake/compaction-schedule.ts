import { compactionPoints, type MetricsSink } from '../../lambda/domain/ops/metrics.ts';
import { type CompactLakeOptions, type CompactLakeResult, compactLake } from '../../lambda/lake/run-compaction.ts';
import type { LocalLakeConfig } from '../config.ts';
import { type ComponentHealth, HealthState } from '../health/component-health.ts';
import { ledgerChanges } from './delivery-ledger.ts';
import type { FileObjectStore } from './file-object-store.ts';

export interface CompactionSchedule {
  /** The latest run's outcome, if one finished. */
  last(): CompactLakeResult | undefined;
  /** Failing from a failed run until a run succeeds. */
  health(): ComponentHealth;
  /** When the latest run ended, epoch ms. */
  lastRunAt(): number | undefined;
  /** Waits for a run in progress, then stops scheduling. */
  stop(): Promise<void>;
}

/** The local settings of a compaction run, as the Lambda reads its own from the environment. */
export function compactionSettings(
  config: LocalLakeConfig,
): Pick<CompactLakeOptions, 'lookbackHours' | 'graceMs' | 'targetBytes' | 'retention'> {
  return {
    lookbackHours: config.compactionLookbackHours,
    graceMs: config.compactionGraceMs,
    targetBytes: config.compactionTargetBytes,
    retention: config.retention,
  };
}

/** The local stand-in for the scheduled compaction Lambda: the same run, every interval. */
export function scheduleCompaction(
  store: FileObjectStore,
  config: LocalLakeConfig,
  metrics: MetricsSink = { record: () => undefined },
): CompactionSchedule {
  let last: CompactLakeResult | undefined;
  let lastRunAt: number | undefined;
  let running: Promise<void> | undefined;
  const health = new HealthState();
  const run = () => {
    running ??= compactLake({ store, ...compactionSettings(config), onChange: ledgerChanges(store) })
      .then((result) => {
        last = result;
        health.ok();
        metrics.record(compactionPoints(result));
      })
      .catch((error) => {
        health.fail(error);
        metrics.record(compactionPoints({ failed: true }));
        console.error('Compaction failed (what it did not finish is unchanged); the next run retries:', error);
      })
      .finally(() => {
        lastRunAt = Date.now();
        running = undefined;
      });
  };
  const timer = config.compactionIntervalMs > 0 ? setInterval(run, config.compactionIntervalMs) : undefined;
  timer?.unref();
  return {
    last: () => last,
    health: () => health.snapshot(),
    lastRunAt: () => lastRunAt,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
