import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  canaryPoints,
  compactionPoints,
  evaluationPoints,
  failedEventPoints,
  METRICS,
  METRICS_NAMESPACE,
  predictionPoints,
  reportBatchPoints,
} from '../../../lambda/domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../../../lambda/observability/lambda-observability.ts';

const names = (points: { metric: { name: string }; value: number }[]) =>
  points.map(({ metric, value }) => [metric.name, value]);

describe('business metric points', () => {
  it('counts a report batch: rows written, stale writes, skipped records, failed writes', () => {
    expect(names(reportBatchPoints({ written: 5, stale: 2, skipped: 1, failed: 3 }))).toStrictEqual([
      ['ReportRowsWritten', 5],
      ['ReportStaleWrites', 2],
      ['ReportRecordsSkipped', 1],
      ['ReportWriteErrors', 3],
    ]);
  });

  it.each([
    {
      name: 'a run that merged two partitions',
      outcome: {
        ran: true as const,
        compacted: [
          { inputs: 12, rows: 1_000 },
          { inputs: 3, rows: 20 },
        ],
        deleted: 7,
      },
      expected: [
        ['CompactionRuns', 1],
        ['CompactionPartitions', 2],
        ['CompactionFilesMerged', 15],
        ['CompactionRowsMerged', 1_020],
        ['CompactionFilesDeleted', 7],
      ],
    },
    {
      name: 'a run another run held the lock for',
      outcome: { ran: false as const },
      expected: [['CompactionSkipped', 1]],
    },
    { name: 'a failed run', outcome: { failed: true as const }, expected: [['CompactionFailures', 1]] },
  ])('measures compaction: $name', ({ outcome, expected }) => {
    expect(names(compactionPoints(outcome))).toStrictEqual(expected);
  });

  it('records the candidate’s and the serving model’s holdout metrics and the gate decision', () => {
    expect(names(evaluationPoints({ auc: 0.71, logLoss: 0.52 }, { auc: 0.7, logLoss: 0.53 }, true))).toStrictEqual([
      ['CandidateAuc', 0.71],
      ['CandidateLogLoss', 0.52],
      ['ServingAuc', 0.7],
      ['ServingLogLoss', 0.53],
      ['ModelsPromoted', 1],
    ]);
    expect(names(evaluationPoints({ auc: 0.6, logLoss: 0.7 }, null, false))).toStrictEqual([
      ['CandidateAuc', 0.6],
      ['CandidateLogLoss', 0.7],
      ['ModelsRejected', 1],
    ]);
  });

  it('records predictions served, the model age when known, the canary and failed events by reason', () => {
    expect(names(predictionPoints(3, 120))).toStrictEqual([
      ['PredictionsServed', 3],
      ['ModelAgeSeconds', 120],
    ]);
    expect(names(predictionPoints(1, undefined))).toStrictEqual([['PredictionsServed', 1]]);
    expect(names(canaryPoints(4_200))).toStrictEqual([['CanaryLatency', 4_200]]);
    expect(names(canaryPoints(undefined))).toStrictEqual([['CanaryMisses', 1]]);
    expect(failedEventPoints('report_write_failed', 2)).toStrictEqual([
      { metric: METRICS.failedEvents, value: 2, dimensions: { Reason: 'report_write_failed' } },
    ]);
  });

  it('names every metric once', () => {
    const all = Object.values(METRICS).map((metric) => metric.name);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('EMF through Powertools Metrics', () => {
  let printed: string[];
  beforeEach(() => {
    // Powertools prints to the global console, with metrics on, in dev mode.
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    printed = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => {
      printed.push(line);
    });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  const emf = () =>
    printed.map((line) => JSON.parse(line) as { _aws: { CloudWatchMetrics: unknown[] } } & Record<string, unknown>);

  it('publishes a handler’s points in the platform namespace with its service, after each invocation', async () => {
    // Prepare
    const observability = lambdaObservability('reports-writer');
    const handler = instrumented(observability, async (written: number) => {
      observability.sink.record(reportBatchPoints({ written, stale: 1, skipped: 0, failed: 0 }));
      return written;
    });

    // Act
    await handler(4);

    // Assess
    const batch = emf().find((line) => 'ReportRowsWritten' in line);
    expect(batch?._aws.CloudWatchMetrics).toStrictEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['service']],
        Metrics: [
          { Name: 'ReportRowsWritten', Unit: 'Count' },
          { Name: 'ReportStaleWrites', Unit: 'Count' },
          { Name: 'ReportRecordsSkipped', Unit: 'Count' },
          { Name: 'ReportWriteErrors', Unit: 'Count' },
        ],
      },
    ]);
    expect(batch).toMatchObject({
      service: 'reports-writer',
      ReportRowsWritten: 4,
      ReportStaleWrites: 1,
      ReportRecordsSkipped: 0,
      ReportWriteErrors: 0,
    });
  });

  it('sends a point with its own dimensions as a single metric carrying them', () => {
    // Prepare
    const { sink } = lambdaObservability('failed-report-writes');

    // Act
    sink.record(failedEventPoints('report_write_failed', 2));

    // Assess
    const [single] = emf();
    expect(single?._aws.CloudWatchMetrics).toStrictEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['service', 'Reason']],
        Metrics: [{ Name: 'FailedEvents', Unit: 'Count' }],
      },
    ]);
    expect(single).toMatchObject({ FailedEvents: 2, Reason: 'report_write_failed', service: 'failed-report-writes' });
  });

  it('publishes what was recorded before an invocation failed, and rethrows', async () => {
    // Prepare
    const observability = lambdaObservability('compaction');
    const handler = instrumented(observability, async () => {
      observability.sink.record(compactionPoints({ failed: true }));
      throw new Error('S3 is down');
    });

    // Act
    const outcome = handler(undefined);

    // Assess
    await expect(outcome).rejects.toThrow('S3 is down');
    expect(emf().at(-1)).toMatchObject({ CompactionFailures: 1, service: 'compaction' });
  });
});
