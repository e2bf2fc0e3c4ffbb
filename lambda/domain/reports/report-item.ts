import { type Aggregate, formatPeriod } from '../aggregation/aggregation-records.ts';
import { parseJsonObject } from '../json-object.ts';

/** A report-store row: one campaign × period with absolute counts and the version that wrote them. */
export interface ReportItem extends Aggregate {
  /** When the row was last written, ISO-8601; for operators, not for ordering. */
  readonly updated_at: string;
}

const PERIOD = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const COUNTS = ['campaign_item_id', 'bids', 'impressions', 'clicks', 'spend', 'version'] as const;

/** Reads one `aggregates` record; undefined when it is not an aggregate (a poison record is skipped). */
export function parseAggregate(data: string): Aggregate | undefined {
  const r = parseJsonObject(data);
  if (!r) return undefined;
  if (typeof r.period !== 'string' || !isPeriod(r.period)) return undefined;
  for (const name of COUNTS) {
    const n = r[name];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return undefined;
  }
  const aggregate = r as unknown as Aggregate;
  if (aggregate.version !== aggregate.bids + aggregate.impressions + aggregate.clicks) return undefined;
  return aggregate;
}

/** The pattern alone lets impossible instants (2026-02-30T24:00:00Z) through: a period must round-trip. */
function isPeriod(period: string): boolean {
  const ms = Date.parse(period);
  return PERIOD.test(period) && !Number.isNaN(ms) && formatPeriod(ms) === period;
}

export function toReportItem(aggregate: Aggregate, now: Date): ReportItem {
  const { campaign_item_id, period, bids, impressions, clicks, spend, version } = aggregate;
  return { campaign_item_id, period, bids, impressions, clicks, spend, version, updated_at: now.toISOString() };
}
