import { type KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { REPORT_KEYS } from '../adapters/report-store.ts';
import type { ClientEvent } from '../domain/events.ts';
import type { CanaryRow } from '../domain/ops/canary.ts';
import { toStreamRecord } from '../domain/stream-records.ts';

/**
 * Puts the canary bid on `bcns` as the ingestion API's mapping template would (the same record
 * bytes, the server's type and receive time), so it travels every stage a client's bid does.
 */
export function kinesisBidSender(client: KinesisClient, streamName: string) {
  return async (bid: ClientEvent<'bid'>, sentAt: number): Promise<void> => {
    const record = toStreamRecord('bid', bid, sentAt);
    await client.send(
      new PutRecordCommand({
        StreamName: streamName,
        Data: Buffer.from(record.data),
        PartitionKey: record.partitionKey,
      }),
    );
  };
}

/** Reads one report row's count and write time: a GetItem, never a scan. */
export function reportRowReader(client: DynamoDBDocumentClient, tableName: string) {
  return async (campaignItemId: number, period: string): Promise<CanaryRow | undefined> => {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { [REPORT_KEYS.partitionKey]: campaignItemId, [REPORT_KEYS.sortKey]: period },
        ProjectionExpression: 'bids, updated_at',
        ConsistentRead: true,
      }),
    );
    return Item as CanaryRow | undefined;
  };
}
