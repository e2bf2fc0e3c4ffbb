import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CanaryProbe, probeFreshness } from '../../lambda/domain/ops/canary.ts';
import { canaryPoints, type MetricsSink } from '../../lambda/domain/ops/metrics.ts';
import type { Log } from '../../lambda/observability/log.ts';
import { reportRowReader } from '../../lambda/ops/canary-ports.ts';
import { ingestEvents } from '../ingest/ingest-events.ts';
import type { RecordBatcher } from '../ingest/record-batcher.ts';

export interface LocalCanaryOptions {
  readonly batcher: RecordBatcher;
  readonly dynamodb: DynamoDBDocumentClient;
  readonly reportTable: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly periodMs: number;
  readonly metrics: MetricsSink;
  readonly logger: Log;
}

export interface LocalCanary {
  /** The latest finished probe. */
  last(): CanaryProbe | undefined;
  stop(): Promise<void>;
}

/**
 * The freshness canary on the local platform: every interval a canary bid goes through the same
 * path as `POST /bid`, and the probe waits for its report row, as the Lambda does on AWS. Probes
 * overlap when a report takes longer than the interval.
 */
export function startLocalCanary(options: LocalCanaryOptions): LocalCanary {
  let last: CanaryProbe | undefined;
  let stopped = false;
  const running = new Set<Promise<void>>();
  const readRow = reportRowReader(options.dynamodb, options.reportTable);
  const probe = () => {
    const run = probeFreshness(
      {
        sendBid: async (bid, sentAt) => {
          const response = await ingestEvents('bid', JSON.stringify(bid), options.batcher, sentAt);
          if (response.statusCode !== 200)
            throw new Error(`the canary bid was refused: ${JSON.stringify(response.body)}`);
        },
        readRow,
        // Stopping ends a probe at its next poll: past any deadline, it returns (and is not recorded).
        now: () => (stopped ? Number.POSITIVE_INFINITY : Date.now()),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      },
      { periodMs: options.periodMs, timeoutMs: options.timeoutMs, pollMs: 250 },
    )
      .then((result) => {
        if (stopped) return;
        last = result;
        options.metrics.record(canaryPoints(result.latencyMs));
        if (result.latencyMs === undefined)
          options.logger.warn('Canary bid did not reach its report row in time', { ...result });
      })
      .catch((error) => options.logger.error('Canary probe failed', error as Error))
      .finally(() => running.delete(run));
    running.add(run);
  };
  const timer = setInterval(probe, options.intervalMs);
  timer.unref();
  probe();
  return {
    last: () => last,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.all(running);
    },
  };
}
