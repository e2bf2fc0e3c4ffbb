import { describe, expect, it } from 'vitest';
import { aggregationConfig } from '../../../../lambda/domain/aggregation/aggregation-config.ts';
import { type AggregationOutput, Aggregator } from '../../../../lambda/domain/aggregation/aggregator.ts';
import {
  type AggregationFixture,
  compareFailedEvents,
  loadAggregationFixtures,
} from '../../../helpers/aggregation-fixtures.ts';

/** Feeds a fixture through the core the way the Flink job's test feeds its MiniCluster. */
function replay(fixture: AggregationFixture) {
  const aggregator = new Aggregator(aggregationConfig(fixture.config));
  const out: AggregationOutput[] = [];
  for (const item of fixture.input) {
    if ('watermark' in item) aggregator.advanceWatermark(item.watermark, out);
    else aggregator.processRecord('raw' in item ? item.raw : JSON.stringify(item.event), out);
  }
  aggregator.advanceWatermark(Number.POSITIVE_INFINITY, out);
  const records = <S extends AggregationOutput['stream']>(stream: S) =>
    out
      .filter((o): o is Extract<AggregationOutput, { stream: S }> => o.stream === stream)
      .map((o) => o.record as Extract<AggregationOutput, { stream: S }>['record']);
  const { malformed, duplicates, lateDropped } = aggregator.stats;
  return {
    aggregates: records('aggregates').sort(
      (a, b) => a.campaign_item_id - b.campaign_item_id || a.period.localeCompare(b.period) || a.version - b.version,
    ),
    impressions: records('impressions').sort((a, b) => a.tx_id.localeCompare(b.tx_id)),
    clicks: records('clicks').sort((a, b) => a.tx_id.localeCompare(b.tx_id)),
    dropped: { malformed, duplicates, late: lateDropped },
    failed_events: records('failed_events').sort(compareFailedEvents),
  };
}

describe('aggregation core replays the shared vectors', () => {
  const fixtures = loadAggregationFixtures();

  it('has the vectors the contract promises', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(fixtures)('%s', (_name, fixture) => {
    it(fixture.description, () => {
      expect(replay(fixture)).toStrictEqual(fixture.expected);
    });
  });
});
