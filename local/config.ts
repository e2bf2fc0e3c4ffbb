import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AggregationSettings, LOCAL_DEFAULTS } from '../lambda/domain/aggregation/aggregation-config.ts';
import { CommandError } from './cli-error.ts';

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
  readonly lake: LocalLakeConfig;
  /** Bids landed in the lake after which the platform retrains on its own; 0 turns that off. */
  readonly retrainBids: number;
  readonly ops: LocalOpsConfig;
}

/** The freshness canary and the health checks of the local platform. */
export interface LocalOpsConfig {
  /** A canary bid every this often; 0 turns the canary off. */
  readonly canaryIntervalMs: number;
  /** A canary bid whose report row is not written by then is a miss. */
  readonly canaryTimeoutMs: number;
  /** A stage that should move and has not for this long is stuck: `/health` answers 503. */
  readonly stuckMs: number;
}

/** The local stand-ins for Firehose buffering and the scheduled compaction. */
export interface LocalLakeConfig {
  readonly flushMs: number;
  readonly flushBytes: number;
  /** 0 turns the scheduled compaction off (`npx sdp compact` still works). */
  readonly compactionIntervalMs: number;
  readonly compactionGraceMs: number;
  readonly compactionLookbackHours: number;
  readonly compactionTargetBytes: number;
}

const PROJECT_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    host: env.HOST ?? '127.0.0.1',
    port: portFromEnv(env, 'PORT', 3000),
    dataDir: resolve(env.SDP_DATA_DIR ?? resolve(PROJECT_DIR, '.sdp-data')),
    kinesisPort: portFromEnv(env, 'SDP_KINESIS_PORT', 4567),
    dynamodbPort: portFromEnv(env, 'SDP_DYNAMODB_PORT', 4568),
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
    lake: {
      flushMs: intFromEnv(env, 'SDP_LAKE_FLUSH_SECONDS', 10, 1) * 1000,
      flushBytes: intFromEnv(env, 'SDP_LAKE_FLUSH_MB', 64, 1) * 1024 * 1024,
      compactionIntervalMs: intFromEnv(env, 'SDP_COMPACTION_MINUTES', 10) * 60_000,
      compactionGraceMs: intFromEnv(env, 'SDP_COMPACTION_GRACE_MINUTES', 5) * 60_000,
      compactionLookbackHours: intFromEnv(env, 'SDP_COMPACTION_LOOKBACK_HOURS', 48, 1),
      compactionTargetBytes: intFromEnv(env, 'SDP_COMPACTION_TARGET_MB', 256, 1) * 1024 * 1024,
    },
    retrainBids: intFromEnv(env, 'SDP_RETRAIN_BIDS', 20_000),
    ops: {
      canaryIntervalMs: intFromEnv(env, 'SDP_CANARY_SECONDS', 60) * 1000,
      canaryTimeoutMs: intFromEnv(env, 'SDP_CANARY_TIMEOUT_SECONDS', 60, 1) * 1000,
      stuckMs: intFromEnv(env, 'SDP_STUCK_SECONDS', 120, 1) * 1000,
    },
  };
}

/** Where the local lake (the stand-in for the S3 bucket) lives under the data directory. */
export const lakeDir = (config: Pick<LocalConfig, 'dataDir'>) => join(config.dataDir, 'lake');

export function intFromEnv(
  env: NodeJS.ProcessEnv,
  key: string,
  fallback: number,
  min = 0,
  max = Number.POSITIVE_INFINITY,
): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = Number.isFinite(max) ? `from ${min} to ${max}` : `>= ${min}`;
    throw new ConfigError(`${key} must be an integer ${range}, got "${raw}"`);
  }
  return value;
}

/** A TCP port: 0 lets the system pick a free one. */
const portFromEnv = (env: NodeJS.ProcessEnv, key: string, fallback: number) =>
  intFromEnv(env, key, fallback, 0, 65_535);

/** A bad environment value: one line naming the variable, the value and what it must be; exit 2 by default. */
export class ConfigError extends CommandError {
  override name = 'ConfigError';
  constructor(message: string, exitCode = 2) {
    super(message, exitCode);
  }
}

/**
 * A port or host from the environment that the platform cannot listen on, or a data directory another
 * `sdp start` holds: one line naming the port and the variable that sets it, instead of a stack. Other
 * errors are returned as they are.
 */
export function listenError(error: unknown, port: number, variable: string, dataDir?: string): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ELOCKED':
      return new ConfigError(
        `the data directory ${dataDir} is in use by another sdp start: stop that one, or set SDP_DATA_DIR to another directory`,
        1,
      );
    case 'EADDRINUSE':
      return new ConfigError(
        `port ${port} is already in use (another sdp start?): set ${variable} to a free port, or 0 for any free one`,
        1,
      );
    case 'EACCES':
      return new ConfigError(`no permission to listen on port ${port}: set ${variable} to a port above 1023`, 1);
    case 'EADDRNOTAVAIL':
      return new ConfigError(`HOST is not an address of this machine, so port ${port} (${variable}) cannot be used`, 1);
    default:
      return error;
  }
}
