import { describe, expect, it } from 'vitest';
import { AUC_TOLERANCE, gateModel } from '../../../lambda/domain/ml/model-gate.ts';

const CURRENT = { auc: 0.77, logLoss: 0.55 };

describe('gateModel', () => {
  it('accepts the first model', () => {
    // Act & Assess
    expect(gateModel(CURRENT, undefined)).toStrictEqual({
      accept: true,
      reason: 'first model (AUC 0.7700, log loss 0.5500)',
    });
  });

  it('accepts a candidate exactly as good as the current model', () => {
    // Act & Assess
    expect(gateModel({ ...CURRENT }, CURRENT)).toStrictEqual({
      accept: true,
      reason:
        'candidate (AUC 0.7700, log loss 0.5500) is at least as good as the current (AUC 0.7700, log loss 0.5500)',
    });
  });

  it('accepts an AUC lower by no more than the tolerance', () => {
    // Act
    const decision = gateModel({ auc: 0.77 - AUC_TOLERANCE, logLoss: 0.549 }, CURRENT);

    // Assess
    expect(decision.accept).toBe(true);
  });

  it('rejects an AUC lower by more than the tolerance', () => {
    // Act & Assess
    expect(gateModel({ auc: 0.767, logLoss: 0.54 }, CURRENT)).toStrictEqual({
      accept: false,
      reason: 'candidate AUC 0.7670 is below the current 0.7700 by more than 0.002',
    });
  });

  it('rejects a worse log loss even with a better AUC', () => {
    // Act & Assess
    expect(gateModel({ auc: 0.78, logLoss: 0.5501 }, CURRENT)).toStrictEqual({
      accept: false,
      reason: 'candidate log loss 0.5501 is worse than the current 0.5500',
    });
  });

  it('rejects a candidate whose metrics are not finite, even as the first model', () => {
    // Act & Assess
    expect(gateModel({ auc: Number.NaN, logLoss: 0.5 }, undefined)).toStrictEqual({
      accept: false,
      reason: 'candidate metrics are not finite (AUC NaN, log loss 0.5000)',
    });
  });
});
