/** A campaign report's buckets as the columns a chart draws. */
import { MICROS } from './format.ts';

export interface Bucket {
  readonly period: string;
  readonly bids: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly spend: number;
}

/** Columns of equal length: bucket starts in epoch seconds, then bids, impressions, clicks and spend (currency units). */
export type SeriesColumns = [number[], number[], number[], number[], number[]];

/** One point per bucket the API answered, in its order (oldest first); windows without events have no point. */
export function seriesColumns(buckets: readonly Bucket[]): SeriesColumns {
  return [
    buckets.map((bucket) => Date.parse(bucket.period) / 1000),
    buckets.map((bucket) => bucket.bids),
    buckets.map((bucket) => bucket.impressions),
    buckets.map((bucket) => bucket.clicks),
    buckets.map((bucket) => bucket.spend / MICROS),
  ];
}

/**
 * The time axis's span, in epoch seconds, for buckets from `min` to `max` (null: none yet, then the
 * last bucket up to `now`): a single bucket gets one bucket's width on either side (uPlot would
 * otherwise stretch one instant over years).
 */
export function timeSpan(min: number | null, max: number | null, bucketSeconds: number, now: number): [number, number] {
  if (min === null || max === null) return [now - bucketSeconds, now];
  return min < max ? [min, max] : [min - bucketSeconds, max + bucketSeconds];
}
