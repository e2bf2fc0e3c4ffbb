import type { FileObjectStore } from '../../../local/lake/file-object-store.ts';
import { deliverParquet, makeLake } from '../../helpers/lake-fixtures.ts';

/**
 * The fixed lake the Athena corpus runs on: ten parquet_bcns rows over four hourly partitions (two
 * on 2026-11-20, then the last second of 2026 and the first of 2027), five joined impressions and
 * three aggregate versions. Times are epoch milliseconds; 1_795_158_000_000 is 2026-11-20 07:00:00 UTC.
 */
export async function athenaFixtureLake(): Promise<FileObjectStore> {
  const store = await makeLake();
  const bid = (
    tx: string,
    campaign: number,
    app: string,
    domain: string | null,
    creative: string | null,
    category: string | null,
    price: number,
    ts: number,
  ) => ({
    tx_id: tx,
    campaign_item_id: campaign,
    app_uid: app,
    domain,
    creative_id: creative,
    creative_category: category,
    win_price: price,
    type: 'bid',
    timestamp: ts,
  });
  const event = (tx: string, type: string, price: number | null, ts: number) => ({
    tx_id: tx,
    win_price: price,
    type,
    timestamp: ts,
  });
  await deliverParquet(
    store,
    'a',
    [
      bid('tx-1', 100, 'app-1', 'www.google.com', 'cr-1', 'IAB1', 1000, 1_795_158_000_000),
      event('tx-1', 'imp', 800, 1_795_158_001_500),
      bid('tx-2', 100, 'app-2', 'news.example.com', 'cr-2', 'IAB2', 2000, 1_795_158_060_000),
      bid('tx-3', 200, 'app-3', null, 'cr-3', 'IAB1', 500, 1_795_159_800_250),
      event('tx-3', 'imp', 450, 1_795_159_802_000),
      event('tx-3', 'click', null, 1_795_159_860_000),
    ],
    { dt: '2026-11-20', hr: '07' },
  );
  await deliverParquet(
    store,
    'b',
    [
      bid('tx-4', 200, 'app-1', 'www.google.com', 'cr-1', 'IAB1', 3000, 1_795_162_500_999),
      bid('tx-5', 300, 'app-4', 'maps.google.com', null, 'IAB3', 1500, 1_795_165_199_999),
    ],
    { dt: '2026-11-20', hr: '08' },
  );
  await deliverParquet(
    store,
    'c',
    [bid('tx-6', 300, 'app-2', 'www.google.com', 'cr-2', 'IAB2', 2500, 1_798_761_599_500)],
    {
      dt: '2026-12-31',
      hr: '23',
    },
  );
  await deliverParquet(
    store,
    'd',
    [bid('tx-7', 100, 'app-5', 'shop.example.com', 'cr-4', null, 700, 1_798_761_600_000)],
    {
      dt: '2027-01-01',
      hr: '00',
    },
  );
  const impression = (tx: string, bidPrice: number, price: number) => ({
    tx_id: tx,
    campaign_item_id: 100,
    app_uid: 'app-1',
    bid_price: bidPrice,
    win_price: price,
    bid_timestamp: 1_795_158_000_000,
    timestamp: 1_795_158_001_000,
  });
  await deliverParquet(
    store,
    'i',
    [
      impression('tx-1', 1000, 800),
      impression('tx-3', 500, 450),
      impression('tx-8', 1000, 900),
      impression('tx-9', 1500, 1200),
      impression('tx-10', 700, 600),
    ],
    { dt: '2026-11-20', hr: '07' },
    'impressions',
  );
  const aggregate = (campaign: number, bids: number, impressions: number, clicks: number, spend: number) => ({
    campaign_item_id: campaign,
    period: '2026-11-20T07:00:00Z',
    bids,
    impressions,
    clicks,
    spend,
    version: bids + impressions + clicks,
  });
  await deliverParquet(
    store,
    'g',
    [aggregate(100, 2, 1, 0, 800), aggregate(100, 2, 1, 1, 800), aggregate(200, 1, 1, 1, 450)],
    { dt: '2026-11-20', hr: '07' },
    'aggregates',
  );
  return store;
}
