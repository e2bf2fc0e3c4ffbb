import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AggregationSettings } from '../lambda/domain/aggregation/aggregation-config.ts';
import { parseRetention, type Retention } from '../lambda/domain/lifecycle/retention.ts';
import { LOCAL_ENV } from '../lambda/domain/settings/environment.ts';
import { type CustomSetting, parseSetting, type Setting, SettingError } from '../lambda/domain/settings/setting.ts';
import { CommandError } from './cli-error.ts';

/** Settings of the local platform, from the environment as the settings spec declares it (LOCAL_ENV). */
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
  /** Days each lake table keeps its partitions, enforced by the compaction runs (SDP_RETENTION_DAYS). */
  readonly retention: Retention;
}

const PROJECT_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const read = <S extends Exclude<Setting, CustomSetting>>(setting: S) => fromEnv(setting, env);
  const E = LOCAL_ENV;
  return {
    host: read(E.HOST),
    port: read(E.PORT),
    dataDir: resolve(env[E.SDP_DATA_DIR.name] || resolve(PROJECT_DIR, '.sdp-data')),
    kinesisPort: read(E.SDP_KINESIS_PORT),
    dynamodbPort: read(E.SDP_DYNAMODB_PORT),
    bcnsShards: read(E.SDP_BCNS_SHARDS),
    aggregation: {
      period_seconds: read(E.SDP_PERIOD_SECONDS),
      attribution_window_seconds: read(E.SDP_ATTRIBUTION_WINDOW_SECONDS),
      click_window_seconds: read(E.SDP_CLICK_WINDOW_SECONDS),
      allowed_lateness_seconds: read(E.SDP_ALLOWED_LATENESS_SECONDS),
    },
    outOfOrdernessMs: read(E.SDP_OUT_OF_ORDERNESS_MS),
    lake: {
      flushMs: read(E.SDP_LAKE_FLUSH_SECONDS) * 1000,
      flushBytes: read(E.SDP_LAKE_FLUSH_MB) * 1024 * 1024,
      compactionIntervalMs: read(E.SDP_COMPACTION_MINUTES) * 60_000,
      compactionGraceMs: read(E.SDP_COMPACTION_GRACE_MINUTES) * 60_000,
      compactionLookbackHours: read(E.SDP_COMPACTION_LOOKBACK_HOURS),
      compactionTargetBytes: read(E.SDP_COMPACTION_TARGET_MB) * 1024 * 1024,
      retention: retentionFromEnv(env),
    },
    retrainBids: read(E.SDP_RETRAIN_BIDS),
    ops: {
      canaryIntervalMs: read(E.SDP_CANARY_SECONDS) * 1000,
      canaryTimeoutMs: read(E.SDP_CANARY_TIMEOUT_SECONDS) * 1000,
      stuckMs: read(E.SDP_STUCK_SECONDS) * 1000,
    },
  };
}

/** Where the local lake (the stand-in for the S3 bucket) lives under the data directory. */
export const lakeDir = (config: Pick<LocalConfig, 'dataDir'>) => join(config.dataDir, 'lake');

/** The aggregation processor's checkpoint (LevelDB) under the data directory. */
export const processorStateDir = (config: Pick<LocalConfig, 'dataDir'>) => join(config.dataDir, 'processor');

/** One variable of the settings spec from the environment; a bad value is a {@link ConfigError}. */
export function fromEnv<S extends Exclude<Setting, CustomSetting>>(setting: S, env: NodeJS.ProcessEnv = process.env) {
  try {
    return parseSetting(setting, env[setting.name]);
  } catch (error) {
    if (error instanceof SettingError) throw new ConfigError(error.message);
    throw error;
  }
}

/** SDP_RETENTION_DAYS: days per lake table (see `parseRetention`), a syntax of its own. */
function retentionFromEnv(env: NodeJS.ProcessEnv): Retention {
  try {
    return parseRetention(env[LOCAL_ENV.SDP_RETENTION_DAYS.name], LOCAL_ENV.SDP_RETENTION_DAYS.name);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

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
