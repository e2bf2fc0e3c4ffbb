import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from './s3-object-store.ts';

/** Environment variables the data-lake stack sets on its functions. */
export const LAKE_ENV = {
  bucket: 'LAKE_BUCKET',
  lookbackHours: 'LOOKBACK_HOURS',
  graceMinutes: 'GRACE_MINUTES',
  targetFileMiB: 'TARGET_FILE_MIB',
  /** Start of every file name the lake-writer function writes, like a Firehose's delivery stream name. */
  filePrefix: 'LAKE_FILE_PREFIX',
} as const;

export interface CompactionConfig {
  readonly lookbackHours: number;
  readonly graceMs: number;
  readonly targetBytes: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function loadCompactionConfig(env: NodeJS.ProcessEnv = process.env): CompactionConfig {
  return {
    lookbackHours: positive(env, LAKE_ENV.lookbackHours, 48),
    graceMs: positive(env, LAKE_ENV.graceMinutes, 15) * 60_000,
    targetBytes: positive(env, LAKE_ENV.targetFileMiB, 256) * 1024 * 1024,
  };
}

let store: S3ObjectStore | undefined;

export function lakeStoreFromEnv(env: NodeJS.ProcessEnv = process.env): S3ObjectStore {
  const bucket = env[LAKE_ENV.bucket];
  if (!bucket) throw new Error(`Environment variable ${LAKE_ENV.bucket} is not set`);
  store ??= new S3ObjectStore(new S3Client({}), bucket);
  return store;
}
