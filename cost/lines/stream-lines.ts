import { type LineContext, type LineItem, line, SECONDS_PER_MONTH } from '../cost-model.ts';
import type { StreamFacts } from '../deployment.ts';
import { PRICES } from '../price-table.ts';
import { SHARD_READ_BYTES, SHARD_WRITE_BYTES, SHARD_WRITE_RECORDS } from '../stream-sizing.ts';
import { HOURS_PER_MONTH } from '../templates.ts';
import { labelled, roundedGiB } from './line-helpers.ts';

const KIB = 1024;
const PAYLOAD_UNIT = 25 * 1024;

/**
 * Kinesis Data Streams. On demand: the per-stream hour, GB written and GB read by each
 * shared-throughput consumer (records rounded up to 1 KiB). Provisioned: shard-hours and 25 KB PUT
 * payload units, reads included. Both: retention beyond 24 hours.
 */
export function streamLines(context: LineContext): LineItem[] {
  return context.deployment.streams.flatMap((stream) => {
    const records = context.volumes.records[stream.name];
    const bytes = context.volumes.recordBytes[stream.name];
    const ref = labelled(stream, 'Kinesis Data Streams', `${stream.name} stream`);
    if (stream.retentionHours > 168) {
      throw new Error(
        `Stream ${stream.name} keeps data ${stream.retentionHours} hours; the price table stops at 7 days (168)`,
      );
    }
    const extraHours = Math.max(stream.retentionHours - 24, 0);
    if (stream.mode === 'ON_DEMAND') {
      const written = roundedGiB(records, bytes, KIB);
      return [
        line(ref, 'stream-hours (on-demand)', HOURS_PER_MONTH, 'stream-hours', PRICES.kinesis.onDemandStreamHour.usd),
        line(ref, 'GB written (1 KiB rounding)', written, 'GB', PRICES.kinesis.onDemandIngestGB.usd),
        line(
          ref,
          `GB read by ${stream.consumers} consumer${stream.consumers === 1 ? '' : 's'}`,
          written * stream.consumers,
          'GB',
          PRICES.kinesis.onDemandRetrievalGB.usd,
        ),
        line(
          ref,
          `GB-months kept beyond 24 h (${stream.retentionHours} h retention)`,
          (written * extraHours) / HOURS_PER_MONTH,
          'GB-month',
          PRICES.kinesis.onDemandExtendedRetentionGBMonth.usd,
        ),
      ];
    }
    warnIfShort(context, stream, records / SECONDS_PER_MONTH, (records * bytes) / SECONDS_PER_MONTH);
    const shards = stream.shards ?? 1;
    return [
      line(
        ref,
        `shard-hours (${shards} provisioned)`,
        shards * HOURS_PER_MONTH,
        'shard-hours',
        PRICES.kinesis.shardHour.usd,
      ),
      line(
        ref,
        'PUT payload units (25 KB each)',
        (records * Math.ceil(bytes / PAYLOAD_UNIT)) / 1e6,
        'million units',
        PRICES.kinesis.putPayloadUnits.usd,
      ),
      line(
        ref,
        `extended retention (${stream.retentionHours} h)`,
        extraHours > 0 ? shards * HOURS_PER_MONTH : 0,
        'shard-hours',
        PRICES.kinesis.extendedRetentionShardHour.usd,
      ),
    ];
  });
}

/** Provisioned shards too few for the average rate: writes or reads would be throttled. */
function warnIfShort(context: LineContext, stream: StreamFacts, recordsPerSecond: number, bytesPerSecond: number) {
  const shards = stream.shards ?? 1;
  const needs = [
    [recordsPerSecond / SHARD_WRITE_RECORDS, 'records written'],
    [bytesPerSecond / SHARD_WRITE_BYTES, 'bytes written'],
    [(bytesPerSecond * stream.consumers) / SHARD_READ_BYTES, `bytes read by ${stream.consumers} consumer(s)`],
  ] as const;
  const short = needs.filter(([need]) => need > shards).map(([need, what]) => `${Math.ceil(need)} for its ${what}`);
  if (short.length > 0) {
    context.warn(
      `${stream.name} has ${shards} provisioned shard(s); the average traffic alone needs ${short.join(', ')}: it would be throttled`,
    );
  }
}
