import type { BcnsRecord } from '../../lambda/domain/aggregation/aggregation-records.ts';
import {
  clearingPrice,
  clickProbability,
  createCatalog,
  makeBid,
  seededRandom,
  winProbability,
} from '../../local/generate/traffic-model.ts';

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
    const bid = makeBid(random, catalog);
    records.push({ ...bid, type: 'bid', timestamp: t });
    if (random() < 0.01) records.push({ ...bid, type: 'bid', timestamp: t + 50 });
    if (random() >= winProbability(bid)) continue;
    records.push({ type: 'imp', tx_id: bid.tx_id, win_price: clearingPrice(random, bid), timestamp: t + 300 });
    if (random() < clickProbability(bid)) records.push({ type: 'click', tx_id: bid.tx_id, timestamp: t + 900 });
  }
  return records.slice(0, count);
}
