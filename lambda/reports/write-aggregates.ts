import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import type { ICampaignRollups } from '../adapters/campaign-rollups.ts';
import type { IReportStore, PutOutcome } from '../adapters/report-store.ts';
import type { Aggregate } from '../domain/aggregation/aggregation-records.ts';
import { type MetricsSink, reportBatchPoints, SERVICES } from '../domain/ops/metrics.ts';
import { hourOfPeriod } from '../domain/reports/campaign-rollup.ts';
import { parseAggregate, toReportItem } from '../domain/reports/report-item.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { campaignRollupsFromEnv, reportStoreFromEnv } from './reports-config.ts';

export interface WriterOps {
  readonly logger: Log;
  readonly metrics: MetricsSink;
}

interface Entry {
  readonly aggregate: Aggregate;
  readonly sequenceNumber: string;
}

/**
 * Consumes `aggregates` into the report store, then brings the campaign rollups of each hour it
 * wrote up to date. Rows carry absolute counts and a version, and a write applies only if newer, so
 * batches may be retried, replayed or reordered freely. A record that is not an aggregate is logged
 * and skipped; a failed write or rollup refresh is reported as a batch item failure, and Lambda
 * retries from the earliest one (the retry's stale writes still refresh the rollups).
 */
export function createWriteAggregatesHandler(
  store: IReportStore,
  rollups: ICampaignRollups,
  now: () => Date = () => new Date(),
  { logger, metrics }: WriterOps = defaultOps(),
) {
  return async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
    let skipped = 0;
    // Only the newest version of each row in the batch needs writing.
    const newest = new Map<string, Entry>();
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
    // Rows of one campaign and hour are written first, then that hour's rollups are recomputed once.
    const hours = new Map<string, Entry[]>();
    for (const entry of newest.values()) {
      const { day, hour } = hourOfPeriod(entry.aggregate.period);
      const key = `${entry.aggregate.campaign_item_id}|${day}|${hour}`;
      hours.set(key, [...(hours.get(key) ?? []), entry]);
    }
    const outcomes: (PutOutcome | 'failed')[] = [];
    const failed: string[] = [];
    await Promise.all(
      [...hours.values()].map(async (entries) => {
        const results = await Promise.allSettled(
          entries.map(async ({ aggregate }) => store.putReport(toReportItem(aggregate, now()))),
        );
        results.forEach((result, i) => {
          if (result.status === 'fulfilled') {
            outcomes.push(result.value);
            return;
          }
          outcomes.push('failed');
          logger.error('Report write failed', result.reason as Error);
          failed.push((entries[i] as Entry).sequenceNumber);
        });
        // A failed write is retried, and its retry refreshes the whole hour.
        if (results.some((result) => result.status === 'rejected')) return;
        const { campaign_item_id, period } = (entries[0] as Entry).aggregate;
        const { day, hour } = hourOfPeriod(period);
        try {
          await rollups.refreshHour(campaign_item_id, day, hour);
        } catch (error) {
          logger.error('Campaign rollup refresh failed', error as Error);
          failed.push(...entries.map(({ sequenceNumber }) => sequenceNumber));
        }
      }),
    );
    metrics.record(
      reportBatchPoints({
        written: outcomes.filter((outcome) => outcome === 'applied').length,
        stale: outcomes.filter((outcome) => outcome === 'stale').length,
        skipped,
        failed: outcomes.filter((outcome) => outcome === 'failed').length,
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
  writeAggregates ??= createWriteAggregatesHandler(reportStoreFromEnv(), campaignRollupsFromEnv(), undefined, {
    logger: observability.logger,
    metrics: observability.sink,
  });
  return writeAggregates(event);
});
