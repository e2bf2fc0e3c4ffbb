import { describe, expect, it } from 'vitest';
import { auc, logLoss, rocCurve } from '../../../lambda/domain/ml/metrics.ts';

describe('auc', () => {
  it('is the share of positive–negative pairs ranked the right way', () => {
    // Act: of the 4 pairs, (0.35 vs 0.4) is the only one ranked wrong.
    const value = auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);

    // Assess
    expect(value).toBe(0.75);
  });

  it('counts a tie between a positive and a negative as half a pair', () => {
    // Act: pairs (0.5 vs 0.5) tie, (0.5 vs 0.2) and (0.9 vs both) are right: (1 + 0.5 + 1 + 1) / 4.
    const value = auc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]);

    // Assess
    expect(value).toBe(0.875);
  });

  it('is 0.5 for a constant score and 0 for a perfectly inverted one', () => {
    // Act & Assess
    expect(auc([0, 1, 1, 0], [3, 3, 3, 3])).toBe(0.5);
    expect(auc([1, 1, 0, 0], [1, 2, 3, 4])).toBe(0);
  });

  it('is NaN when the labels hold one class only', () => {
    // Act & Assess
    expect(auc([1, 1], [0.2, 0.4])).toBeNaN();
  });

  it('rejects labels and scores of different lengths', () => {
    // Act & Assess
    expect(() => auc([1, 0], [0.5])).toThrow('labels and scores differ in length: 2 and 1');
  });
});

describe('logLoss', () => {
  it('is the mean negative log-likelihood', () => {
    // Act
    const value = logLoss([1, 0], [0.8, 0.4]);

    // Assess
    expect(value).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
  });

  it('clips certain mistakes so that one of them costs about 34.5, not infinity', () => {
    // Act
    const value = logLoss([1], [0]);

    // Assess
    expect(value).toBeCloseTo(-Math.log(1e-15), 10);
  });
});

describe('rocCurve', () => {
  it('steps through each distinct score from (0, 0) to (1, 1), ties moving both rates at once', () => {
    expect(rocCurve([1, 0, 1, 0], [0.9, 0.8, 0.8, 0.1])).toStrictEqual([
      { fpr: 0, tpr: 0 },
      { fpr: 0, tpr: 0.5 },
      { fpr: 0.5, tpr: 1 },
      { fpr: 1, tpr: 1 },
    ]);
  });

  it('thins a long curve to the points at evenly spaced false positive rates, ending at (1, 1)', () => {
    // Prepare: 10 negatives scored 0.05..0.95 interleaved with 10 positives a little above each.
    const scores = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i / 20 : i / 20 + 0.001));
    const labels = scores.map((_, i) => i % 2);

    // Act
    const curve = rocCurve(labels, scores, 3);

    // Assess
    expect(curve).toStrictEqual([
      { fpr: 0, tpr: 0 },
      { fpr: 0.5, tpr: 0.5 },
      { fpr: 1, tpr: 1 },
    ]);
  });

  it('rejects labels of one class', () => {
    expect(() => rocCurve([1, 1], [0.2, 0.4])).toThrow('A ROC curve needs both positive and negative labels');
  });
});
