import type { FailedEventReason } from '../failed-events/failed-event.ts';
import type { ModelMetrics } from '../ml/model-gate.ts';

/**
 * The platform's business metrics: one definition each, used by the Lambdas (CloudWatch EMF through
 * Powertools Metrics), the local platform (`GET /metrics`, prom-client) and the dashboard and alarms
 * (lib/observability). The names are the same everywhere.
 */
export const METRICS_NAMESPACE = 'StreamingDataPlatform';

export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds' | 'None';

export interface MetricDefinition {
  readonly name: string;
  readonly unit: MetricUnit;
  /** One line for `/metrics`' HELP and the dashboard's legends. */
  readonly help: string;
  /** Counts add up (a Prometheus counter); anything else is the latest value (a gauge). */
  readonly kind: 'counter' | 'gauge';
}

const counter = (name: string, help: string): MetricDefinition => ({ name, unit: 'Count', help, kind: 'counter' });
const gauge = (name: string, unit: MetricUnit, help: string): MetricDefinition => ({ name, unit, help, kind: 'gauge' });

export const METRICS = {
  reportRowsWritten: counter('ReportRowsWritten', 'Aggregates applied to the report table'),
  reportStaleWrites: counter('ReportStaleWrites', 'Aggregates skipped: the table already had that version or newer'),
  reportRecordsSkipped: counter('ReportRecordsSkipped', 'aggregates records that were not aggregates'),
  reportWriteErrors: counter('ReportWriteErrors', 'Report writes that failed and are retried'),
  compactionRuns: counter('CompactionRuns', 'Compaction runs that ran'),
  compactionSkipped: counter('CompactionSkipped', 'Compaction runs skipped: another run held the lock'),
  compactionFailures: counter('CompactionFailures', 'Compaction runs that failed (the lake is unchanged)'),
  compactionPartitions: counter('CompactionPartitions', 'Partitions compacted'),
  compactionFilesMerged: counter('CompactionFilesMerged', 'Small files merged into compacted files'),
  compactionRowsMerged: counter('CompactionRowsMerged', 'Rows in the merged files, verified before the swap'),
  compactionFilesDeleted: counter('CompactionFilesDeleted', 'Retired files deleted after the grace period'),
  candidateAuc: gauge('CandidateAuc', 'None', 'Holdout AUC of the latest candidate model'),
  candidateLogLoss: gauge('CandidateLogLoss', 'None', 'Holdout log loss of the latest candidate model'),
  servingAuc: gauge('ServingAuc', 'None', 'Holdout AUC of the serving model on the same holdout'),
  servingLogLoss: gauge('ServingLogLoss', 'None', 'Holdout log loss of the serving model on the same holdout'),
  modelsPromoted: counter('ModelsPromoted', 'Candidates the gate accepted'),
  modelsRejected: counter('ModelsRejected', 'Candidates the gate rejected'),
  predictionsServed: counter('PredictionsServed', 'Bids scored by POST /predictions'),
  modelAge: gauge('ModelAgeSeconds', 'Seconds', 'Age of the model that served the latest prediction'),
  canaryLatency: gauge('CanaryLatency', 'Milliseconds', 'Freshness canary: its bid sent to its report row written'),
  canaryMisses: counter('CanaryMisses', 'Canary bids whose report row did not appear in time'),
  failedEvents: counter('FailedEvents', 'Records refused after ingestion, by reason'),
} as const satisfies Record<string, MetricDefinition>;

/** One value to record; dimensions become CloudWatch dimensions and Prometheus labels. */
export interface MetricPoint {
  readonly metric: MetricDefinition;
  readonly value: number;
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** Where a stage records its points: EMF on AWS, prom-client locally, an array in tests. */
export interface MetricsSink {
  record(points: readonly MetricPoint[]): void;
}

/** Powertools' `service` dimension of each Lambda's metrics, which the dashboard names too. */
export const SERVICES = {
  reportsWriter: 'reports-writer',
  reportsApi: 'reports-api',
  compaction: 'compaction',
  fileRegistration: 'file-registration',
  retraining: 'retraining',
  predictions: 'predictions',
  canary: 'freshness-canary',
  failedWrites: 'failed-report-writes',
} as const;

export const point = (metric: MetricDefinition, value: number, dimensions?: Record<string, string>): MetricPoint =>
  dimensions ? { metric, value, dimensions } : { metric, value };

/** What one reports-writer batch did. */
export function reportBatchPoints(outcome: {
  written: number;
  stale: number;
  skipped: number;
  failed: number;
}): MetricPoint[] {
  return [
    point(METRICS.reportRowsWritten, outcome.written),
    point(METRICS.reportStaleWrites, outcome.stale),
    point(METRICS.reportRecordsSkipped, outcome.skipped),
    point(METRICS.reportWriteErrors, outcome.failed),
  ];
}

/** The result of one compaction run (lambda/lake/run-compaction.ts), or its failure. */
export type CompactionOutcome =
  | {
      readonly ran: true;
      readonly compacted: readonly { inputs: number; rows: number }[];
      readonly deleted: number;
    }
  | { readonly ran: false }
  | { readonly failed: true };

export function compactionPoints(outcome: CompactionOutcome): MetricPoint[] {
  if ('failed' in outcome) return [point(METRICS.compactionFailures, 1)];
  if (!outcome.ran) return [point(METRICS.compactionSkipped, 1)];
  const sum = (pick: (p: { inputs: number; rows: number }) => number) =>
    outcome.compacted.reduce((total, partition) => total + pick(partition), 0);
  return [
    point(METRICS.compactionRuns, 1),
    point(METRICS.compactionPartitions, outcome.compacted.length),
    point(
      METRICS.compactionFilesMerged,
      sum((p) => p.inputs),
    ),
    point(
      METRICS.compactionRowsMerged,
      sum((p) => p.rows),
    ),
    point(METRICS.compactionFilesDeleted, outcome.deleted),
  ];
}

/** A candidate's holdout metrics, the serving model's on the same holdout (if any), and the gate's decision. */
export function evaluationPoints(
  candidate: ModelMetrics,
  serving: ModelMetrics | null,
  accept: boolean,
): MetricPoint[] {
  return [
    point(METRICS.candidateAuc, candidate.auc),
    point(METRICS.candidateLogLoss, candidate.logLoss),
    ...(serving ? [point(METRICS.servingAuc, serving.auc), point(METRICS.servingLogLoss, serving.logLoss)] : []),
    point(accept ? METRICS.modelsPromoted : METRICS.modelsRejected, 1),
  ];
}

/** One answered predictions request: the bids scored and, if known, how old the serving model is. */
export function predictionPoints(scored: number, modelAgeSeconds: number | undefined): MetricPoint[] {
  return [
    point(METRICS.predictionsServed, scored),
    ...(modelAgeSeconds === undefined ? [] : [point(METRICS.modelAge, modelAgeSeconds)]),
  ];
}

/** One canary probe: its end-to-end latency, or a miss. */
export function canaryPoints(latencyMs: number | undefined): MetricPoint[] {
  return latencyMs === undefined ? [point(METRICS.canaryMisses, 1)] : [point(METRICS.canaryLatency, latencyMs)];
}

export function failedEventPoints(reason: FailedEventReason, count: number): MetricPoint[] {
  return [point(METRICS.failedEvents, count, { Reason: reason })];
}
