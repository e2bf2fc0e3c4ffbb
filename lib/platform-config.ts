import type { Node } from 'constructs';
import { type AggregationSettings, AWS_DEFAULTS } from '../lambda/domain/aggregation/aggregation-config.ts';
import { DEFAULT_LOOKBACK_DAYS } from '../lambda/domain/ml/training-set.ts';
import { autoShards, type CostLevers, loadCostLevers } from './cost-levers.ts';

/**
 * Deployment settings, read once from CDK context (`cdk.json` or `-c key=value`). Each key is
 * documented in the README's configuration table.
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
}

export const CONTEXT_KEYS = {
  prefix: 'sdp:prefix',
  shards: 'sdp:shards',
  retentionHours: 'sdp:retentionHours',
  customerManagedKey: 'sdp:customerManagedKey',
  apiKeyRequired: 'sdp:apiKey',
  throttleRateLimit: 'sdp:throttleRateLimit',
  throttleBurstLimit: 'sdp:throttleBurstLimit',
  reportsAuth: 'sdp:reportsAuth',
  periodSeconds: 'sdp:periodSeconds',
  attributionWindowSeconds: 'sdp:attributionWindowSeconds',
  clickWindowSeconds: 'sdp:clickWindowSeconds',
  allowedLatenessSeconds: 'sdp:allowedLatenessSeconds',
  flinkParallelism: 'sdp:flinkParallelism',
  flinkAutoScaling: 'sdp:flinkAutoScaling',
  lakeBufferSeconds: 'sdp:lakeBufferSeconds',
  lakeBufferMiB: 'sdp:lakeBufferMiB',
  rawRetentionDays: 'sdp:rawRetentionDays',
  compactionMinutes: 'sdp:compactionMinutes',
  athenaScanLimitGiB: 'sdp:athenaScanLimitGiB',
  trainingDays: 'sdp:trainingDays',
  retrainSchedule: 'sdp:retrainSchedule',
  retrainMinNewBids: 'sdp:retrainMinNewBids',
  predictionsAuth: 'sdp:predictionsAuth',
  alarmEmail: 'sdp:alarmEmail',
  canary: 'sdp:canary',
} as const;

export function loadPlatformConfig(node: Node, streamNames: readonly string[]): PlatformConfig {
  const { defaults, ...levers } = loadCostLevers(node);
  const prefix = String(node.tryGetContext(CONTEXT_KEYS.prefix) ?? 'sdp');
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(prefix)) {
    throw new Error(
      `${CONTEXT_KEYS.prefix} must be 1-20 lowercase letters, digits or '-', starting with a letter. Received "${prefix}"`,
    );
  }
  const periodSeconds = integer(node, CONTEXT_KEYS.periodSeconds, AWS_DEFAULTS.period_seconds, 1, 86_400);
  const shardsSetting = node.tryGetContext(CONTEXT_KEYS.shards) ?? defaults.shards;
  return {
    prefix,
    shards:
      shardsSetting === 'auto'
        ? autoShards({ ...levers, defaults }, periodSeconds)
        : parseShards(shardsSetting, streamNames),
    retentionHours: integer(node, CONTEXT_KEYS.retentionHours, 24, 24, 8760),
    customerManagedKey: bool(node, CONTEXT_KEYS.customerManagedKey, false),
    apiKeyRequired: bool(node, CONTEXT_KEYS.apiKeyRequired, false),
    throttleRateLimit: integer(node, CONTEXT_KEYS.throttleRateLimit, defaults.throttleRateLimit, 1, 1_000_000),
    throttleBurstLimit: integer(node, CONTEXT_KEYS.throttleBurstLimit, defaults.throttleBurstLimit, 1, 1_000_000),
    reportsAuth: oneOf(node, CONTEXT_KEYS.reportsAuth, ['iam', 'apiKey'] as const, 'iam'),
    aggregation: {
      period_seconds: periodSeconds,
      attribution_window_seconds: integer(
        node,
        CONTEXT_KEYS.attributionWindowSeconds,
        AWS_DEFAULTS.attribution_window_seconds,
        1,
        86_400,
      ),
      click_window_seconds: integer(
        node,
        CONTEXT_KEYS.clickWindowSeconds,
        AWS_DEFAULTS.click_window_seconds,
        1,
        86_400,
      ),
      allowed_lateness_seconds: integer(
        node,
        CONTEXT_KEYS.allowedLatenessSeconds,
        AWS_DEFAULTS.allowed_lateness_seconds,
        0,
        3_600,
      ),
    },
    flinkParallelism: integer(node, CONTEXT_KEYS.flinkParallelism, defaults.flinkParallelism, 1, 64),
    flinkAutoScaling: bool(node, CONTEXT_KEYS.flinkAutoScaling, true),
    // Firehose's S3 limits: 0-900 s, and 64-128 MiB once Parquet conversion is on.
    lakeBufferSeconds: integer(node, CONTEXT_KEYS.lakeBufferSeconds, 300, 0, 900),
    lakeBufferMiB: integer(node, CONTEXT_KEYS.lakeBufferMiB, 128, 64, 128),
    rawRetentionDays: integer(node, CONTEXT_KEYS.rawRetentionDays, 90, 1, 3650),
    compactionMinutes: integer(node, CONTEXT_KEYS.compactionMinutes, 60, 1, 1440),
    athenaScanLimitGiB: integer(node, CONTEXT_KEYS.athenaScanLimitGiB, 10, 1, 102_400),
    trainingDays: integer(node, CONTEXT_KEYS.trainingDays, DEFAULT_LOOKBACK_DAYS, 1, 3650),
    retrainSchedule: scheduleExpression(node, CONTEXT_KEYS.retrainSchedule, 'rate(1 day)'),
    retrainMinNewBids: integer(node, CONTEXT_KEYS.retrainMinNewBids, defaults.retrainMinNewBids, 1, 1_000_000_000),
    predictionsAuth: oneOf(node, CONTEXT_KEYS.predictionsAuth, ['iam', 'apiKey'] as const, 'iam'),
    levers,
    alarmEmail: email(node, CONTEXT_KEYS.alarmEmail),
    canary: bool(node, CONTEXT_KEYS.canary, true),
  };
}

function email(node: Node, key: string): string | undefined {
  const raw = node.tryGetContext(key);
  if (raw === undefined || raw === '' || raw === null) return undefined;
  if (typeof raw !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(raw)) {
    throw new Error(`${key} must be an e-mail address. Received ${JSON.stringify(raw)}`);
  }
  return raw;
}

/**
 * `2` provisions every stream with 2 shards; `{"bcns": 4}` provisions only bcns; absent = on-demand;
 * `"auto"` (set by `sdp:profile`) provisions every stream sized from `sdp:traffic`.
 */
function parseShards(raw: unknown, streamNames: readonly string[]): Record<string, number> {
  if (raw === undefined || raw === null || raw === '') return {};
  const value = typeof raw === 'string' ? safeJson(raw) : raw;
  const entries: [string, unknown][] =
    typeof value === 'number' ? streamNames.map((name) => [name, value]) : Object.entries(value as object);
  const shards: Record<string, number> = {};
  for (const [name, count] of entries) {
    if (!streamNames.includes(name)) {
      throw new Error(`${CONTEXT_KEYS.shards} names unknown stream "${name}"; streams are ${streamNames.join(', ')}`);
    }
    if (!Number.isInteger(count) || (count as number) < 1) {
      throw new Error(
        `${CONTEXT_KEYS.shards} must give each stream a whole number of shards >= 1. Received ${JSON.stringify(raw)}`,
      );
    }
    shards[name] = count as number;
  }
  return shards;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(`${CONTEXT_KEYS.shards} must be a number or a JSON object of stream → shards. Received "${raw}"`);
  }
}

function integer(node: Node, key: string, fallback: number, min: number, max: number): number {
  const raw = node.tryGetContext(key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${key} must be an integer between ${min} and ${max}. Received ${JSON.stringify(raw)}`);
  }
  return value;
}

function oneOf<T extends string>(node: Node, key: string, values: readonly T[], fallback: T): T {
  const raw = node.tryGetContext(key) ?? fallback;
  if (!values.includes(raw))
    throw new Error(`${key} must be one of ${values.join(', ')}. Received ${JSON.stringify(raw)}`);
  return raw as T;
}

function bool(node: Node, key: string, fallback: boolean): boolean {
  const raw = node.tryGetContext(key);
  if (raw === undefined) return fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new Error(`${key} must be true or false. Received ${JSON.stringify(raw)}`);
}

function scheduleExpression(node: Node, key: string, fallback: string): string {
  const raw = node.tryGetContext(key) ?? fallback;
  if (typeof raw !== 'string' || !/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/.test(raw)) {
    throw new Error(
      `${key} must be an EventBridge schedule such as "rate(1 day)" or "cron(0 3 * * ? *)", got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}
