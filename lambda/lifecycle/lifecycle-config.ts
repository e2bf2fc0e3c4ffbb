import { type AggregationSettings, AWS_DEFAULTS } from '../domain/aggregation/aggregation-config.ts';
import { LAMBDA_ENV } from '../domain/settings/environment.ts';

/**
 * Environment variables the lifecycle stack sets on its functions (the lake bucket is LAKE_BUCKET),
 * declared in the settings spec.
 */
export const LIFECYCLE_ENV = {
  streamRetentionHours: LAMBDA_ENV.STREAM_RETENTION_HOURS.name,
  deliveryMinutes: LAMBDA_ENV.DELIVERY_MINUTES.name,
  graceMinutes: LAMBDA_ENV.GRACE_MINUTES.name,
  erasureStateMachine: LAMBDA_ENV.ERASURE_STATE_MACHINE_ARN.name,
  reportTable: LAMBDA_ENV.REPORTS_TABLE_NAME.name,
  shadowTable: LAMBDA_ENV.SHADOW_TABLE_NAME.name,
  aggregation: LAMBDA_ENV.AGGREGATION_SETTINGS.name,
  outOfOrdernessMs: LAMBDA_ENV.OUT_OF_ORDERNESS_MS.name,
  shadowTtlDays: LAMBDA_ENV.SHADOW_TTL_DAYS.name,
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
