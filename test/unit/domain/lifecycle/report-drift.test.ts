import { describe, expect, it } from 'vitest';
import { AWS_DEFAULTS, aggregationConfig } from '../../../../lambda/domain/aggregation/aggregation-config.ts';
import {
  repairItem,
  reportDrift,
  stillOpen,
  summarizeDrift,
  type WindowCounts,
} from '../../../../lambda/domain/lifecycle/report-drift.ts';

const window = (
  campaign: number,
  period: string,
  bids: number,
  impressions = 0,
  clicks = 0,
  spend = 0,
): WindowCounts => ({
  campaign_item_id: campaign,
  period,
  bids,
  impressions,
  clicks,
  spend,
  version: bids + impressions + clicks,
});

describe('reportDrift', () => {
  it('lists exactly the windows that differ, missing on either side included, with replayed minus live', () => {
    // Prepare
    const replayed = [
      window(1, '2027-01-01T00:00:00Z', 5, 2, 1, 200),
      window(1, '2027-01-01T00:01:00Z', 3),
      window(2, '2027-01-01T00:00:00Z', 4, 1, 0, 100),
    ];
    const live = [
      window(1, '2027-01-01T00:00:00Z', 5, 2, 1, 200),
      window(2, '2027-01-01T00:00:00Z', 7, 1, 0, 90),
      window(3, '2027-01-01T00:00:00Z', 1),
    ];

    // Act
    const drifts = reportDrift(replayed, live);

    // Assess
    expect(drifts).toStrictEqual([
      {
        campaign_item_id: 1,
        period: '2027-01-01T00:01:00Z',
        replayed: replayed[1],
        delta: { bids: 3, impressions: 0, clicks: 0, spend: 0 },
      },
      {
        campaign_item_id: 2,
        period: '2027-01-01T00:00:00Z',
        live: live[1],
        replayed: replayed[2],
        delta: { bids: -3, impressions: 0, clicks: 0, spend: 10 },
      },
      {
        campaign_item_id: 3,
        period: '2027-01-01T00:00:00Z',
        live: live[2],
        delta: { bids: -1, impressions: 0, clicks: 0, spend: 0 },
      },
    ]);
    expect(summarizeDrift(replayed, live, drifts)).toStrictEqual({ windows: 4, drifted: 3, events: 7 });
  });

  it('finds nothing when the reports equal the lake', () => {
    const windows = [window(1, '2027-01-01T00:00:00Z', 5, 2, 1, 200)];
    expect(reportDrift(windows, [...windows])).toStrictEqual([]);
  });
});

describe('repairItem', () => {
  const now = new Date('2027-01-02T00:00:00Z');

  it('writes the replayed counts with a version above the live one, even where the live counts were higher', () => {
    // Prepare: the live row was damaged upwards, so its version is above the replayed one.
    const [drift] = reportDrift([window(1, '2027-01-01T00:00:00Z', 5)], [window(1, '2027-01-01T00:00:00Z', 50)]);

    // Act
    const item = repairItem(drift as NonNullable<typeof drift>, now);

    // Assess
    expect(item).toStrictEqual({
      campaign_item_id: 1,
      period: '2027-01-01T00:00:00Z',
      bids: 5,
      impressions: 0,
      clicks: 0,
      spend: 0,
      version: 51,
      updated_at: '2027-01-02T00:00:00.000Z',
    });
  });

  it('zeroes a window the lake has no event for, and keeps the replayed version when it is higher', () => {
    const [gone] = reportDrift([], [window(3, '2027-01-01T00:00:00Z', 2)]);
    const [low] = reportDrift([window(1, '2027-01-01T00:00:00Z', 9, 1)], [window(1, '2027-01-01T00:00:00Z', 2)]);
    expect(repairItem(gone as NonNullable<typeof gone>, now)).toMatchObject({ bids: 0, version: 3 });
    expect(repairItem(low as NonNullable<typeof low>, now)).toMatchObject({ bids: 9, impressions: 1, version: 10 });
  });
});

describe('stillOpen', () => {
  const config = aggregationConfig(AWS_DEFAULTS);

  it('holds a window open until its end, the correction horizon and the out-of-orderness have passed', () => {
    // AWS defaults: 60 s windows, horizon 5 s + 300 s + 900 s; out-of-orderness 500 ms.
    const closes = Date.parse('2027-01-01T00:00:00Z') + 60_000 + 1_205_000 + 500;
    expect(stillOpen('2027-01-01T00:00:00Z', config, 500, closes - 1)).toBe(true);
    expect(stillOpen('2027-01-01T00:00:00Z', config, 500, closes)).toBe(false);
  });
});
