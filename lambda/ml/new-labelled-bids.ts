import { CANARY_CAMPAIGN_ID } from '../domain/ops/canary.ts';
import type { AthenaQueries } from './athena-queries.ts';

/**
 * Distinct bids with `fromMs < timestamp <= toMs`, over the partitions that can hold them: a bid
 * arrives no earlier than its timestamp, so its `dt` is no earlier than the day of `fromMs`.
 */
export function newLabelledBidsSql(fromMs: number, toMs: number): string {
  for (const [name, value] of Object.entries({ fromMs, toMs })) {
    if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer epoch in ms. Received ${value}`);
  }
  const firstDay = new Date(fromMs).toISOString().slice(0, 10);
  return `SELECT count(DISTINCT tx_id) AS bids
FROM parquet_bcns
WHERE dt >= '${firstDay}' AND type = 'bid' AND campaign_item_id <> ${CANARY_CAMPAIGN_ID}
  AND "timestamp" > ${fromMs} AND "timestamp" <= ${toMs}`;
}

/** Counts the lake's bids in a time range with Athena; an empty range needs no query. */
export async function countBids(athena: AthenaQueries, fromMs: number, toMs: number): Promise<number> {
  if (toMs <= fromMs) return 0;
  const value = await athena.scalar(newLabelledBidsSql(fromMs, toMs));
  const count = Number(value);
  if (value === undefined || !Number.isSafeInteger(count)) throw new Error(`Bid count query answered "${value}"`);
  return count;
}
