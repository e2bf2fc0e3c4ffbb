import type { BidFeatures } from '../../../lambda/domain/ml/features.ts';
import type { LabelledBid } from '../../../lambda/domain/ml/training-set.ts';
import { createCatalog, planTransaction, seededRandom } from '../../../local/generate/traffic-model.ts';

/**
 * `count` labelled bids from the traffic generator, whose win function is known: label 1 when the
 * generator let the bid win (gave it an impression).
 */
export function generatedBids(count: number, seed = 7): LabelledBid[] {
  const random = seededRandom(seed);
  const catalog = createCatalog(random);
  return Array.from({ length: count }, () => {
    const { bid, impression } = planTransaction(random, catalog);
    return { txId: bid.tx_id, label: impression ? 1 : 0, features: bidFeatures(bid) };
  });
}

/** A client bid's model inputs, as the lake stores them (absent optional fields are null). */
export function bidFeatures(bid: {
  campaign_item_id: number;
  domain?: string;
  creative_id?: string;
  creative_category?: string;
  win_price?: number;
}): BidFeatures {
  return {
    campaign_item_id: bid.campaign_item_id,
    domain: bid.domain ?? null,
    creative_id: bid.creative_id ?? null,
    creative_category: bid.creative_category ?? null,
    win_price: bid.win_price ?? null,
  };
}

/** The rows trainingSetSql answers for these bids, as DuckDB returns them (BIGINT columns as bigint). */
export function lakeRows(bids: readonly LabelledBid[]): Record<string, unknown>[] {
  return bids.map(({ txId, label, features }) => ({
    tx_id: txId,
    campaign_item_id: BigInt(features.campaign_item_id),
    domain: features.domain,
    creative_id: features.creative_id,
    creative_category: features.creative_category,
    win_price: features.win_price === null ? null : BigInt(features.win_price),
    label,
  }));
}
