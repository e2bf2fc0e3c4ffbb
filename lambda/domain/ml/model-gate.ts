/** A model's quality on a holdout. */
export interface ModelMetrics {
  readonly auc: number;
  readonly logLoss: number;
}

/**
 * How far below the current model's AUC a candidate may score and still replace it: the AUCs of two
 * models trained on nearly the same data differ by noise of about this size, and a fresher model is
 * worth that much. Log loss gets no tolerance: it also measures calibration, which serves the scores.
 */
export const AUC_TOLERANCE = 0.002;

export interface GateDecision {
  readonly accept: boolean;
  readonly reason: string;
}

/**
 * Decides whether a candidate replaces the current model (SPEC.md §8): only if it is at least as good,
 * on AUC (within {@link AUC_TOLERANCE}) and on log loss. Both must be measured on the same holdout,
 * or the comparison means nothing.
 */
export function gateModel(candidate: ModelMetrics, current: ModelMetrics | undefined): GateDecision {
  if (!Number.isFinite(candidate.auc) || !Number.isFinite(candidate.logLoss)) {
    return { accept: false, reason: `candidate metrics are not finite (${describe(candidate)})` };
  }
  if (current === undefined) return { accept: true, reason: `first model (${describe(candidate)})` };
  if (candidate.auc < current.auc - AUC_TOLERANCE) {
    return {
      accept: false,
      reason: `candidate AUC ${fixed(candidate.auc)} is below the current ${fixed(current.auc)} by more than ${AUC_TOLERANCE}`,
    };
  }
  if (candidate.logLoss > current.logLoss) {
    return {
      accept: false,
      reason: `candidate log loss ${fixed(candidate.logLoss)} is worse than the current ${fixed(current.logLoss)}`,
    };
  }
  return {
    accept: true,
    reason: `candidate (${describe(candidate)}) is at least as good as the current (${describe(current)})`,
  };
}

function describe(metrics: ModelMetrics): string {
  return `AUC ${fixed(metrics.auc)}, log loss ${fixed(metrics.logLoss)}`;
}

function fixed(value: number): string {
  return value.toFixed(4);
}
