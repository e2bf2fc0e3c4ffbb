import { describe, expect, it } from 'vitest';
import { auc, logLoss } from '../../../lambda/domain/ml/metrics.ts';

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
