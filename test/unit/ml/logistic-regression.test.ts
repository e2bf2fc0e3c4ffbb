import { describe, expect, it } from 'vitest';
import { encodeFeatures, FEATURE_DIMENSION } from '../../../lambda/domain/ml/features.ts';
import { predict, trainLogisticRegression } from '../../../lambda/domain/ml/logistic-regression.ts';
import { auc } from '../../../lambda/domain/ml/metrics.ts';
import { isHoldout } from '../../../lambda/domain/ml/training-set.ts';
import { generatedBids } from './generated-bids.ts';

const logit = (p: number) => Math.log(p / (1 - p));

/** Training on tens of thousands of rows takes seconds on a busy machine. */
const TRAINING_TIMEOUT = { timeout: 60_000 };

describe('trainLogisticRegression', TRAINING_TIMEOUT, () => {
  it('learns the generator’s win function: holdout AUC ≥ 0.75 and above the price-only baseline', () => {
    // Prepare
    const bids = generatedBids(30_000);
    const training = bids.filter((bid) => !isHoldout(bid.txId));
    const holdout = bids.filter((bid) => isHoldout(bid.txId));
    const labels = holdout.map((bid) => bid.label);

    // Act
    const { model, converged } = trainLogisticRegression(
      training.map((bid) => encodeFeatures(bid.features)),
      training.map((bid) => bid.label),
      FEATURE_DIMENSION,
    );

    // Assess
    const modelAuc = auc(
      labels,
      holdout.map((bid) => predict(model, encodeFeatures(bid.features))),
    );
    const priceOnlyAuc = auc(
      labels,
      holdout.map((bid) => bid.features.win_price ?? 0),
    );
    expect(converged).toBe(true);
    expect(modelAuc).toBeGreaterThanOrEqual(0.75);
    // Domain and category carry real signal, worth more than noise between two rankings.
    expect(modelAuc - priceOnlyAuc).toBeGreaterThan(0.01);
  });

  it('finds the closed-form optimum: the bias is the log-odds of the base rate', () => {
    // Prepare: 30 wins of 100, no features.
    const rows = Array.from({ length: 100 }, () => ({ indices: [], values: [] }));
    const labels = rows.map((_, i) => (i < 30 ? 1 : 0));

    // Act
    const { model } = trainLogisticRegression(rows, labels, 4);

    // Assess
    expect(model.bias).toBeCloseTo(logit(0.3), 6);
    expect(model.weights).toStrictEqual([0, 0, 0, 0]);
  });

  it('fits one binary feature to the log-odds ratio of its two groups when unpenalised', () => {
    // Prepare: without the feature 20% win, with it 60%.
    const rows = Array.from({ length: 200 }, (_, i) =>
      i < 100 ? { indices: [], values: [] } : { indices: [1], values: [1] },
    );
    const labels = rows.map((_, i) => (i < 100 ? (i < 20 ? 1 : 0) : i < 160 ? 1 : 0));

    // Act
    const { model } = trainLogisticRegression(rows, labels, 2, { l2: 0 });

    // Assess
    expect(model.bias).toBeCloseTo(logit(0.2), 5);
    expect(model.weights[1]).toBeCloseTo(logit(0.6) - logit(0.2), 5);
    expect(predict(model, { indices: [1], values: [1] })).toBeCloseTo(0.6, 6);
  });

  it('shrinks weights toward zero as the L2 penalty grows', () => {
    // Prepare
    const rows = Array.from({ length: 200 }, (_, i) =>
      i < 100 ? { indices: [], values: [] } : { indices: [1], values: [1] },
    );
    const labels = rows.map((_, i) => (i < 100 ? (i < 20 ? 1 : 0) : i < 160 ? 1 : 0));

    // Act
    const weak = trainLogisticRegression(rows, labels, 2, { l2: 0.01 }).model.weights[1] as number;
    const strong = trainLogisticRegression(rows, labels, 2, { l2: 1 }).model.weights[1] as number;

    // Assess
    expect(strong).toBeGreaterThan(0);
    expect(strong).toBeLessThan(weak);
    expect(weak).toBeLessThan(logit(0.6) - logit(0.2));
  });

  it('is deterministic: the same rows give the same model bit for bit', () => {
    // Prepare
    const bids = generatedBids(2_000, 3);
    const rows = bids.map((bid) => encodeFeatures(bid.features));
    const labels = bids.map((bid) => bid.label);

    // Act
    const first = trainLogisticRegression(rows, labels, FEATURE_DIMENSION);
    const second = trainLogisticRegression(rows, labels, FEATURE_DIMENSION);

    // Assess
    expect(second).toStrictEqual(first);
  });

  it('rejects rows and labels of different lengths, and an empty training set', () => {
    // Act & Assess
    expect(() => trainLogisticRegression([{ indices: [], values: [] }], [], 1)).toThrow(
      'rows and labels differ in length: 1 and 0',
    );
    expect(() => trainLogisticRegression([], [], 1)).toThrow('cannot train on zero rows');
  });

  it('rejects a row with an index outside the dimension', () => {
    // Act & Assess
    expect(() => trainLogisticRegression([{ indices: [3], values: [1] }], [1], 3)).toThrow(
      'row 0 has index 3 outside 0..2',
    );
  });
});
