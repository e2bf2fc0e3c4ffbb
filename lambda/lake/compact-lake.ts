import { type CompactionConfig, lakeStoreFromEnv, loadCompactionConfig } from './lake-config.ts';
import type { ObjectStore } from './object-store.ts';
import { type CompactLakeResult, compactLake } from './run-compaction.ts';

/** The scheduled compaction: the same run as `npx sdp compact`, over the S3 lake. */
export function createCompactLakeHandler(store: ObjectStore, config: CompactionConfig) {
  return async (): Promise<CompactLakeResult> => {
    const result = await compactLake({ store, ...config });
    console.log(JSON.stringify(result));
    return result;
  };
}

export const handler = async (): Promise<CompactLakeResult> =>
  createCompactLakeHandler(lakeStoreFromEnv(), loadCompactionConfig())();
