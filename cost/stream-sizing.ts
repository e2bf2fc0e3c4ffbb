import { STREAM_NAMES, type StreamName } from '../lambda/domain/streams.ts';
import type { TrafficProfile, WorkloadAssumptions } from './traffic-profile.ts';

/*
 * Kinesis capacity: what each stream carries under a traffic profile, and the provisioned shards
 * that carry it. One shard takes 1 MiB/s or 1,000 records/s of writes and serves 2 MiB/s of reads
 * shared by its consumers (docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
 * Used by the cost model and by `sdp:shards: "auto"` in the CDK app, so both size alike.
 */

export const SHARD_WRITE_BYTES = 1024 * 1024;
export const SHARD_WRITE_RECORDS = 1000;
export const SHARD_READ_BYTES = 2 * 1024 * 1024;
/** On-demand streams start with 4 shards' capacity (4 MiB/s, 4,000 records/s of writes). */
export const ON_DEMAND_START_SHARDS = 4;
/** Capacity kept above the monthly average rate, for peaks and for catching up after a pause. */
export const SHARD_HEADROOM = 2;

export interface StreamRate {
  readonly recordsPerSecond: number;
  readonly bytesPerSecond: number;
}

/** Records and bytes per second on each stream, averaged over the month. */
export function streamRates(
  traffic: TrafficProfile,
  assumptions: WorkloadAssumptions,
  periodSeconds: number,
): Record<StreamName, StreamRate> {
  const events = traffic.eventsPerSecond;
  const bidsPerWindow = events * traffic.mix.bids * periodSeconds;
  const aggregates = (Math.min(traffic.campaigns, bidsPerWindow) * (1 + assumptions.correctionShare)) / periodSeconds;
  const rate = (recordsPerSecond: number, bytes: number) => ({
    recordsPerSecond,
    bytesPerSecond: recordsPerSecond * bytes,
  });
  return {
    bcns: rate(events, traffic.eventBytes),
    impressions: rate(events * traffic.mix.impressions, assumptions.impressionRecordBytes),
    clicks: rate(events * traffic.mix.clicks, assumptions.clickRecordBytes),
    aggregates: rate(aggregates, assumptions.aggregateRecordBytes),
    failed_events: rate(events * assumptions.failedEventShare, assumptions.failedEventRecordBytes),
  };
}

/** The fewest shards that carry `rate` with {@link SHARD_HEADROOM}, read by `consumers` shared-throughput readers. */
export function shardsFor(rate: StreamRate, consumers: number, headroom = SHARD_HEADROOM): number {
  const need = [
    (rate.bytesPerSecond * headroom) / SHARD_WRITE_BYTES,
    (rate.recordsPerSecond * headroom) / SHARD_WRITE_RECORDS,
    (rate.bytesPerSecond * Math.max(consumers, 1) * headroom) / SHARD_READ_BYTES,
  ];
  return Math.max(1, Math.ceil(Math.max(...need) - 1e-9));
}

/** The shards an on-demand stream runs on at `rate`: its starting four, or twice its peak writes. */
export function onDemandShards(rate: StreamRate): number {
  return Math.max(ON_DEMAND_START_SHARDS, shardsFor(rate, 1));
}

/** Every stream's provisioned shards for a profile, given how many consumers read each. */
export function provisionedShards(
  traffic: TrafficProfile,
  assumptions: WorkloadAssumptions,
  periodSeconds: number,
  consumers: Readonly<Record<StreamName, number>>,
): Record<StreamName, number> {
  const rates = streamRates(traffic, assumptions, periodSeconds);
  return Object.fromEntries(STREAM_NAMES.map((name) => [name, shardsFor(rates[name], consumers[name])])) as Record<
    StreamName,
    number
  >;
}
