/** The platform's Kinesis streams (SPEC.md §3); local names, and the suffix of the AWS names. */
export const STREAM_NAMES = ['bcns', 'impressions', 'clicks', 'aggregates'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];
