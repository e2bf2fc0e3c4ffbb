import { formatPeriod } from '../aggregation/aggregation-records.ts';
import { encodeToken, type Granularity, type ReportQuery, tokenScope } from './report-query.ts';

export interface Counts {
  bids: number;
  impressions: number;
  clicks: number;
  spend: number;
}

export interface PeriodCounts extends Counts {
  /** Bucket start, ISO-8601 UTC. */
  period: string;
}

export interface CampaignReport {
  readonly campaign_item_id: number;
  readonly granularity: Granularity;
  /** Totals over every bucket in the requested range, not only this page. */
  readonly totals: Counts;
  readonly periods: PeriodCounts[];
  /** Pass as `next_token` for the next page; null on the last page. */
  readonly next_token: string | null;
}

/**
 * Shapes a campaign's stored periods (ascending, within the query's range) into the report:
 * rolls them up to the granularity, sums the totals, and cuts the page after `query.after`.
 */
export function buildCampaignReport(query: ReportQuery, periods: readonly PeriodCounts[]): CampaignReport {
  const buckets = new Map<string, PeriodCounts>();
  const totals: Counts = { bids: 0, impressions: 0, clicks: 0, spend: 0 };
  for (const item of periods) {
    const key = bucketOf(item.period, query.granularity);
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { period: key, bids: 0, impressions: 0, clicks: 0, spend: 0 };
      buckets.set(key, bucket);
    }
    add(bucket, item);
    add(totals, item);
  }
  const ordered = [...buckets.values()].sort((a, b) => a.period.localeCompare(b.period));
  const remaining =
    query.after === undefined ? ordered : ordered.filter((bucket) => bucket.period > (query.after as string));
  const page = remaining.slice(0, query.limit);
  const last = page.at(-1);
  return {
    campaign_item_id: query.campaignItemId,
    granularity: query.granularity,
    totals,
    periods: page,
    next_token: remaining.length > page.length && last ? encodeToken(last.period, tokenScope(query)) : null,
  };
}

/** The store's key range for a query: inclusive bounds on the ISO `period` sort key. */
export function periodKeyRange(query: ReportQuery): { from: string; to: string } {
  const second = 1000;
  const from = query.fromMs === undefined ? 0 : Math.ceil(query.fromMs / second) * second;
  const to =
    query.toMs === undefined ? Date.UTC(9999, 11, 31, 23, 59, 59) : Math.ceil(query.toMs / second) * second - second;
  return { from: formatPeriod(from), to: formatPeriod(to) };
}

function bucketOf(period: string, granularity: Granularity): string {
  if (granularity === 'hour') return `${period.slice(0, 13)}:00:00Z`;
  if (granularity === 'day') return `${period.slice(0, 10)}T00:00:00Z`;
  return period;
}

function add(target: Counts, item: Counts): void {
  target.bids += item.bids;
  target.impressions += item.impressions;
  target.clicks += item.clicks;
  target.spend += item.spend;
}
