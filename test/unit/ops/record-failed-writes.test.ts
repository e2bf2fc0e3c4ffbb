import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRecordFailedWritesHandler } from '../../../lambda/ops/record-failed-writes.ts';
import { recordingLog, recordingMetrics } from '../../helpers/recording-ops.ts';

const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/sdp-aggregates';
const NOW = Date.parse('2026-11-22T10:00:00Z');
const aggregate = (version: number) =>
  JSON.stringify({
    campaign_item_id: 7,
    period: '2026-11-22T09:59:00Z',
    bids: version,
    impressions: 0,
    clicks: 0,
    spend: 0,
    version,
  });

/** The message Lambda sends to a Kinesis event source mapping's on-failure destination. */
function dlqEvent(start: string, end: string): SQSEvent {
  const body = JSON.stringify({
    requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
    version: '1.0',
    KinesisBatchInfo: {
      shardId: 'shardId-000000000000',
      startSequenceNumber: start,
      endSequenceNumber: end,
      batchSize: 2,
      streamArn: STREAM_ARN,
    },
  });
  return { Records: [{ messageId: 'm-1', body } as SQSEvent['Records'][number]] };
}

describe('recording dead-lettered report writes', () => {
  const kinesis = mockClient(KinesisClient);
  beforeEach(() => kinesis.reset());

  const handler = (metrics = recordingMetrics()) =>
    createRecordFailedWritesHandler({
      kinesis: new KinesisClient({}),
      failedEventsStream: 'sdp-failed_events',
      now: () => NOW,
      logger: recordingLog(),
      metrics,
    });

  it('reads the named records back from aggregates and stores each as report_write_failed', async () => {
    // Prepare
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    kinesis.on(GetRecordsCommand).resolves({
      Records: [
        { SequenceNumber: '100', Data: Buffer.from(aggregate(1)), PartitionKey: '7' },
        { SequenceNumber: '101', Data: Buffer.from(aggregate(2)), PartitionKey: '7' },
        { SequenceNumber: '102', Data: Buffer.from(aggregate(3)), PartitionKey: '7' },
      ],
      NextShardIterator: 'it-2',
      MillisBehindLatest: 0,
    });
    kinesis.on(PutRecordsCommand).resolves({ Records: [{ SequenceNumber: '1' }, { SequenceNumber: '2' }] });
    const metrics = recordingMetrics();

    // Act
    const response = await handler(metrics)(dlqEvent('100', '101'));

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(kinesis.commandCalls(GetShardIteratorCommand)[0]?.args[0].input).toStrictEqual({
      StreamARN: STREAM_ARN,
      ShardId: 'shardId-000000000000',
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      StartingSequenceNumber: '100',
    });
    const put = kinesis.commandCalls(PutRecordsCommand)[0]?.args[0].input;
    expect(put?.StreamName).toBe('sdp-failed_events');
    expect(put?.Records?.map((r) => JSON.parse(Buffer.from(r.Data as Uint8Array).toString('utf8')))).toStrictEqual(
      [1, 2].map((version) => ({
        reason: 'report_write_failed',
        stage: 'reports',
        tx_id: null,
        type: 'aggregate',
        event_timestamp: null,
        event: aggregate(version),
        timestamp: NOW,
      })),
    );
    expect(metrics.totals()).toStrictEqual({ 'FailedEvents{"Reason":"report_write_failed"}': 2 });
  });

  it('stores the message itself when the records have left the stream', async () => {
    // Prepare
    kinesis
      .on(GetShardIteratorCommand)
      .rejects(Object.assign(new Error('trimmed'), { name: 'InvalidArgumentException' }));
    kinesis.on(PutRecordsCommand).resolves({ Records: [{ SequenceNumber: '1' }] });
    const event = dlqEvent('100', '101');

    // Act
    await handler()(event);

    // Assess
    const [record] = kinesis.commandCalls(PutRecordsCommand)[0]?.args[0].input.Records ?? [];
    expect(JSON.parse(Buffer.from(record?.Data as Uint8Array).toString('utf8')).event).toBe(event.Records[0]?.body);
  });

  it('fails only the message it could not record, so SQS retries it', async () => {
    // Prepare
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    kinesis.on(GetRecordsCommand).rejects(new Error('throttled'));

    // Act
    const response = await handler()(dlqEvent('100', '101'));

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(0);
  });
});
