import type { BcnsRecord } from '../../lambda/domain/aggregation/aggregation-records.ts';
import { createCatalog, planTransaction, seededRandom } from '../../local/generate/traffic-model.ts';

/**
 * `bcns` records as the API writes them, in arrival order: bids one millisecond apart, the
 * winners' impressions 300 ms later and some clicks 900 ms later, plus a few client retries.
 */
export function bcnsTraffic(count: number, campaigns = 200, start = Date.UTC(2026, 0, 1)): BcnsRecord[] {
  const random = seededRandom(7);
  const catalog = createCatalog(random, campaigns);
  const records: BcnsRecord[] = [];
  let t = start;
  while (records.length < count) {
    t += 1;
    const { bid, impression, clicked } = planTransaction(random, catalog);
    records.push({ ...bid, type: 'bid', timestamp: t });
    if (random() < 0.01) records.push({ ...bid, type: 'bid', timestamp: t + 50 });
    if (!impression) continue;
    records.push({ ...impression, type: 'imp', timestamp: t + 300 });
    if (clicked) records.push({ type: 'click', tx_id: bid.tx_id, timestamp: t + 900 });
  }
  return records.slice(0, count);
}
