import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { ShardReader } from '../streams/shard-reader.ts';

export interface ReadRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: string;
  /** When the stream stored the record (ApproximateArrivalTimestamp), epoch ms: its lake partition. */
  readonly arrival: number;
}

/**
 * Reads every record currently in a stream, shard by shard, from the oldest or from after the
 * given positions (for checks, benchmarks and crash recovery).
 */
export async function readAllRecords(
  client: KinesisClient,
  streamName: string,
  after: Readonly<Record<string, string>> = {},
): Promise<ReadRecord[]> {
  const reader = new ShardReader(client, streamName, { ...after }, 10_000);
  const byShard = new Map<string, ReadRecord[]>();
  for (let read = -1; read !== 0; ) {
    read = 0;
    for (const batch of await reader.read()) {
      const records = byShard.get(batch.shardId) ?? [];
      byShard.set(batch.shardId, records);
      for (const record of batch.records) {
        records.push({
          shardId: batch.shardId,
          sequenceNumber: record.SequenceNumber as string,
          partitionKey: record.PartitionKey as string,
          data: Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
          arrival: record.ApproximateArrivalTimestamp?.getTime() ?? Number.NaN,
        });
      }
      read += batch.records.length;
    }
  }
  return [...byShard.values()].flat();
}
