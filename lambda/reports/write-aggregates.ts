import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import type { IReportStore } from '../adapters/report-store.ts';
import type { Aggregate } from '../domain/aggregation/aggregation-records.ts';
import { type MetricsSink, reportBatchPoints, SERVICES } from '../domain/ops/metrics.ts';
import { parseAggregate, toReportItem } from '../domain/reports/report-item.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { reportStoreFromEnv } from './reports-config.ts';

export interface WriterOps {
  readonly logger: Log;
  readonly metrics: MetricsSink;
}

/**
 * Consumes `aggregates` into the report store. Rows carry absolute counts and a version, and a
 * write applies only if newer, so batches may be retried, replayed or reordered freely. A record
 * that is not an aggregate is logged and skipped; a failed write is reported as a batch item
 * failure, and Lambda retries from the earliest one.
 */
export function createWriteAggregatesHandler(
  store: IReportStore,
  now: () => Date = () => new Date(),
  { logger, metrics }: WriterOps = defaultOps(),
) {
  return async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
    let skipped = 0;
    // Only the newest version of each row in the batch needs writing.
    const newest = new Map<string, { aggregate: Aggregate; sequenceNumber: string }>();
    for (const record of event.Records) {
      const data = Buffer.from(record.kinesis.data, 'base64').toString('utf8');
      const aggregate = parseAggregate(data);
      if (!aggregate) {
        skipped++;
        logger.warn('Skipping a record that is not an aggregate', {
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
    for (const result of results) {
      if (result.status === 'rejected') logger.error('Report write failed', result.reason as Error);
    }
    const outcomes = results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed'));
    metrics.record(
      reportBatchPoints({
        written: outcomes.filter((outcome) => outcome === 'applied').length,
        stale: outcomes.filter((outcome) => outcome === 'stale').length,
        skipped,
        failed: failed.length,
      }),
    );
    const earliest = failed.sort(compareSequenceNumbers)[0];
    return { batchItemFailures: earliest ? [{ itemIdentifier: earliest }] : [] };
  };
}

/** Kinesis sequence numbers are decimal strings longer than a double's precision. */
function compareSequenceNumbers(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

function defaultOps(): WriterOps {
  const { logger, sink } = lambdaObservability(SERVICES.reportsWriter);
  return { logger, metrics: sink };
}

const observability = lambdaObservability(SERVICES.reportsWriter);
let writeAggregates: ReturnType<typeof createWriteAggregatesHandler> | undefined;

export const handler = instrumented(observability, (event: KinesisStreamEvent) => {
  writeAggregates ??= createWriteAggregatesHandler(reportStoreFromEnv(), undefined, {
    logger: observability.logger,
    metrics: observability.sink,
  });
  return writeAggregates(event);
});
