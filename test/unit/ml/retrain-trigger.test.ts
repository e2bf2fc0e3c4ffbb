import { setImmediate as nextTick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { RetrainTrigger } from '../../../lambda/domain/ml/retrain-trigger.ts';

/** A trainer whose runs end when the test says so, counting runs and how many overlap. */
function controlledTrainer() {
  const finishers: (() => void)[] = [];
  const state = { started: 0, active: 0, maxActive: 0 };
  const train = () =>
    new Promise<void>((resolve) => {
      state.started++;
      state.active++;
      state.maxActive = Math.max(state.maxActive, state.active);
      finishers.push(() => {
        state.active--;
        resolve();
      });
    });
  /** Ends the oldest unfinished run. */
  const finish = () => (finishers.shift() as () => void)();
  return { state, train, finish };
}

/** `count` callers noting one bid each, interleaved across event-loop turns as concurrent consumers are. */
async function concurrentArrivals(trigger: RetrainTrigger, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      for (let turn = 0; turn < i % 5; turn++) await nextTick();
      trigger.noteLabelledBids(1);
    }),
  );
  await nextTick();
}

describe('RetrainTrigger', () => {
  it('fires exactly once when many concurrent arrivals cross the threshold', async () => {
    // Prepare
    const trainer = controlledTrainer();
    const trigger = new RetrainTrigger({ threshold: 100, train: trainer.train });

    // Act
    await concurrentArrivals(trigger, 199);
    trainer.finish();
    await trigger.idle();

    // Assess: 100 bids started the run; the 99 that arrived during it wait for the next.
    expect(trainer.state).toStrictEqual({ started: 1, active: 0, maxActive: 1 });
    expect(trigger.pending).toBe(99);
    expect(trigger.running).toBe(false);
  });

  it('counts arrivals during a run toward one follow-up run, started only after the first ends', async () => {
    // Prepare
    const trainer = controlledTrainer();
    const trigger = new RetrainTrigger({ threshold: 100, train: trainer.train });
    await concurrentArrivals(trigger, 100);

    // Act: 250 more arrive while the first run is still going.
    await concurrentArrivals(trigger, 250);
    const startedDuringFirstRun = trainer.state.started;
    trainer.finish();
    await nextTick();
    const startedAfterFirstRun = trainer.state.started;
    trainer.finish();
    await trigger.idle();

    // Assess
    expect(startedDuringFirstRun).toBe(1);
    expect(startedAfterFirstRun).toBe(2);
    expect(trainer.state).toStrictEqual({ started: 2, active: 0, maxActive: 1 });
    expect(trigger.pending).toBe(0);
  });

  it('does not fire below the threshold', async () => {
    // Prepare
    const trainer = controlledTrainer();
    const trigger = new RetrainTrigger({ threshold: 100, train: trainer.train });

    // Act
    trigger.noteLabelledBids(60);
    trigger.noteLabelledBids(39);
    await nextTick();

    // Assess
    expect(trainer.state.started).toBe(0);
    expect(trigger.pending).toBe(99);
  });

  it('reports a failed run, even a synchronous throw, and fires again at the next threshold', async () => {
    // Prepare
    const errors: unknown[] = [];
    let calls = 0;
    const trigger = new RetrainTrigger({
      threshold: 10,
      train: () => {
        calls++;
        throw new Error('lake unavailable');
      },
      onError: (error) => errors.push(error),
    });

    // Act
    trigger.noteLabelledBids(10);
    await trigger.idle();
    trigger.noteLabelledBids(9);
    await trigger.idle();
    const callsBeforeThreshold = calls;
    trigger.noteLabelledBids(1);
    await trigger.idle();

    // Assess
    expect(callsBeforeThreshold).toBe(1);
    expect(calls).toBe(2);
    expect(errors).toStrictEqual([new Error('lake unavailable'), new Error('lake unavailable')]);
    expect(trigger.running).toBe(false);
  });

  it('rejects a threshold below 1 and a negative count', () => {
    // Prepare
    const train = () => Promise.resolve();

    // Act & Assess
    expect(() => new RetrainTrigger({ threshold: 0, train })).toThrow('threshold must be a positive integer, got 0');
    expect(() => new RetrainTrigger({ threshold: 5, train }).noteLabelledBids(-1)).toThrow(
      'count must be a non-negative integer, got -1',
    );
  });
});
