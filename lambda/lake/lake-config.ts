import { S3Client } from '@aws-sdk/client-s3';
import { parseRetention, type Retention } from '../domain/lifecycle/retention.ts';
import { LAMBDA_ENV } from '../domain/settings/environment.ts';
import { parseSetting } from '../domain/settings/setting.ts';
import { S3ObjectStore } from './s3-object-store.ts';

/** Environment variables the data-lake stack sets on its functions (declared in the settings spec). */
export const LAKE_ENV = {
  bucket: LAMBDA_ENV.LAKE_BUCKET.name,
  lookbackHours: LAMBDA_ENV.LOOKBACK_HOURS.name,
  graceMinutes: LAMBDA_ENV.GRACE_MINUTES.name,
  targetFileMiB: LAMBDA_ENV.TARGET_FILE_MIB.name,
  /** Start of every file name the lake-writer function writes, like a Firehose's delivery stream name. */
  filePrefix: LAMBDA_ENV.LAKE_FILE_PREFIX.name,
  /** Days each table keeps its partitions, as JSON (see `Retention`). */
  retentionDays: LAMBDA_ENV.RETENTION_DAYS.name,
} as const;

export interface CompactionConfig {
  readonly lookbackHours: number;
  readonly graceMs: number;
  readonly targetBytes: number;
  readonly retention?: Retention;
}

export function loadCompactionConfig(env: NodeJS.ProcessEnv = process.env): CompactionConfig {
  return {
    lookbackHours: parseSetting(LAMBDA_ENV.LOOKBACK_HOURS, env[LAKE_ENV.lookbackHours]),
    graceMs: parseSetting(LAMBDA_ENV.GRACE_MINUTES, env[LAKE_ENV.graceMinutes]) * 60_000,
    targetBytes: parseSetting(LAMBDA_ENV.TARGET_FILE_MIB, env[LAKE_ENV.targetFileMiB]) * 1024 * 1024,
    ...(env[LAKE_ENV.retentionDays]
      ? { retention: parseRetention(env[LAKE_ENV.retentionDays], LAKE_ENV.retentionDays) }
      : {}),
  };
}

let store: S3ObjectStore | undefined;

export function lakeStoreFromEnv(env: NodeJS.ProcessEnv = process.env): S3ObjectStore {
  const bucket = parseSetting(LAMBDA_ENV.LAKE_BUCKET, env[LAKE_ENV.bucket]);
  store ??= new S3ObjectStore(new S3Client({}), bucket);
  return store;
}
