import { describe, expect, it } from 'vitest';
import type { ICampaignRollups } from '../../../lambda/adapters/campaign-rollups.ts';
import { CANARY_CAMPAIGN_ID } from '../../../lambda/domain/ops/canary.ts';
import type { Counts } from '../../../lambda/domain/reports/campaign-report.ts';
import { createListCampaignsHandler } from '../../../lambda/reports/list-campaigns.ts';
import { recordingLog } from '../../helpers/recording-ops.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };
const NOW = () => new Date('2026-11-22T10:15:00Z');

/** Rollups answering `totals` for any range, recording the ranges asked. */
function fakeRollups(totals: Map<number, Counts>, error?: Error) {
  const ranges: [string, string][] = [];
  const rollups: ICampaignRollups = {
    refreshHour: () => Promise.reject(new Error('the list never writes')),
    totals: async (fromMs, toMs) => {
      ranges.push([new Date(fromMs).toISOString(), new Date(toMs).toISOString()]);
      if (error) throw error;
      return new Map(totals);
    },
  };
  return { rollups, ranges };
}

describe('GET /reports/campaigns', () => {
  it('answers 200 with the campaigns of the last 24 hours by spend, leaving hidden ones out', async () => {
    // Prepare
    const { rollups, ranges } = fakeRollups(
      new Map([
        [7, { bids: 10, impressions: 4, clicks: 1, spend: 1_000_000 }],
        [8, { bids: 5, impressions: 5, clicks: 0, spend: 3_000_000 }],
        [999, { bids: 60, impressions: 60, clicks: 0, spend: 60 }],
      ]),
    );
    const handler = createListCampaignsHandler(rollups, { now: NOW, hidden: new Set([999]) });

    // Act
    const result = await handler({ queryStringParameters: { limit: '1' } });

    // Assess
    expect(ranges).toStrictEqual([['2026-11-21T11:00:00.000Z', '2026-11-22T11:00:00.000Z']]);
    expect(result.statusCode).toBe(200);
    expect(result.headers).toStrictEqual(JSON_HEADERS);
    expect(JSON.parse(result.body)).toStrictEqual({
      from: '2026-11-21T11:00:00Z',
      to: '2026-11-22T11:00:00Z',
      sort: 'spend',
      order: 'desc',
      campaign_count: 2,
      totals: { bids: 15, impressions: 9, clicks: 1, spend: 4_000_000 },
      campaigns: [{ campaign_item_id: 8, bids: 5, impressions: 5, clicks: 0, spend: 3_000_000, win_rate: 1, ctr: 0 }],
      next_token: expect.any(String),
    });
  });

  it("leaves the freshness canary's campaign out by default, as the report route refuses it", async () => {
    // Prepare
    const { rollups } = fakeRollups(
      new Map([
        [7, { bids: 10, impressions: 4, clicks: 1, spend: 1_000_000 }],
        [CANARY_CAMPAIGN_ID, { bids: 60, impressions: 0, clicks: 0, spend: 0 }],
      ]),
    );
    const handler = createListCampaignsHandler(rollups, { now: NOW });

    // Act
    const result = await handler({ queryStringParameters: null });

    // Assess
    expect(JSON.parse(result.body)).toMatchObject({
      campaign_count: 1,
      totals: { bids: 10, impressions: 4, clicks: 1, spend: 1_000_000 },
      campaigns: [{ campaign_item_id: 7 }],
    });
  });

  it('rejects bad parameters with 400 and reads nothing', async () => {
    // Prepare
    const { rollups, ranges } = fakeRollups(new Map());
    const handler = createListCampaignsHandler(rollups, { now: NOW });

    // Act
    const result = await handler({ queryStringParameters: { sort: 'name' } });

    // Assess
    expect(result).toStrictEqual({
      statusCode: 400,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        message:
          'Invalid campaign list request: sort must be one of campaign_item_id, bids, impressions, clicks, spend, win_rate, ctr',
        errors: [
          {
            index: null,
            path: 'sort',
            message: 'must be one of campaign_item_id, bids, impressions, clicks, spend, win_rate, ctr',
          },
        ],
      }),
    });
    expect(ranges).toStrictEqual([]);
  });

  it('fails with 500 and no details when the rollups cannot be read', async () => {
    // Prepare
    const { rollups } = fakeRollups(new Map(), new Error('ProvisionedThroughputExceededException'));
    const logger = recordingLog();
    const handler = createListCampaignsHandler(rollups, { now: NOW, logger });

    // Act
    const result = await handler({ queryStringParameters: null });

    // Assess
    expect(result).toStrictEqual({
      statusCode: 500,
      headers: JSON_HEADERS,
      body: JSON.stringify({ message: 'Internal server error' }),
    });
    expect(logger.calls).toStrictEqual([
      ['error', 'list-campaigns failed', new Error('ProvisionedThroughputExceededException')],
    ]);
  });
});
