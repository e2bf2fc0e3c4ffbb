/** The range pickers' choices, and the API queries they become. Pure: the clock comes in as `now`. */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export type Granularity = 'period' | 'hour' | 'day';

export interface SeriesRange {
  readonly id: string;
  readonly label: string;
  readonly ms: number;
  /** The granularities that give a readable chart over this range, the first being the default. */
  readonly granularities: readonly Granularity[];
}

export const SERIES_RANGES: readonly SeriesRange[] = [
  { id: '15m', label: '15 min', ms: 15 * MINUTE_MS, granularities: ['period'] },
  { id: '1h', label: '1 hour', ms: HOUR_MS, granularities: ['period', 'hour'] },
  { id: '6h', label: '6 hours', ms: 6 * HOUR_MS, granularities: ['period', 'hour'] },
  { id: '24h', label: '24 hours', ms: DAY_MS, granularities: ['hour', 'period'] },
  { id: '7d', label: '7 days', ms: 7 * DAY_MS, granularities: ['hour', 'day'] },
  { id: '30d', label: '30 days', ms: 30 * DAY_MS, granularities: ['day', 'hour'] },
];

export interface ListRange {
  readonly id: string;
  readonly label: string;
  /** Whole hours back from the end of the hour in progress; `day` starts at the UTC day instead. */
  readonly hours: number | 'day';
}

/** The campaign list's ranges: whole UTC hours, ending with the hour in progress (the API totals per hour). */
export const LIST_RANGES: readonly ListRange[] = [
  { id: 'hour', label: 'This hour', hours: 1 },
  { id: '6h', label: 'Last 6 hours', hours: 6 },
  { id: 'today', label: 'Today (UTC)', hours: 'day' },
  { id: '24h', label: 'Last 24 hours', hours: 24 },
  { id: '7d', label: 'Last 7 days', hours: 7 * 24 },
  { id: '30d', label: 'Last 30 days', hours: 30 * 24 },
];

/** `from`/`to` of `GET /reports/campaigns` for a list range at `now`. */
export function listQuery(range: ListRange, now: number): { from: string; to: string } {
  const to = now - (now % HOUR_MS) + HOUR_MS;
  const from = range.hours === 'day' ? now - (now % DAY_MS) : to - range.hours * HOUR_MS;
  return { from: iso(from), to: iso(to) };
}

/**
 * `from`/`granularity` of `GET /reports/campaigns/{id}` for a chart of the last `range`: the start
 * is moved back to a bucket boundary, so the first bucket is whole.
 */
export function seriesQuery(
  range: SeriesRange,
  granularity: Granularity,
  now: number,
  periodSeconds: number,
): { from: string; granularity: Granularity } {
  const unit = bucketMs(granularity, periodSeconds);
  const start = now - range.ms;
  return { from: iso(start - (start % unit)), granularity };
}

/** How long one bucket of `granularity` is: a day, an hour, or the aggregation period. */
export function bucketMs(granularity: Granularity, periodSeconds: number): number {
  return granularity === 'day' ? DAY_MS : granularity === 'hour' ? HOUR_MS : periodSeconds * 1000;
}

/** ISO-8601 in whole seconds, as the reports API writes periods. */
export function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
