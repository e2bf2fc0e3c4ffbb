import { describe, expect, it } from 'vitest';
import { partitionOf } from '../../../lambda/domain/lake/lake-layout.ts';
import { bindParameters, trainingSetParameters, trainingSetQuery } from '../../../lambda/domain/ml/training-set.ts';
import { type BcnsRow, duckDbLake } from './duckdb-lake.ts';

/*
 * Retraining labels across New Year: a bid's label comes from an impression within the attribution
 * window in event time, wherever the two landed in the lake's partitions, and a bid younger than the
 * window before the newest event waits for a later run, whatever the clock of the run says.
 */

const WINDOW = 300_000;
const at = (iso: string) => Date.parse(iso);

function row(type: 'bid' | 'imp', txId: string, timestamp: number): BcnsRow {
  const { dt, hr } = partitionOf(timestamp);
  return { tx_id: txId, campaign_item_id: 7, type, timestamp, dt, hr, ...(type === 'bid' ? { app_uid: 'u' } : {}) };
}

describe('the training-set query across New Year', () => {
  it('labels bids by impressions in the next year, within the window and at its edge, and leaves out the youngest', async () => {
    // Prepare
    const lake = await duckDbLake([
      row('bid', 'won', at('2026-12-31T23:59:50Z')),
      row('imp', 'won', at('2027-01-01T00:00:20Z')),
      row('bid', 'edge', at('2026-12-31T23:58:00Z')),
      row('imp', 'edge', at('2027-01-01T00:03:00Z')),
      row('bid', 'late', at('2026-12-31T23:59:00Z')),
      row('imp', 'late', at('2027-01-01T00:04:00.001Z')),
      row('bid', 'young', at('2027-01-01T00:05:00Z')),
      row('imp', 'newest', at('2027-01-01T00:09:00Z')),
    ]);

    // Act
    const query = trainingSetQuery({ attributionWindowMs: WINDOW, lookbackDays: 2 });
    const rows = await lake.query(
      bindParameters(query.sql, trainingSetParameters(query, new Date('2027-01-01T06:00Z'))),
    );
    lake.close();

    // Assess
    expect(rows.map((r) => [r.tx_id, r.label])).toStrictEqual([
      ['edge', 1],
      ['late', 0],
      ['won', 1],
    ]);
  });
});
