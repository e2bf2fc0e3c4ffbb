import { describe, expect, it } from 'vitest';
import { RetrainTrigger } from '../../../lambda/domain/ml/retrain-trigger.ts';
import { LabelledBidCounter } from '../../../local/ml/local-training.ts';

describe('LabelledBidCounter', () => {
  it('hands landed bids to the trigger only once their attribution window has passed', () => {
    // Prepare
    const trigger = new RetrainTrigger({ threshold: 1_000_000, train: async () => {} });
    const counter = new LabelledBidCounter(trigger, 5_000);

    // Act
    counter.landed(100, 0);
    counter.landed(50, 2_000);
    const atFour = trigger.pending;
    counter.landed(0, 5_000);
    const atFive = trigger.pending;
    counter.landed(10, 7_000);

    // Assess
    expect([atFour, atFive, trigger.pending]).toStrictEqual([0, 100, 150]);
  });
});
