import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import type { IReportStore } from '../adapters/report-store.ts';
import type { Aggregate } from '../domain/aggregation/aggregation-records.ts';
import { parseAggregate, toReportItem } from '../domain/reports/report-item.ts';
import { reportStoreFromEnv } from './reports-config.ts';

/**
 * Consumes `aggregates` into the report store. Rows carry absolute counts and a version, and a
 * write applies only if newer, so batches may be retried, replayed or reordered freely. A record
 * that is not an aggregate is logged and skipped; a failed write is reported as a batch item
 * failure, and Lambda retries from the earliest one.
 */
export function createWriteAggregatesHandler(store: IReportStore, now: () => Date = () => new Date()) {
  return async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
    // Only the newest version of each row in the batch needs writing.
    const newest = new Map<string, { aggregate: Aggregate; sequenceNumber: string }>();
    for (const record of event.Records) {
      const data = Buffer.from(record.kinesis.data, 'base64').toString('utf8');
      const aggregate = parseAggregate(data);
      if (!aggregate) {
        console.warn('Skipping a record that is not an aggregate', {
          sequenceNumber: record.kinesis.sequenceNumber,
          data,
        });
        continue;
      }
      const key = `${aggregate.campaign_item_id}|${aggregate.period}`;
      const seen = newest.get(key);
      if (!seen || seen.aggregate.version < aggregate.version) {
        newest.set(key, { aggregate, sequenceNumber: record.kinesis.sequenceNumber });
      }
    }
    const results = await Promise.allSettled(
      [...newest.values()].map(async ({ aggregate }) => store.putReport(toReportItem(aggregate, now()))),
    );
    const failed = [...newest.values()]
      .filter((_, i) => results[i]?.status === 'rejected')
      .map(({ sequenceNumber }) => sequenceNumber);
    for (const result of results) if (result.status === 'rejected') console.error('Report write failed', result.reason);
    const earliest = failed.sort(compareSequenceNumbers)[0];
    return { batchItemFailures: earliest ? [{ itemIdentifier: earliest }] : [] };
  };
}

/** Kinesis sequence numbers are decimal strings longer than a double's precision. */
function compareSequenceNumbers(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

export const handler = (event: KinesisStreamEvent) => createWriteAggregatesHandler(reportStoreFromEnv())(event);
