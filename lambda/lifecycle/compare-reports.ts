import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbReportStore } from '../adapters/report-store.ts';
import { type AggregationSettings, aggregationConfig } from '../domain/aggregation/aggregation-config.ts';
import type { Aggregate } from '../domain/aggregation/aggregation-records.ts';
import { replayShardKey } from '../domain/lifecycle/lifecycle-layout.ts';
import { driftMetrics, type ReconciliationInput, reconciliationRange } from '../domain/lifecycle/reconciliation.ts';
import type { DriftSummary } from '../domain/lifecycle/report-drift.ts';
import { mergeShards } from '../domain/lifecycle/report-replay.ts';
import { lakeStoreFromEnv } from '../lake/lake-config.ts';
import type { ObjectStore } from '../lake/object-store.ts';
import { type ReportTables, reconcileReports } from '../reports/reconcile-reports.ts';
import { aggregationSettingsEnv, numberEnv, requiredEnv } from './lifecycle-config.ts';

export interface CompareReportsInput {
  readonly run_id: string;
  readonly input: ReconciliationInput;
  readonly shards: number;
}

export interface CompareReportsResult extends DriftSummary {
  readonly from: string;
  readonly to: string;
  readonly applied: number;
  /** Drifted windows the stream may still correct (a range reaching into the last minutes). */
  readonly open: number;
}

export interface CompareReportsDeps {
  readonly store: ObjectStore;
  readonly tables: ReportTables;
  readonly settings: AggregationSettings;
  readonly outOfOrdernessMs: number;
  readonly shadowTtlDays: number;
  readonly now?: () => number;
  /** Where the metrics document goes; the Lambda's log, which CloudWatch reads EMF from. */
  readonly emit?: (document: Record<string, unknown>) => void;
}

/**
 * The reconciliation's last step: adds up the shards' windows, writes them to the shadow table,
 * compares the live report table with it, repairs the drifted windows when asked (`apply`), and
 * publishes the drift as metrics the drift alarm watches. The shards' files are removed after.
 */
export function createCompareReportsHandler(deps: CompareReportsDeps) {
  const now = deps.now ?? Date.now;
  const emit = deps.emit ?? ((document) => console.log(JSON.stringify(document)));
  return async (event: CompareReportsInput): Promise<CompareReportsResult> => {
    const range = reconciliationRange(event.input);
    const shards: Aggregate[][] = [];
    for (let shard = 0; shard < event.shards; shard++) {
      const object = await deps.store.getText(replayShardKey(event.run_id, shard));
      if (!object) throw new Error(`The replay of shard ${shard} of run ${event.run_id} is missing`);
      shards.push(JSON.parse(object.body) as Aggregate[]);
    }
    const result = await reconcileReports({
      tables: deps.tables,
      config: aggregationConfig(deps.settings),
      outOfOrdernessMs: deps.outOfOrdernessMs,
      range,
      replayed: mergeShards(shards),
      apply: event.input.apply === true,
      now,
      shadowExpiresAt: Math.floor(now() / 1000) + deps.shadowTtlDays * 86_400,
    });
    emit(driftMetrics(result.summary, result.applied, now()));
    for (let shard = 0; shard < event.shards; shard++) await deps.store.delete(replayShardKey(event.run_id, shard));
    return {
      from: new Date(range.fromMs).toISOString(),
      to: new Date(range.toMs).toISOString(),
      ...result.summary,
      applied: result.applied,
      open: result.open,
    };
  };
}

let handle: ReturnType<typeof createCompareReportsHandler> | undefined;

export const handler = (event: CompareReportsInput) => {
  handle ??= (() => {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const live = requiredEnv('reportTable');
    return createCompareReportsHandler({
      store: lakeStoreFromEnv(),
      tables: { client, live, shadow: requiredEnv('shadowTable'), store: new DynamoDbReportStore(client, live) },
      settings: aggregationSettingsEnv(),
      outOfOrdernessMs: numberEnv('outOfOrdernessMs'),
      shadowTtlDays: numberEnv('shadowTtlDays'),
    });
  })();
  return handle(event);
};
