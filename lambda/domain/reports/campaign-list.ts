import { formatPeriod } from '../aggregation/aggregation-records.ts';
import { type CampaignListQuery, type CampaignSort, encodeOffsetToken, listScope } from './campaign-list-query.ts';
import type { Counts } from './campaign-report.ts';

/** One campaign's totals over the range, with the ratios a media buyer reads first. */
export interface CampaignSummary extends Counts {
  readonly campaign_item_id: number;
  /** impressions / bids; null without bids. */
  readonly win_rate: number | null;
  /** clicks / impressions; null without impressions. */
  readonly ctr: number | null;
}

export interface CampaignList {
  readonly from: string;
  readonly to: string;
  readonly sort: CampaignSort;
  readonly order: 'asc' | 'desc';
  /** Campaigns with any activity in the range, over every page. */
  readonly campaign_count: number;
  /** Sums over every campaign in the range, not only this page. */
  readonly totals: Counts;
  readonly campaigns: CampaignSummary[];
  /** Pass as `next_token` for the next page; null on the last page. */
  readonly next_token: string | null;
}

/**
 * Sorts and pages the campaigns' totals. Ties (and campaigns whose ratio is undefined, which go
 * last either way) are ordered by campaign id, so pages never overlap or skip while the totals hold.
 * Campaigns in `hidden` (the platform's own synthetic traffic) are left out of the list and totals.
 */
export function buildCampaignList(
  query: CampaignListQuery,
  totals: ReadonlyMap<number, Counts>,
  hidden: ReadonlySet<number> = new Set(),
): CampaignList {
  const all: CampaignSummary[] = [];
  const sum: Counts = { bids: 0, impressions: 0, clicks: 0, spend: 0 };
  for (const [campaign_item_id, counts] of totals) {
    if (hidden.has(campaign_item_id)) continue;
    const { bids, impressions, clicks, spend } = counts;
    all.push({
      campaign_item_id,
      bids,
      impressions,
      clicks,
      spend,
      win_rate: bids > 0 ? impressions / bids : null,
      ctr: impressions > 0 ? clicks / impressions : null,
    });
    sum.bids += bids;
    sum.impressions += impressions;
    sum.clicks += clicks;
    sum.spend += spend;
  }
  const direction = query.order === 'asc' ? 1 : -1;
  all.sort((a, b) => {
    const x = a[query.sort];
    const y = b[query.sort];
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return (x - y) * direction;
    }
    return a.campaign_item_id - b.campaign_item_id;
  });
  const end = query.offset + query.limit;
  return {
    from: formatPeriod(query.fromMs),
    to: formatPeriod(query.toMs),
    sort: query.sort,
    order: query.order,
    campaign_count: all.length,
    totals: sum,
    campaigns: all.slice(query.offset, end),
    next_token: end < all.length ? encodeOffsetToken(end, listScope(query)) : null,
  };
}
