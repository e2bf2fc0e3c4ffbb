import type { Node } from 'constructs';
import type { AggregationSettings } from '../lambda/domain/aggregation/aggregation-config.ts';
import { parseRetention, RETENTION_DEFAULTS, type Retention } from '../lambda/domain/lifecycle/retention.ts';
import { CONTEXT } from '../lambda/domain/settings/context.ts';
import {
  type CustomSetting,
  parseSetting,
  type Setting,
  SettingError,
  settingError,
  type ValueOf,
} from '../lambda/domain/settings/setting.ts';
import { autoShards, type CostLevers, loadCostLevers } from './cost-levers.ts';

/**
 * Deployment settings, read once from CDK context (`cdk.json` or `-c key=value`), each key as the
 * settings spec declares it (lambda/domain/settings/context.ts, the README's table).
 */
export interface PlatformConfig {
  /** Prefix of physical names (streams, tables), so several platforms can share an account. */
  readonly prefix: string;
  /** Provisioned shard counts per stream; a stream absent here is on-demand. */
  readonly shards: Readonly<Record<string, number>>;
  readonly retentionHours: number;
  /** Encrypt streams with a customer-managed KMS key instead of `aws/kinesis`. */
  readonly customerManagedKey: boolean;
  /** Require an API key (with a usage plan) on the ingestion API. */
  readonly apiKeyRequired: boolean;
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  /** How the reports API authenticates callers. */
  readonly reportsAuth: 'iam' | 'apiKey';
  /** Aggregation semantics of the Flink job (SPEC.md §5). */
  readonly aggregation: AggregationSettings;
  readonly flinkParallelism: number;
  readonly flinkAutoScaling: boolean;
  /** Seconds Firehose buffers before writing a lake file; 0 delivers within seconds. */
  readonly lakeBufferSeconds: number;
  /** MiB Firehose buffers before writing a lake file; Parquet conversion needs at least 64. */
  readonly lakeBufferMiB: number;
  /** Days raw gzip NDJSON is kept; the Parquet copy is kept. */
  readonly rawRetentionDays: number;
  /** Minutes between lake compaction runs. */
  readonly compactionMinutes: number;
  /** An Athena query in the lake workgroup scanning more than this is cancelled. */
  readonly athenaScanLimitGiB: number;
  /** UTC days of bids each retraining run trains on, its own day included. */
  readonly trainingDays: number;
  /** EventBridge schedule expression of the regular retraining run. */
  readonly retrainSchedule: string;
  /** New labelled bids that start a retraining run between schedules. */
  readonly retrainMinNewBids: number;
  /** How the predictions API authenticates callers. */
  readonly predictionsAuth: 'iam' | 'apiKey';
  /** The cost levers (lib/cost-levers.ts): `sdp:profile`, the lake writer, the endpoint, tracing. */
  readonly levers: Omit<CostLevers, 'defaults'>;
  /** Who is e-mailed when an alarm fires; none when undefined. */
  readonly alarmEmail: string | undefined;
  /** Whether the freshness canary sends its synthetic bid every minute. */
  readonly canary: boolean;
  /** Days each lake table keeps its partitions (raw tables default to `rawRetentionDays`). */
  readonly retention: Retention;
  /** The daily reconciliation of the reports with the lake. */
  readonly reconcile: {
    /** EventBridge schedule; each run compares the UTC day before it. */
    readonly schedule: string;
    /** Replays in parallel, by tx_id hash, when a day is too big for one Lambda. */
    readonly shards: number;
    /** Drifted windows in a day above which the drift alarm fires. */
    readonly driftThreshold: number;
  };
  /** Deploy the dashboard as a static site (S3 + CloudFront) in front of the reports API. */
  readonly dashboard: boolean;
}

/** One context key, parsed as the settings spec declares it; a bad value throws naming the key and the value. */
function read<S extends Exclude<Setting, CustomSetting>>(node: Node, setting: S, fallback?: ValueOf<S>): ValueOf<S> {
  return parseSetting(
    setting,
    node.tryGetContext(setting.name),
    fallback ?? (setting.default as ValueOf<S> | undefined),
  );
}

export function loadPlatformConfig(node: Node, streamNames: readonly string[]): PlatformConfig {
  const { defaults, ...levers } = loadCostLevers(node);
  const C = CONTEXT;
  const periodSeconds = read(node, C.periodSeconds);
  const shardsSetting = node.tryGetContext(C.shards.name) ?? defaults.shards;
  return {
    prefix: read(node, C.prefix),
    shards:
      shardsSetting === 'auto'
        ? autoShards({ ...levers, defaults }, periodSeconds)
        : parseShards(shardsSetting, streamNames),
    retentionHours: read(node, C.retentionHours),
    customerManagedKey: read(node, C.customerManagedKey),
    apiKeyRequired: read(node, C.apiKey),
    throttleRateLimit: read(node, C.throttleRateLimit, defaults.throttleRateLimit),
    throttleBurstLimit: read(node, C.throttleBurstLimit, defaults.throttleBurstLimit),
    reportsAuth: read(node, C.reportsAuth),
    aggregation: {
      period_seconds: periodSeconds,
      attribution_window_seconds: read(node, C.attributionWindowSeconds),
      click_window_seconds: read(node, C.clickWindowSeconds),
      allowed_lateness_seconds: read(node, C.allowedLatenessSeconds),
    },
    flinkParallelism: read(node, C.flinkParallelism, defaults.flinkParallelism),
    flinkAutoScaling: read(node, C.flinkAutoScaling),
    lakeBufferSeconds: read(node, C.lakeBufferSeconds),
    lakeBufferMiB: read(node, C.lakeBufferMiB),
    rawRetentionDays: read(node, C.rawRetentionDays),
    compactionMinutes: read(node, C.compactionMinutes),
    athenaScanLimitGiB: read(node, C.athenaScanLimitGiB),
    trainingDays: read(node, C.trainingDays),
    retrainSchedule: read(node, C.retrainSchedule),
    retrainMinNewBids: read(node, C.retrainMinNewBids, defaults.retrainMinNewBids),
    predictionsAuth: read(node, C.predictionsAuth),
    levers,
    alarmEmail: optional(node, C.alarmEmail),
    canary: read(node, C.canary),
    retention: parseRetention(node.tryGetContext(C.retentionDays.name), C.retentionDays.name, {
      ...RETENTION_DEFAULTS,
      raw: read(node, C.rawRetentionDays),
    }),
    reconcile: {
      // Yesterday's windows are final by 02:00 UTC: the horizon is 21 minutes, Firehose buffers 15 at most.
      schedule: read(node, C.reconcileSchedule),
      shards: read(node, C.reconcileShards),
      driftThreshold: read(node, C.reconcileDriftThreshold),
    },
    dashboard: read(node, C.dashboard),
  };
}

/** A key without a default: unset (absent or empty) is undefined. */
function optional<S extends Exclude<Setting, CustomSetting>>(node: Node, setting: S): ValueOf<S> | undefined {
  const raw = node.tryGetContext(setting.name);
  return raw === undefined || raw === '' || raw === null ? undefined : parseSetting(setting, raw);
}

/**
 * `2` provisions every stream with 2 shards; `{"bcns": 4}` provisions only bcns; absent = on-demand;
 * `"auto"` (set by `sdp:profile`) provisions every stream sized from `sdp:traffic`.
 */
function parseShards(raw: unknown, streamNames: readonly string[]): Record<string, number> {
  if (raw === undefined || raw === null || raw === '') return {};
  const value = typeof raw === 'string' ? safeJson(raw) : raw;
  if (typeof value !== 'number' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw settingError(CONTEXT.shards, raw);
  }
  const entries: [string, unknown][] =
    typeof value === 'number' ? streamNames.map((name) => [name, value]) : Object.entries(value);
  const shards: Record<string, number> = {};
  for (const [name, count] of entries) {
    if (!streamNames.includes(name)) {
      throw new SettingError(
        `${CONTEXT.shards.name} names unknown stream "${name}": streams are ${streamNames.join(', ')}`,
      );
    }
    if (!Number.isInteger(count) || (count as number) < 1) throw settingError(CONTEXT.shards, raw);
    shards[name] = count as number;
  }
  return shards;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw settingError(CONTEXT.shards, raw);
  }
}
