import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AggregationSettings, LOCAL_DEFAULTS } from '../lambda/domain/aggregation/aggregation-config.ts';

/** Settings of the local platform, from the environment (see the README's configuration table). */
export interface LocalConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly kinesisPort: number;
  readonly dynamodbPort: number;
  readonly bcnsShards: number;
  readonly aggregation: AggregationSettings;
  /** How far behind the newest timestamp the watermark trails. */
  readonly outOfOrdernessMs: number;
}

const PROJECT_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    host: env.HOST ?? '127.0.0.1',
    port: intFromEnv(env, 'PORT', 3000),
    dataDir: resolve(env.SDP_DATA_DIR ?? resolve(PROJECT_DIR, '.sdp-data')),
    kinesisPort: intFromEnv(env, 'SDP_KINESIS_PORT', 4567),
    dynamodbPort: intFromEnv(env, 'SDP_DYNAMODB_PORT', 4568),
    bcnsShards: intFromEnv(env, 'SDP_BCNS_SHARDS', 2, 1),
    aggregation: {
      period_seconds: intFromEnv(env, 'SDP_PERIOD_SECONDS', LOCAL_DEFAULTS.period_seconds, 1),
      attribution_window_seconds: intFromEnv(
        env,
        'SDP_ATTRIBUTION_WINDOW_SECONDS',
        LOCAL_DEFAULTS.attribution_window_seconds,
        1,
      ),
      click_window_seconds: intFromEnv(env, 'SDP_CLICK_WINDOW_SECONDS', LOCAL_DEFAULTS.click_window_seconds, 1),
      allowed_lateness_seconds: intFromEnv(
        env,
        'SDP_ALLOWED_LATENESS_SECONDS',
        LOCAL_DEFAULTS.allowed_lateness_seconds,
      ),
    },
    outOfOrdernessMs: intFromEnv(env, 'SDP_OUT_OF_ORDERNESS_MS', 500),
  };
}

export function intFromEnv(env: NodeJS.ProcessEnv, key: string, fallback: number, min = 0): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${key} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}
