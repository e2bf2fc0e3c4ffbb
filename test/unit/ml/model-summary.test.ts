import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calibrationCurve } from '../../../lambda/domain/ml/calibration.ts';
import { FEATURE_DIMENSION, FEATURE_ENCODING_VERSION } from '../../../lambda/domain/ml/features.ts';
import { createGetModelHandler } from '../../../lambda/reports/get-model.ts';
import { MODEL_FORMAT, ModelStore, type SavedModel } from '../../../local/ml/model-store.ts';
import { LocalModelSummarySource } from '../../../local/ml/model-summary-source.ts';

describe('calibrationCurve', () => {
  it('answers mean predicted and observed win rate per non-empty tenth, bin edges going up', () => {
    // Prepare: 0.1 falls in the second bin, 1.0 in the last.
    const scores = [0.05, 0.08, 0.1, 0.15, 0.62, 0.68, 0.69, 1.0];
    const labels = [0, 0, 1, 0, 1, 0, 1, 1];

    // Act
    const bins = calibrationCurve(labels, scores);

    // Assess
    expect(bins.map(({ predicted, observed, count }) => [round(predicted), round(observed), count])).toStrictEqual([
      [0.065, 0, 2],
      [0.125, 0.5, 2],
      [0.663333, 0.666667, 3],
      [1, 1, 1],
    ]);
  });

  it('rejects labels and scores of different lengths', () => {
    expect(() => calibrationCurve([1], [0.2, 0.3])).toThrow('labels and scores differ in length: 1 and 2');
  });
});

describe('GET /reports/model from the local model store', () => {
  let modelDir: string;
  beforeEach(async () => {
    modelDir = await mkdtemp(join(tmpdir(), 'sdp-model-summary-'));
  });
  afterEach(() => rm(modelDir, { recursive: true, force: true }));

  const model = (trainedAt: string, auc: number, extra: Partial<SavedModel> = {}): SavedModel => ({
    format: MODEL_FORMAT,
    encodingVersion: FEATURE_ENCODING_VERSION,
    dimension: FEATURE_DIMENSION,
    trainedAt,
    metrics: { auc, logLoss: 0.5, baselineAuc: 0.7 },
    rows: { train: 800, holdout: 200 },
    bias: 0,
    weights: new Array(FEATURE_DIMENSION).fill(0),
    ...extra,
  });

  it('answers nulls before any training run', async () => {
    // Act
    const result = await createGetModelHandler(new LocalModelSummarySource(new ModelStore(modelDir)))();

    // Assess
    expect(result).toStrictEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: null, previous: null, last_run: null }),
    });
  });

  it('answers the served model with its calibration, the model it replaced and the last gate decision', async () => {
    // Prepare
    const store = new ModelStore(modelDir);
    await store.save(model('2026-11-22T09:00:00.000Z', 0.76));
    const calibration = [{ predicted: 0.2, observed: 0.25, count: 120 }];
    await store.save(model('2026-11-22T10:00:00.000Z', 0.78, { calibration, replaced: { auc: 0.77, logLoss: 0.51 } }));
    await store.saveLastRun({
      at: '2026-11-22T11:00:00.000Z',
      accepted: false,
      reason: 'candidate log loss 0.6000 is worse than the current 0.5000',
      candidate: { auc: 0.78, logLoss: 0.6 },
      served: { auc: 0.78, logLoss: 0.5 },
      holdoutRows: 210,
    });

    // Act
    const result = await createGetModelHandler(new LocalModelSummarySource(store))();

    // Assess
    expect(JSON.parse(result.body)).toStrictEqual({
      model: {
        trained_at: '2026-11-22T10:00:00.000Z',
        auc: 0.78,
        log_loss: 0.5,
        baseline_auc: 0.7,
        train_rows: 800,
        holdout_rows: 200,
        calibration,
        replaced: { auc: 0.77, log_loss: 0.51 },
      },
      previous: { trained_at: '2026-11-22T09:00:00.000Z', auc: 0.76, log_loss: 0.5 },
      last_run: {
        at: '2026-11-22T11:00:00.000Z',
        accepted: false,
        reason: 'candidate log loss 0.6000 is worse than the current 0.5000',
        candidate: { auc: 0.78, log_loss: 0.6 },
        served: { auc: 0.78, log_loss: 0.5 },
        holdout_rows: 210,
      },
    });
  });
});

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
