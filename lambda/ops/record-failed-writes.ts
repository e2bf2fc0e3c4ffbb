import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type FailedEvent, failedEventPartitionKey, reportWriteFailed } from '../domain/failed-events/failed-event.ts';
import { failedEventPoints, type MetricsSink, SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { loadFailedWritesConfig } from './ops-config.ts';

/**
 * What Lambda sends to an event source mapping's on-failure destination for a Kinesis batch it gave
 * up on: where the records are, not the records
 * (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html).
 */
interface KinesisBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly streamArn: string;
}

export interface FailedWritesDeps {
  readonly kinesis: KinesisClient;
  readonly failedEventsStream: string;
  readonly now: () => number;
  readonly logger: Log;
  readonly metrics: MetricsSink;
}

/**
 * The reports writer's dead-letter queue, drained into `failed_events`: each message names a batch
 * of `aggregates` records the writer gave up on; they are read back from the stream and stored with
 * the reason `report_write_failed`. A batch already trimmed from the stream is stored as the message
 * itself, so the failure is never lost. A message that cannot be handled is retried (partial batch).
 */
export function createRecordFailedWritesHandler(deps: FailedWritesDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const message of event.Records) {
      try {
        const info = (JSON.parse(message.body) as { KinesisBatchInfo?: KinesisBatchInfo }).KinesisBatchInfo;
        if (!info) throw new Error('The message has no KinesisBatchInfo');
        const records = await readRange(deps.kinesis, info);
        const timestamp = deps.now();
        const failed =
          records.length > 0
            ? records.map((record) => reportWriteFailed(Buffer.from(record.Data ?? []).toString('utf8'), timestamp))
            : [reportWriteFailed(message.body, timestamp)];
        await putAll(deps.kinesis, deps.failedEventsStream, failed);
        deps.metrics.record(failedEventPoints('report_write_failed', failed.length));
        deps.logger.warn('Report writes sent to the dead-letter queue are now failed events', {
          ...info,
          records: records.length,
        });
      } catch (error) {
        deps.logger.error('Could not record a dead-lettered batch; it will be retried', error as Error);
        batchItemFailures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/** The records of one shard from `start` to `end` inclusive, reading until past `end` or the shard's tip. */
async function readRange(kinesis: KinesisClient, info: KinesisBatchInfo): Promise<_Record[]> {
  let iterator: string | undefined;
  try {
    ({ ShardIterator: iterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamARN: info.streamArn,
        ShardId: info.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: info.startSequenceNumber,
      }),
    ));
  } catch (error) {
    // Past the retention period the sequence number is gone: nothing left to read back.
    if ((error as Error).name === 'InvalidArgumentException') return [];
    throw error;
  }
  const end = BigInt(info.endSequenceNumber);
  const records: _Record[] = [];
  while (iterator) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, StreamARN: info.streamArn }));
    for (const record of page.Records ?? []) {
      if (BigInt(record.SequenceNumber ?? '0') > end) return records;
      records.push(record);
    }
    if ((page.Records ?? []).length === 0 && page.MillisBehindLatest === 0) return records;
    iterator = page.NextShardIterator;
  }
  return records;
}

async function putAll(kinesis: KinesisClient, streamName: string, failed: readonly FailedEvent[]): Promise<void> {
  for (let i = 0; i < failed.length; i += 500) {
    let pending = failed.slice(i, i + 500);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === 5) throw new Error(`${pending.length} failed events could not be put on ${streamName}`);
      const { Records = [] } = await kinesis.send(
        new PutRecordsCommand({
          StreamName: streamName,
          Records: pending.map((event) => ({
            Data: Buffer.from(JSON.stringify(event)),
            PartitionKey: failedEventPartitionKey(event),
          })),
        }),
      );
      pending = pending.filter((_, index) => Records[index]?.ErrorCode !== undefined);
    }
  }
}

const observability = lambdaObservability(SERVICES.failedWrites);
let recordFailedWrites: ReturnType<typeof createRecordFailedWritesHandler> | undefined;

export const handler = instrumented(observability, (event: SQSEvent) => {
  recordFailedWrites ??= createRecordFailedWritesHandler({
    kinesis: new KinesisClient({}),
    failedEventsStream: loadFailedWritesConfig().failedEventsStream,
    now: Date.now,
    logger: observability.logger,
    metrics: observability.sink,
  });
  return recordFailedWrites(event);
});
