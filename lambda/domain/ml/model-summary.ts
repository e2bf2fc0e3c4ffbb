import type { CalibrationBin } from './calibration.ts';

/** A model's quality on a holdout, as the APIs spell it. */
export interface MetricsSummary {
  readonly auc: number;
  readonly log_loss: number;
}

/** `GET /reports/model`: the served model, the one it replaced, and the last training run's gate decision. */
export interface ModelSummary {
  readonly model: {
    readonly trained_at: string;
    readonly auc: number;
    readonly log_loss: number;
    /** AUC of ranking the same holdout by offered price alone. */
    readonly baseline_auc: number;
    readonly train_rows: number;
    readonly holdout_rows: number;
    /** Predicted against observed win rate on its holdout; empty for a model saved before it was kept. */
    readonly calibration: readonly CalibrationBin[];
    /** The model it replaced, measured on the same holdout when the gate compared them; null for the first. */
    readonly replaced: MetricsSummary | null;
  } | null;
  /** The model served before this one, with its own holdout's metrics. */
  readonly previous: (MetricsSummary & { readonly trained_at: string }) | null;
  readonly last_run: {
    readonly at: string;
    readonly accepted: boolean;
    readonly reason: string;
    readonly candidate: MetricsSummary;
    /** The served model on the candidate's holdout; null when there was none to compare. */
    readonly served: MetricsSummary | null;
    readonly holdout_rows: number;
  } | null;
}
