import { describe, expect, it } from 'vitest';
import { lakeCountsSql, parseLakeRows } from '../../../gatling/verify/lake-counts.ts';

describe('lakeCountsSql', () => {
  it('counts rows and distinct tx_ids per campaign of the runs, for bids, impressions and clicks in one query', () => {
    // Act
    const sql = lakeCountsSql([
      { first: 100_000_000, last: 100_000_199 },
      { first: 100_001_000, last: 100_001_199 },
    ]);

    // Assess
    const ranges =
      '(campaign_item_id BETWEEN 100000000 AND 100000199 OR campaign_item_id BETWEEN 100001000 AND 100001199)';
    expect(sql).toBe(
      [
        `SELECT 'bids' AS metric, campaign_item_id, count(*) AS n_rows, count(DISTINCT tx_id) AS n_distinct FROM parquet_bcns WHERE type = 'bid' AND ${ranges} GROUP BY campaign_item_id`,
        `SELECT 'impressions' AS metric, campaign_item_id, count(*) AS n_rows, count(DISTINCT tx_id) AS n_distinct FROM parquet_impressions WHERE ${ranges} GROUP BY campaign_item_id`,
        `SELECT 'clicks' AS metric, campaign_item_id, count(*) AS n_rows, count(DISTINCT tx_id) AS n_distinct FROM parquet_clicks WHERE ${ranges} GROUP BY campaign_item_id`,
      ].join(' UNION ALL '),
    );
  });
});

describe('parseLakeRows', () => {
  it('groups the rows by campaign and metric, reading numbers and digit strings alike', () => {
    // Act
    const lake = parseLakeRows([
      { metric: 'bids', campaign_item_id: 100_000_000, n_rows: 12, n_distinct: 11 },
      { metric: 'impressions', campaign_item_id: '100000000', n_rows: '5', n_distinct: '5' },
      { metric: 'bids', campaign_item_id: 100_000_007, n_rows: 1, n_distinct: 1 },
    ]);

    // Assess
    expect(lake).toStrictEqual(
      new Map([
        [100_000_000, { bids: { rows: 12, distinct: 11 }, impressions: { rows: 5, distinct: 5 } }],
        [100_000_007, { bids: { rows: 1, distinct: 1 } }],
      ]),
    );
  });

  it.each([
    {
      name: 'output that is not an array',
      rows: { rows: [] },
      message: 'sdp sql printed {"rows":[]}, not an array of rows',
    },
    {
      name: 'an unknown metric',
      rows: [{ metric: 'spend', campaign_item_id: 1, n_rows: 1, n_distinct: 1 }],
      message: 'Unexpected lake row {"metric":"spend","campaign_item_id":1,"n_rows":1,"n_distinct":1}',
    },
    {
      name: 'a count that is not an integer',
      rows: [{ metric: 'bids', campaign_item_id: 1, n_rows: null, n_distinct: 1 }],
      message: 'Unexpected lake row {"metric":"bids","campaign_item_id":1,"n_rows":null,"n_distinct":1}',
    },
  ])('rejects $name', ({ rows, message }) => {
    expect(() => parseLakeRows(rows)).toThrow(message);
  });
});
