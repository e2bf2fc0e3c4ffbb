import { calibrationCurve } from '../../lambda/domain/ml/calibration.ts';
import { encodeFeatures, FEATURE_DIMENSION, FEATURE_ENCODING_VERSION } from '../../lambda/domain/ml/features.ts';
import { predict, trainLogisticRegression } from '../../lambda/domain/ml/logistic-regression.ts';
import { auc, logLoss } from '../../lambda/domain/ml/metrics.ts';
import { gateModel, type ModelMetrics } from '../../lambda/domain/ml/model-gate.ts';
import {
  bindParameters,
  isHoldout,
  type LabelledBid,
  parseTrainingRow,
  trainingSetParameters,
  trainingSetQuery,
} from '../../lambda/domain/ml/training-set.ts';
import { isCompatible, MODEL_FORMAT, ModelStore, type SavedModel } from './model-store.ts';

export interface TrainFromLakeOptions {
  /** Runs Athena's SQL over the lake's tables (DuckDB locally) and answers the rows. */
  readonly query: (sql: string) => Promise<Record<string, unknown>[]>;
  readonly modelDir: string;
  /** The run's time: its UTC day ends the training window, and it is stamped on the saved model. @default new Date() */
  readonly now?: Date;
  /** @default 300_000 (see trainingSetQuery) */
  readonly attributionWindowMs?: number;
  /** UTC days of bids the run trains on, its own day included. @default 7 (see trainingSetQuery) */
  readonly lookbackDays?: number;
  /** @default the trainer's default */
  readonly l2?: number;
  /**
   * Fewer labelled bids than this on either side of the split (training or holdout) and no model is
   * trained: a handful of rows gives a model and a gate decision that mean nothing.
   * @default 100
   */
  readonly minRows?: number;
}

/** What a training run did and why: `npx sdp train` prints it. */
export interface TrainingReport {
  readonly trained: boolean;
  readonly saved: boolean;
  readonly reason: string;
  /** The candidate's holdout AUC; null when nothing was trained. */
  readonly auc: number | null;
  readonly logLoss: number | null;
  /** AUC of ranking the holdout by offered price alone: the bar any model must clear. */
  readonly baseline: number | null;
  /** The model being served, measured on the same holdout; null when there is none to compare. */
  readonly current: ModelMetrics | null;
  /** Labelled bids in the training set, holdout included. */
  readonly rows: number;
  readonly holdoutRows: number;
  readonly durationMs: number;
}

/**
 * `npx sdp train`: builds the training set with SQL over the lake, trains logistic regression on the
 * shared feature encoding, evaluates it and the current model on the same holdout, and saves it only
 * if the gate accepts it. One run at a time per model directory, across processes.
 */
export async function trainFromLake(options: TrainFromLakeOptions): Promise<TrainingReport> {
  const started = performance.now();
  const store = new ModelStore(options.modelDir);
  const report = await store.withTrainingLock(() => train(options, store, started));
  return (
    report ?? {
      ...untrained(0, 0, started),
      reason: `another training run holds the lock in ${options.modelDir}`,
    }
  );
}

async function train(options: TrainFromLakeOptions, store: ModelStore, started: number): Promise<TrainingReport> {
  const query = trainingSetQuery({
    attributionWindowMs: options.attributionWindowMs,
    lookbackDays: options.lookbackDays,
  });
  const rows = await options.query(bindParameters(query.sql, trainingSetParameters(query, options.now ?? new Date())));
  const bids = rows.map(parseTrainingRow);
  const training = bids.filter((bid) => !isHoldout(bid.txId));
  const holdout = bids.filter((bid) => isHoldout(bid.txId));
  const minRows = options.minRows ?? 100;
  const shortage = [describeSide('training', training, minRows), describeSide('holdout', holdout, minRows)].filter(
    (problem) => problem !== undefined,
  );
  if (shortage.length > 0) {
    return {
      ...untrained(bids.length, holdout.length, started),
      reason: `not enough labelled bids: ${shortage.join('; ')}`,
    };
  }

  const { model } = trainLogisticRegression(
    training.map((bid) => encodeFeatures(bid.features)),
    training.map((bid) => bid.label),
    FEATURE_DIMENSION,
    { l2: options.l2 },
  );
  const holdoutVectors = holdout.map((bid) => encodeFeatures(bid.features));
  const labels = holdout.map((bid) => bid.label);
  const scoreHoldout = (scored: { bias: number; weights: readonly number[] }) =>
    holdoutVectors.map((vector) => predict(scored, vector));
  const evaluate = (scores: readonly number[]): ModelMetrics => ({
    auc: auc(labels, scores),
    logLoss: logLoss(labels, scores),
  });
  const candidateScores = scoreHoldout(model);
  const candidate = evaluate(candidateScores);
  const baseline = auc(
    labels,
    holdout.map((bid) => bid.features.win_price ?? 0),
  );
  const served = await store.load();
  // A model of an older encoding cannot score today's rows; anything beats serving nothing.
  const current = served && isCompatible(served) ? evaluate(scoreHoldout(served)) : undefined;
  const decision = gateModel(candidate, current);
  const at = (options.now ?? new Date()).toISOString();
  if (decision.accept) {
    const saved: SavedModel = {
      format: MODEL_FORMAT,
      encodingVersion: FEATURE_ENCODING_VERSION,
      dimension: FEATURE_DIMENSION,
      trainedAt: at,
      metrics: { ...candidate, baselineAuc: baseline },
      rows: { train: training.length, holdout: holdout.length },
      calibration: calibrationCurve(labels, candidateScores),
      replaced: current ?? null,
      ...model,
    };
    await store.save(saved);
  }
  await store.saveLastRun({
    at,
    accepted: decision.accept,
    reason: decision.reason,
    candidate,
    served: current ?? null,
    holdoutRows: holdout.length,
  });
  return {
    trained: true,
    saved: decision.accept,
    reason: decision.reason,
    auc: candidate.auc,
    logLoss: candidate.logLoss,
    baseline,
    current: current ?? null,
    rows: bids.length,
    holdoutRows: holdout.length,
    durationMs: Math.round(performance.now() - started),
  };
}

/** One line for the CLI, e.g. `model saved: first model (AUC 0.7758, …); 100000 labelled bids …`. */
export function describeTrainingReport(report: TrainingReport): string {
  const verdict = report.saved ? 'model saved' : report.trained ? 'model rejected' : 'no model trained';
  const baseline = report.baseline === null ? '' : `, price-only baseline AUC ${report.baseline.toFixed(4)}`;
  return `${verdict}: ${report.reason}; ${report.rows} labelled bids (${report.holdoutRows} held out)${baseline}, ${report.durationMs} ms`;
}

function describeSide(side: string, bids: readonly LabelledBid[], minRows: number): string | undefined {
  const wins = bids.filter((bid) => bid.label === 1).length;
  if (bids.length < minRows) return `${bids.length} ${side} rows, at least ${minRows} needed`;
  // AUC, and the model itself, need both outcomes.
  if (wins === 0 || wins === bids.length) return `the ${side} rows are all ${wins === 0 ? 'losses' : 'wins'}`;
  return undefined;
}

function untrained(rows: number, holdoutRows: number, started: number): Omit<TrainingReport, 'reason'> {
  return {
    trained: false,
    saved: false,
    auc: null,
    logLoss: null,
    baseline: null,
    current: null,
    rows,
    holdoutRows,
    durationMs: Math.round(performance.now() - started),
  };
}
