import type { StreamName } from '../../lambda/domain/streams.ts';
import { DAYS_PER_MONTH, type LineContext, MIB, SECONDS_PER_MONTH } from '../cost-model.ts';
import type { FirehoseFacts, StreamFacts } from '../deployment.ts';
import { onDemandShards } from '../stream-sizing.ts';
import { HOURS_PER_MONTH } from '../templates.ts';

/** Bytes of JSON a stream lands in the lake a month, and what they become as gzip and as Parquet. */
export function lakeBytes(context: LineContext, stream: StreamName) {
  const json = context.volumes.records[stream] * context.volumes.recordBytes[stream];
  const { rawCompression, parquetCompression } = context.workload.assumptions;
  return { json, raw: json * rawCompression, parquet: json * parquetCompression };
}

/** Bytes of lake storage at steady state: raw for its lifecycle days, Parquet for the profile's retention. */
export function storedLakeBytes(context: LineContext, stream: StreamName) {
  const { raw, parquet } = lakeBytes(context, stream);
  const days = context.workload.traffic.retentionDays;
  const rawDays = Math.min(context.deployment.rawRetentionDays ?? days, days);
  return { raw: (raw * rawDays) / DAYS_PER_MONTH, parquet: (parquet * days) / DAYS_PER_MONTH };
}

/**
 * Objects a Firehose writes a month: a file each time its buffer fills or its interval passes, plus
 * one more an hour because a flush that spans an hour boundary writes one file per hour partition.
 */
export function firehoseObjects(context: LineContext, firehose: FirehoseFacts): number {
  const records = context.volumes.records[firehose.source];
  if (records === 0) return 0;
  const bytes = records * context.volumes.recordBytes[firehose.source];
  const flushes = Math.max(SECONDS_PER_MONTH / Math.max(firehose.bufferSeconds, 5), bytes / (firehose.bufferMiB * MIB));
  return flushes + HOURS_PER_MONTH;
}

/** The shards a stream runs on: its provisioned count, or what on-demand scales to for the rate. */
export function shardsOf(context: LineContext, stream: StreamFacts): number {
  if (stream.mode === 'PROVISIONED') return stream.shards ?? 1;
  const records = context.volumes.records[stream.name] / SECONDS_PER_MONTH;
  return onDemandShards({
    recordsPerSecond: records,
    bytesPerSecond: records * context.volumes.recordBytes[stream.name],
  });
}

/** The most records Lambda delivers in one batch from a stream: its batch size, within the 6 MB payload. */
const LAMBDA_PAYLOAD_BYTES = 6 * 1000 * 1000;

/**
 * Invocations a month of a function reading `stream` by an event source mapping, and the records of
 * each: every shard is polled once a second and invokes when its batch is full or its batching
 * window has passed.
 */
export function streamBatches(
  context: LineContext,
  stream: StreamName,
  batchSize: number,
  windowSeconds: number,
): { invocations: number; recordsPerInvocation: number } {
  const facts = context.deployment.streams.find((s) => s.name === stream);
  const records = context.volumes.records[stream];
  if (!facts || records === 0) return { invocations: 0, recordsPerInvocation: 0 };
  const shards = Math.min(shardsOf(context, facts), Math.ceil(records / SECONDS_PER_MONTH) || 1);
  const perShardPerSecond = records / SECONDS_PER_MONTH / shards;
  const batch = Math.max(
    1,
    Math.min(batchSize, Math.floor(LAMBDA_PAYLOAD_BYTES / context.volumes.recordBytes[stream])),
  );
  const interval = Math.max(1, Math.min(Math.max(windowSeconds, 1), batch / perShardPerSecond));
  const invocations = (shards * SECONDS_PER_MONTH) / interval;
  return { invocations, recordsPerInvocation: records / invocations };
}
