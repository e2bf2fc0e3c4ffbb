/**
 * The platform's Kinesis streams (SPEC.md §3, and `failed_events` of §7); local names, and the
 * suffix of the AWS names. Every stream lands in the lake as `raw_<name>` and `parquet_<name>`.
 */
export const STREAM_NAMES = ['bcns', 'impressions', 'clicks', 'aggregates', 'failed_events'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];
