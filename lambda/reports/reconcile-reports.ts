import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IReportStore } from '../adapters/report-store.ts';
import { replaceShadowWindows, scanWindows } from '../adapters/report-windows.ts';
import type { AggregationConfig } from '../domain/aggregation/aggregation-config.ts';
import type { Aggregate } from '../domain/aggregation/aggregation-records.ts';
import { formatPeriod } from '../domain/aggregation/aggregation-records.ts';
import {
  type DriftSummary,
  repairItem,
  reportDrift,
  stillOpen,
  summarizeDrift,
  type WindowDrift,
} from '../domain/lifecycle/report-drift.ts';
import type { ReplayRange } from '../domain/lifecycle/report-replay.ts';

export interface ReportTables {
  readonly client: DynamoDBDocumentClient;
  readonly live: string;
  readonly shadow: string;
  /** The versioned writer of the live table, which repairs go through. */
  readonly store: IReportStore;
}

export interface ReconcileOptions {
  readonly tables: ReportTables;
  readonly config: AggregationConfig;
  readonly outOfOrdernessMs: number;
  readonly range: ReplayRange;
  /** What the replay recomputed for the range. */
  readonly replayed: readonly Aggregate[];
  /** Write the differences to the live table. */
  readonly apply: boolean;
  readonly now: () => number;
  /** When the shadow rows expire (DynamoDB TTL, epoch seconds); kept when absent. */
  readonly shadowExpiresAt?: number;
}

export interface Reconciliation {
  readonly drifts: WindowDrift[];
  readonly summary: DriftSummary;
  /** Windows written to the live table (with `apply`). */
  readonly applied: number;
  /** Drifted windows left alone because the stream may still correct them. */
  readonly open: number;
}

/**
 * Writes the replayed windows of a range to the shadow table, compares the live table with it,
 * and with `apply` writes each drifted window whose correction horizon has passed to the live
 * table through the versioned writer. Locally `sdp replay` runs it; on AWS the reconciliation.
 */
export async function reconcileReports(options: ReconcileOptions): Promise<Reconciliation> {
  const { tables, range, replayed } = options;
  const from = formatPeriod(range.fromMs);
  const to = formatPeriod(range.toMs);
  await replaceShadowWindows(tables.client, tables.shadow, from, to, replayed, options.shadowExpiresAt);
  const shadow = await scanWindows(tables.client, tables.shadow, from, to);
  const live = await scanWindows(tables.client, tables.live, from, to);
  const drifts = reportDrift(shadow, live);
  const open = drifts.filter((d) => stillOpen(d.period, options.config, options.outOfOrdernessMs, options.now()));
  let applied = 0;
  if (options.apply) {
    for (const drift of drifts) {
      if (open.includes(drift)) continue;
      if ((await tables.store.putReport(repairItem(drift, new Date(options.now())))) === 'applied') applied++;
    }
  }
  return { drifts, summary: summarizeDrift(shadow, live, drifts), applied, open: open.length };
}
