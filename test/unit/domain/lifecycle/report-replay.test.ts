import { describe, expect, it } from 'vitest';
import { AWS_DEFAULTS, aggregationConfig } from '../../../../lambda/domain/aggregation/aggregation-config.ts';
import type { Aggregate } from '../../../../lambda/domain/aggregation/aggregation-records.ts';
import {
  byWindow,
  mergeShards,
  ReportReplay,
  replayPartitions,
  txShard,
  windowId,
} from '../../../../lambda/domain/lifecycle/report-replay.ts';
import { type AggregationFixture, loadAggregationFixtures } from '../../../helpers/aggregation-fixtures.ts';

const ALL_TIME = { fromMs: 0, toMs: 253_402_300_800_000 };

/** The vector's records as the lake holds them (in arrival order, without the watermarks). */
function lines(fixture: AggregationFixture): string[] {
  return fixture.input.flatMap((item) =>
    'watermark' in item ? [] : ['raw' in item ? item.raw : JSON.stringify(item.event)],
  );
}

function replay(fixture: AggregationFixture, shard?: { index: number; count: number }): Aggregate[] {
  const run = new ReportReplay(aggregationConfig(fixture.config), ALL_TIME, 0, shard);
  for (const line of lines(fixture)) run.add(line);
  return run.finish();
}

/** What the report table holds once the stream is done: each window's latest version. */
function finalWindows(fixture: AggregationFixture): Aggregate[] {
  const windows = new Map<string, Aggregate>();
  for (const aggregate of fixture.expected.aggregates) {
    const seen = windows.get(windowId(aggregate));
    if (!seen || seen.version < aggregate.version) windows.set(windowId(aggregate), aggregate);
  }
  return [...windows.values()].sort(byWindow);
}

const bids = (period: string, n: number): Aggregate => ({
  campaign_item_id: 1001,
  period,
  bids: n,
  impressions: 0,
  clicks: 0,
  spend: 0,
  version: n,
});

const CAMPAIGN_7 = { campaign_item_id: 7, bids: 0, impressions: 0, clicks: 0, spend: 0 };

/**
 * Vectors whose outcome depends on watermarks the lake does not record: the live watermark of an
 * idle stream follows the clock, not the records. The replay counts what the stream dropped as
 * too late, and keeps deduplicating where the stream had forgotten a transaction: the drift the
 * reconciliation reports for such windows is real and expected (README: Replay and reconciliation).
 */
const WATERMARK_DEPENDENT: Record<string, Aggregate[]> = {
  // The stream's watermark was past the transaction's expiry before its repeat arrived: counted twice.
  'expired-state-forgets-duplicates': [bids('2026-01-01T00:00:00Z', 1)],
  // The watermark passed the first window's horizon before b2 and z's impression came: the stream
  // refused both as too late (failed events); the replay counts them.
  'failed-event-reasons': [
    { ...CAMPAIGN_7, period: '2026-01-01T00:00:00Z', bids: 2, impressions: 1, spend: 1200, version: 3 },
    { ...CAMPAIGN_7, period: '2026-01-01T00:00:20Z', bids: 1, version: 1 },
  ],
  // t3 came after the watermark had passed the window's horizon: the stream dropped it.
  'horizon-bounds': [bids('2026-01-01T00:00:00Z', 3)],
  // t2 likewise.
  'too-late-is-dropped': [bids('2026-01-01T00:00:00Z', 2), bids('2026-01-01T00:03:00Z', 1)],
};

describe('ReportReplay over the shared aggregation vectors', () => {
  const fixtures = loadAggregationFixtures();

  describe.each(fixtures)('%s', (name, fixture) => {
    it('recomputes each window as the stream left it, but for the watermark-dependent vectors', () => {
      // Act
      const replayed = replay(fixture);

      // Assess
      expect(replayed).toStrictEqual(WATERMARK_DEPENDENT[name] ?? finalWindows(fixture));
    });

    it('adds up to the same windows when the transactions are split into 3 shards', () => {
      // Act
      const shards = [0, 1, 2].map((index) => replay(fixture, { index, count: 3 }));

      // Assess
      expect(mergeShards(shards)).toStrictEqual(replay(fixture));
    });
  });

  it('differs from the stream in exactly the named vectors', () => {
    const differing = fixtures
      .filter(([, fixture]) => JSON.stringify(replay(fixture)) !== JSON.stringify(finalWindows(fixture)))
      .map(([name]) => name);
    expect(differing).toStrictEqual(Object.keys(WATERMARK_DEPENDENT));
  });
});

describe('ReportReplay', () => {
  const config = aggregationConfig({ ...AWS_DEFAULTS });

  it('keeps only the windows starting in the range, counting joins with events outside it', () => {
    // Prepare: a bid before the range whose impression and click fall in it.
    const t = Date.parse('2027-01-01T00:00:30Z');
    const run = new ReportReplay(config, { fromMs: Date.parse('2027-01-01T00:00:00Z'), toMs: t + 60_000 }, 5000);

    // Act
    for (const event of [
      { type: 'bid', tx_id: 'a', campaign_item_id: 7, app_uid: 'u', timestamp: t - 120_000 },
      { type: 'imp', tx_id: 'a', win_price: 5, timestamp: t },
      { type: 'click', tx_id: 'a', timestamp: t + 1000 },
      { type: 'bid', tx_id: 'b', campaign_item_id: 7, app_uid: 'u', timestamp: t + 120_000 },
    ]) {
      run.add(JSON.stringify(event));
    }

    // Assess
    expect(run.finish()).toStrictEqual([
      { campaign_item_id: 7, period: '2027-01-01T00:00:00Z', bids: 0, impressions: 1, clicks: 1, spend: 5, version: 2 },
    ]);
    expect(run.records).toBe(4);
  });

  it('reads the arrival hours from the range start minus the correction horizon to its end plus it, across a year', () => {
    // Act: a minute's windows just before midnight, with AWS's 60 s windows and 21 min 5 s horizon.
    const partitions = replayPartitions(
      { fromMs: Date.parse('2026-12-31T23:59:00Z'), toMs: Date.parse('2027-01-01T00:00:00Z') },
      config,
    );

    // Assess
    expect(partitions).toStrictEqual([
      { dt: '2026-12-31', hr: '23' },
      { dt: '2027-01-01', hr: '00' },
    ]);
    expect(
      replayPartitions(
        { fromMs: Date.parse('2027-01-01T00:10:00Z'), toMs: Date.parse('2027-01-02T00:00:00Z') },
        config,
      ),
    ).toHaveLength(26);
  });

  it('shards transactions by FNV-1a, stable across runs and languages', () => {
    // FNV-1a 32: 'a' is 0xe40c292c, 'tx-1' 0x5e031cef, the uuid 0xe1db1e50 (computed apart, in Python).
    expect(['a', 'tx-1', '44db4cf3-1d2e-4b8a-9a6f-0c1f5a2b3c4d'].map((tx) => txShard(tx, 16))).toStrictEqual([
      12, 15, 0,
    ]);
  });
});
