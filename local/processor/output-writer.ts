import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { readAllRecords } from '../kinesis/read-stream.ts';
import type { ShardPositions } from '../streams/shard-reader.ts';
import type { PendingOutput } from './processor-store.ts';

const MAX_RECORDS = 500;
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * Puts outputs on their streams until every record is stored, retrying only the failed ones, and
 * reports the last sequence number written per shard.
 */
export async function writeOutputs(
  client: KinesisClient,
  outputs: readonly PendingOutput[],
  positions: Record<string, ShardPositions>,
): Promise<void> {
  const byStream = new Map<string, PendingOutput[]>();
  for (const output of outputs) {
    const items = byStream.get(output.stream);
    if (items) items.push(output);
    else byStream.set(output.stream, [output]);
  }
  for (const [stream, items] of byStream) {
    positions[stream] ??= {};
    for (const chunk of chunks(items)) await putChunk(client, stream, chunk, positions[stream] as ShardPositions);
  }
}

/**
 * After a crash, drops the pending outputs a stream already has: it reads what was written past
 * the saved positions (only this processor writes there) and matches records byte for byte.
 */
export async function unwrittenOutputs(
  client: KinesisClient,
  pending: readonly PendingOutput[],
  positions: Readonly<Record<string, ShardPositions>>,
): Promise<PendingOutput[]> {
  const written = new Map<string, number>();
  for (const stream of new Set(pending.map((output) => output.stream))) {
    for (const record of await readAllRecords(client, stream, positions[stream] ?? {})) {
      const key = `${stream}\n${record.data}`;
      written.set(key, (written.get(key) ?? 0) + 1);
    }
  }
  return pending.filter((output) => {
    const key = `${output.stream}\n${output.data}`;
    const count = written.get(key) ?? 0;
    if (count === 0) return true;
    written.set(key, count - 1);
    return false;
  });
}

async function putChunk(client: KinesisClient, stream: string, items: PendingOutput[], positions: ShardPositions) {
  let remaining = items;
  for (let attempt = 0; remaining.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
    const { Records = [] } = await client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: remaining.map((item) => ({ Data: Buffer.from(item.data), PartitionKey: item.partitionKey })),
      }),
    );
    const failed: PendingOutput[] = [];
    remaining.forEach((item, i) => {
      const result = Records[i];
      if (!result?.SequenceNumber || result.ErrorCode) failed.push(item);
      else if (result.ShardId && isAfter(result.SequenceNumber, positions[result.ShardId])) {
        positions[result.ShardId] = result.SequenceNumber;
      }
    });
    remaining = failed;
  }
}

function isAfter(sequenceNumber: string, than: string | undefined): boolean {
  return (
    than === undefined ||
    sequenceNumber.length > than.length ||
    (sequenceNumber.length === than.length && sequenceNumber > than)
  );
}

function chunks(items: PendingOutput[]): PendingOutput[][] {
  const result: PendingOutput[][] = [];
  let current: PendingOutput[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = item.data.length + item.partitionKey.length;
    if (current.length === MAX_RECORDS || (current.length > 0 && bytes + size > MAX_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
