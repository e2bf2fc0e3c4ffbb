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

  it('hands every waiting bid over at once when the clock jumps past their windows (a laptop waking)', () => {
    // Prepare
    const trigger = new RetrainTrigger({ threshold: 1_000_000, train: async () => {} });
    const counter = new LabelledBidCounter(trigger, 300_000);
    const lateEvening = Date.parse('2026-12-31T23:58:00Z');
    counter.landed(40, lateEvening);
    counter.landed(2, lateEvening + 1_000);

    // Act
    const beforeSleep = trigger.pending;
    counter.landed(0, Date.parse('2027-01-01T08:00:00Z'));

    // Assess
    expect([beforeSleep, trigger.pending]).toStrictEqual([0, 42]);
  });
});
