import type { Counts } from './campaign-report.ts';

/**
 * Per-day rollups of the report rows, so a campaign list over a range reads one small item per
 * campaign and day instead of every period row of every campaign.
 *
 * Two items per campaign and UTC day, in a table keyed by (`bucket`, `campaign_item_id`):
 * - day parts, bucket `hours#<day>#<shard>`: one attribute per hour (`h00` … `h23`) holding that
 *   hour's totals, recomputed from the hour's report rows;
 * - day total, bucket `day#<day>#<shard>`: the sum of the day parts.
 *
 * Every level is written with absolute values and a version, and only a higher version replaces a
 * lower one, as the report rows are. A row's version is bids + impressions + clicks (the
 * aggregation's rule), and since counts never shrink, a level's version (the sum of its parts'
 * versions) is equal only for identical contents: any writer can recompute a level from the level
 * below, and retries, replays and concurrent writers all converge to the exact sum.
 */
export interface VersionedCounts extends Counts {
  readonly version: number;
}

/**
 * The day's items of one campaign are spread over this many partition keys by `campaign_item_id`:
 * every aggregate written updates its day's items, and one partition key takes at most 1,000 write
 * units a second (DynamoDB developer guide, "Partitions and data distribution"). Changing it moves
 * every item: it is part of the layout.
 */
export const ROLLUP_SHARDS = 4;

/** The rollup table: partition key `bucket` (S), sort key `campaign_item_id` (N). */
export const ROLLUP_KEYS = { partitionKey: 'bucket', sortKey: 'campaign_item_id' } as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `2026-11-22T10:15:00Z` → its UTC day `2026-11-22` and hour 10. */
export function hourOfPeriod(period: string): { day: string; hour: number } {
  return { day: period.slice(0, 10), hour: Number(period.slice(11, 13)) };
}

/** The inclusive range of period keys inside one UTC hour, for a Query on the report rows. */
export function periodRangeOfHour(day: string, hour: number): { from: string; to: string } {
  const hh = String(hour).padStart(2, '0');
  return { from: `${day}T${hh}:00:00Z`, to: `${day}T${hh}:59:59Z` };
}

export function shardOf(campaignItemId: number): number {
  return campaignItemId % ROLLUP_SHARDS;
}

export function dayPartsBucket(day: string, shard: number): string {
  return `hours#${day}#${shard}`;
}

export function dayTotalBucket(day: string, shard: number): string {
  return `day#${day}#${shard}`;
}

/** The day-parts attribute of an hour: `h00` … `h23`. */
export function hourAttribute(hour: number): string {
  return `h${String(hour).padStart(2, '0')}`;
}

export const HOUR_ATTRIBUTES: readonly string[] = Array.from({ length: 24 }, (_, hour) => hourAttribute(hour));

/** Sums counts and their versions; the version of an empty sum is 0. */
export function sumCounts(parts: Iterable<Counts>): VersionedCounts {
  const total = { bids: 0, impressions: 0, clicks: 0, spend: 0, version: 0 };
  for (const part of parts) {
    total.bids += part.bids;
    total.impressions += part.impressions;
    total.clicks += part.clicks;
    total.spend += part.spend;
  }
  total.version = total.bids + total.impressions + total.clicks;
  return total;
}

/** A day's total from its day-parts item: the hour attributes it holds. */
export function dayTotalFromParts(item: Readonly<Record<string, unknown>>): VersionedCounts {
  return sumCounts(HOUR_ATTRIBUTES.map((name) => item[name]).filter(isCounts));
}

export function isCounts(value: unknown): value is VersionedCounts {
  const v = value as Partial<VersionedCounts> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.bids === 'number' &&
    typeof v.impressions === 'number' &&
    typeof v.clicks === 'number' &&
    typeof v.spend === 'number'
  );
}

/** What a campaign list over `[fromMs, toMs)` reads: whole days from day totals, the rest from day parts. */
export type RollupRead =
  | { readonly kind: 'day'; readonly day: string }
  | { readonly kind: 'hours'; readonly day: string; readonly hours: readonly number[] };

/**
 * The reads covering `[fromMs, toMs)`, both whole UTC hours: one per day touched, a day total
 * where the range covers the whole day, the covered hours of the day parts otherwise.
 */
export function rollupReads(fromMs: number, toMs: number): RollupRead[] {
  if (fromMs % HOUR_MS !== 0 || toMs % HOUR_MS !== 0) {
    throw new Error(`A rollup range must be whole UTC hours, got ${fromMs}..${toMs}`);
  }
  const reads: RollupRead[] = [];
  for (let dayStart = fromMs - (fromMs % DAY_MS); dayStart < toMs; dayStart += DAY_MS) {
    const day = new Date(dayStart).toISOString().slice(0, 10);
    const first = Math.max(fromMs, dayStart);
    const end = Math.min(toMs, dayStart + DAY_MS);
    if (first === dayStart && end === dayStart + DAY_MS) {
      reads.push({ kind: 'day', day });
    } else {
      const hours = [];
      for (let at = first; at < end; at += HOUR_MS) hours.push((at - dayStart) / HOUR_MS);
      reads.push({ kind: 'hours', day, hours });
    }
  }
  return reads;
}
