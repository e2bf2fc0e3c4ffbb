import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { Aggregate } from '../../lambda/domain/aggregation/aggregation-records.ts';

/** When the records were put on the stream (their approximate arrival time). */
const ARRIVED = Date.UTC(2026, 10, 22, 10, 15, 14);

/** A realistic aggregate; `version` follows the counts, as the processor computes it. */
export function aggregate(overrides: Partial<Omit<Aggregate, 'version'>> = {}): Aggregate {
  const counts = { campaign_item_id: 1463517, period: '2026-11-22T10:15:00Z', bids: 12, impressions: 5, clicks: 2 };
  const merged = { ...counts, spend: 4_900_000, ...overrides };
  return { ...merged, version: merged.bids + merged.impressions + merged.clicks };
}

/** A Kinesis sequence number: 56 decimal digits, like the real ones, ordered by `n`. */
export const sequenceNumber = (n: number) =>
  `4959033827149025660855969253836157109592157598913${String(n).padStart(7, '0')}`;

/** The event a Kinesis event source mapping passes, one record per entry (data as given or as JSON). */
export function kinesisEvent(entries: { data: string | Aggregate; sequenceNumber?: string }[]): KinesisStreamEvent {
  return {
    Records: entries.map(
      (entry, i): KinesisStreamRecord => ({
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: typeof entry.data === 'string' ? 'poison' : String(entry.data.campaign_item_id),
          sequenceNumber: entry.sequenceNumber ?? sequenceNumber(i + 1),
          data: Buffer.from(typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data)).toString(
            'base64',
          ),
          approximateArrivalTimestamp: ARRIVED / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${entry.sequenceNumber ?? sequenceNumber(i + 1)}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::123456789012:role/reports-writer',
        awsRegion: 'eu-west-1',
        eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/aggregates',
      }),
    ),
  };
}
