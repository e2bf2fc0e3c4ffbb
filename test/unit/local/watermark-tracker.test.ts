import { describe, expect, it } from 'vitest';
import { WatermarkTracker } from '../../../local/processor/watermark-tracker.ts';

const OUT_OF_ORDERNESS = 500;
const NOW = Date.UTC(2026, 10, 22, 10, 15, 30);
const T = Date.UTC(2026, 10, 22, 10, 15, 0);

describe('WatermarkTracker', () => {
  it('has no watermark before it has seen a shard', () => {
    // Prepare
    const tracker = new WatermarkTracker(OUT_OF_ORDERNESS);

    // Act
    const watermark = tracker.watermark(NOW);

    // Assess
    expect(watermark).toBe(Number.NEGATIVE_INFINITY);
  });

  it('trails the newest timestamp of a single shard by the out-of-orderness bound', () => {
    // Prepare
    const tracker = new WatermarkTracker(OUT_OF_ORDERNESS);

    // Act
    tracker.observe('shardId-000000000000', T);
    tracker.observe('shardId-000000000000', T + 2000);

    // Assess
    expect(tracker.watermark(NOW)).toBe(T + 2000 - OUT_OF_ORDERNESS);
  });

  it('never moves back when an older timestamp arrives', () => {
    // Prepare
    const tracker = new WatermarkTracker(OUT_OF_ORDERNESS);
    tracker.observe('shardId-000000000000', T + 2000);

    // Act
    tracker.observe('shardId-000000000000', T);

    // Assess
    expect(tracker.watermark(NOW)).toBe(T + 1500);
  });

  it('is the minimum over the shards', () => {
    // Prepare
    const tracker = new WatermarkTracker(OUT_OF_ORDERNESS);

    // Act
    tracker.observe('shardId-000000000000', T + 5000);
    tracker.observe('shardId-000000000001', T + 1000);
    tracker.observe('shardId-000000000002', T + 3000);

    // Assess
    expect(tracker.watermark(NOW)).toBe(T + 500);
  });

  it('is held back by a busy shard that has not delivered a record yet', () => {
    // Prepare
    const tracker = new WatermarkTracker(OUT_OF_ORDERNESS);
    tracker.observe('shardId-000000000000', T + 5000);

    // Act
    tracker.setIdle('shardId-000000000001', false);

    // Assess
    expect(tracker.watermark(NOW)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('follows the clock for an idle shard, so an empty shard does not stall event time', () => {
    // Prepare
    const tracker = new WatermarkTracker(OUT_OF_ORDERNESS);
    tracker.observe('shardId-000000000000', T);
    tracker.setIdle('shardId-000000000000', true);

    // Act
    tracker.setIdle('shardId-000000000001', true);

    // Assess
    expect([tracker.watermark(NOW), tracker.watermark(NOW + 1000)]).toStrictEqual([
      NOW - OUT_OF_ORDERNESS,
      NOW + 1000 - OUT_OF_ORDERNESS,
    ]);
  });

  it('keeps an idle shard at its newest timestamp when that is ahead of the clock', () => {
    // Prepare
    const tracker = new WatermarkTracker(OUT_OF_ORDERNESS);
    tracker.observe('shardId-000000000000', NOW + 10_000);

    // Act
    tracker.setIdle('shardId-000000000000', true);

    // Assess
    expect(tracker.watermark(NOW)).toBe(NOW + 10_000 - OUT_OF_ORDERNESS);
  });

  it('is held back by a busy shard behind an idle one', () => {
    // Prepare
    const tracker = new WatermarkTracker(OUT_OF_ORDERNESS);
    tracker.setIdle('shardId-000000000000', true);
    tracker.observe('shardId-000000000001', T + 1000);

    // Act
    tracker.setIdle('shardId-000000000001', false);

    // Assess
    expect(tracker.watermark(NOW)).toBe(T + 500);
  });

  it('falls back to the newest timestamp once an idle shard is busy again', () => {
    // Prepare
    const tracker = new WatermarkTracker(OUT_OF_ORDERNESS);
    tracker.observe('shardId-000000000000', T);
    tracker.setIdle('shardId-000000000000', true);
    const whileIdle = tracker.watermark(NOW);

    // Act
    tracker.setIdle('shardId-000000000000', false);

    // Assess
    expect([whileIdle, tracker.watermark(NOW)]).toStrictEqual([NOW - OUT_OF_ORDERNESS, T - OUT_OF_ORDERNESS]);
  });

  it('trails by nothing with an out-of-orderness bound of 0', () => {
    // Prepare
    const tracker = new WatermarkTracker(0);

    // Act
    tracker.observe('shardId-000000000000', T);

    // Assess
    expect(tracker.watermark(NOW)).toBe(T);
  });
});
