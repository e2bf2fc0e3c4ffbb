import type { ModelMetrics } from '../../lambda/domain/ml/model-gate.ts';
import type { MetricsSummary, ModelSummary } from '../../lambda/domain/ml/model-summary.ts';
import type { IModelSummarySource } from '../../lambda/reports/get-model.ts';
import type { ModelStore } from './model-store.ts';

/** The model summary from the local model store: what `sdp train` kept of its runs. */
export class LocalModelSummarySource implements IModelSummarySource {
  constructor(private readonly store: ModelStore) {}

  async summary(): Promise<ModelSummary> {
    const [current, previous, run] = await Promise.all([
      this.store.load(),
      this.store.loadPrevious(),
      this.store.loadLastRun(),
    ]);
    return {
      model: current
        ? {
            trained_at: current.trainedAt,
            auc: current.metrics.auc,
            log_loss: current.metrics.logLoss,
            baseline_auc: current.metrics.baselineAuc,
            train_rows: current.rows.train,
            holdout_rows: current.rows.holdout,
            calibration: current.calibration ?? [],
            replaced: current.replaced ? metrics(current.replaced) : null,
          }
        : null,
      previous: previous ? { trained_at: previous.trainedAt, ...metrics(previous.metrics) } : null,
      last_run: run
        ? {
            at: run.at,
            accepted: run.accepted,
            reason: run.reason,
            candidate: metrics(run.candidate),
            served: run.served ? metrics(run.served) : null,
            holdout_rows: run.holdoutRows,
          }
        : null,
    };
  }
}

function metrics({ auc, logLoss }: ModelMetrics): MetricsSummary {
  return { auc, log_loss: logLoss };
}
