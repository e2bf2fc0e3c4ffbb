import { parseInstant } from '../reports/report-query.ts';
import type { DriftSummary } from './report-drift.ts';
import type { ReplayRange } from './report-replay.ts';

const DAY_MS = 86_400_000;

/**
 * What a reconciliation run compares: the scheduled run the UTC day before the one it is scheduled
 * in (`{"scheduled_at": "<event time>"}`, from EventBridge), or an operator's range
 * (`{"from": "...", "to": "...", "apply": true}`, ISO-8601 or epoch seconds, as `sdp replay` takes).
 */
export interface ReconciliationInput {
  readonly scheduled_at?: string;
  readonly from?: string;
  readonly to?: string;
  readonly apply?: boolean;
}

export function reconciliationRange(input: ReconciliationInput): ReplayRange {
  if (input.from !== undefined || input.to !== undefined) {
    const fromMs = parseInstant(String(input.from));
    const toMs = parseInstant(String(input.to));
    if (fromMs === undefined || toMs === undefined || fromMs >= toMs) {
      throw new Error(
        `from and to must be ISO-8601 or epoch seconds with from before to, got ${JSON.stringify(input)}`,
      );
    }
    return { fromMs, toMs };
  }
  const at = Date.parse(input.scheduled_at ?? '');
  if (Number.isNaN(at)) throw new Error(`scheduled_at must be an ISO-8601 time, got ${JSON.stringify(input)}`);
  const today = Math.floor(at / DAY_MS) * DAY_MS;
  return { fromMs: today - DAY_MS, toMs: today };
}

/** The namespace and service dimension every platform metric uses. */
export const METRICS_NAMESPACE = 'StreamingDataPlatform';
export const RECONCILIATION_SERVICE = 'reconciliation';
export const DRIFT_METRICS = {
  windows: 'ReportWindowsReconciled',
  drifted: 'ReportDriftWindows',
  events: 'ReportDriftEvents',
  repaired: 'ReportWindowsRepaired',
} as const;

/**
 * The run's drift as one CloudWatch embedded-metric-format document: printed to the Lambda's log,
 * CloudWatch turns it into the metrics the drift alarm watches, with no PutMetricData call.
 */
export function driftMetrics(summary: DriftSummary, repaired: number, at: number): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['service']],
          Metrics: Object.values(DRIFT_METRICS).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    service: RECONCILIATION_SERVICE,
    [DRIFT_METRICS.windows]: summary.windows,
    [DRIFT_METRICS.drifted]: summary.drifted,
    [DRIFT_METRICS.events]: summary.events,
    [DRIFT_METRICS.repaired]: repaired,
  };
}
