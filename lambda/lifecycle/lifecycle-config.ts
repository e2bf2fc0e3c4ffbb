import { type AggregationSettings, AWS_DEFAULTS } from '../domain/aggregation/aggregation-config.ts';

/** Environment variables the lifecycle stack sets on its functions (the lake bucket is LAKE_BUCKET). */
export const LIFECYCLE_ENV = {
  streamRetentionHours: 'STREAM_RETENTION_HOURS',
  deliveryMinutes: 'DELIVERY_MINUTES',
  graceMinutes: 'GRACE_MINUTES',
  erasureStateMachine: 'ERASURE_STATE_MACHINE_ARN',
  reportTable: 'REPORT_TABLE_NAME',
  shadowTable: 'SHADOW_TABLE_NAME',
  aggregation: 'AGGREGATION_SETTINGS',
  outOfOrdernessMs: 'OUT_OF_ORDERNESS_MS',
  shadowTtlDays: 'SHADOW_TTL_DAYS',
} as const;

type Key = keyof typeof LIFECYCLE_ENV;

export function requiredEnv(key: Key, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[LIFECYCLE_ENV[key]];
  if (!value) throw new Error(`Environment variable ${LIFECYCLE_ENV[key]} is not set`);
  return value;
}

export function numberEnv(key: Key, env: NodeJS.ProcessEnv = process.env): number {
  const raw = requiredEnv(key, env);
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${LIFECYCLE_ENV[key]} must be a non-negative number, got "${raw}"`);
  }
  return value;
}

/** The Flink job's aggregation settings, as the stack passes them (JSON of AggregationSettings). */
export function aggregationSettingsEnv(env: NodeJS.ProcessEnv = process.env): AggregationSettings {
  const raw = env[LIFECYCLE_ENV.aggregation];
  return raw ? { ...AWS_DEFAULTS, ...(JSON.parse(raw) as Partial<AggregationSettings>) } : AWS_DEFAULTS;
}
