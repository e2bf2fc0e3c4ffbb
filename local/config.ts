import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Settings of the local platform, from the environment (see the README's configuration table). */
export interface LocalConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly kinesisPort: number;
  readonly bcnsShards: number;
}

const PROJECT_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    host: env.HOST ?? '127.0.0.1',
    port: intFromEnv(env, 'PORT', 3000),
    dataDir: resolve(env.SDP_DATA_DIR ?? resolve(PROJECT_DIR, '.sdp-data')),
    kinesisPort: intFromEnv(env, 'SDP_KINESIS_PORT', 4567),
    bcnsShards: intFromEnv(env, 'SDP_BCNS_SHARDS', 2, 1),
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
