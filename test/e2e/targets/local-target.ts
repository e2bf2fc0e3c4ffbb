import { localDocument } from '../../../lambda/domain/openapi/documents.ts';
import { lakeDir } from '../../../local/config.ts';
import { FileObjectStore } from '../../../local/lake/file-object-store.ts';
import { LakeSql } from '../../../local/lake/lake-sql.ts';
import { PROJECT_VERSION } from '../../../local/project-version.ts';
import { removeDataDir, startTestPlatform } from '../../helpers/local-platform.ts';
import type { PlatformTarget } from './platform-target.ts';

/** Short windows and flushes, so a run settles in seconds. */
export const LOCAL_ENV = {
  SDP_PERIOD_SECONDS: '2',
  SDP_ALLOWED_LATENESS_SECONDS: '1',
  SDP_OUT_OF_ORDERNESS_MS: '200',
  SDP_LAKE_FLUSH_SECONDS: '1',
  SDP_COMPACTION_MINUTES: '0',
  SDP_RETRAIN_BIDS: '0',
};

/** A fresh local platform on free ports and its own data directory; every API on its one URL and document. */
export async function openLocalTarget(): Promise<PlatformTarget> {
  const platform = await startTestPlatform(undefined, LOCAL_ENV);
  const endpoint = {
    baseUrl: platform.url,
    fetch: globalThis.fetch,
    document: localDocument(platform.url, PROJECT_VERSION),
  };
  return {
    name: 'local',
    ingestion: endpoint,
    reports: endpoint,
    predictions: endpoint,
    async lakeQuery(sql) {
      const lake = await LakeSql.open(new FileObjectStore(lakeDir(platform)));
      try {
        return (await lake.query(sql)).rows.map(asText);
      } finally {
        lake.close();
      }
    },
    timing: { reportsMs: 30_000, lakeMs: 30_000, pollMs: 500 },
    async close() {
      await platform.stop();
      await removeDataDir(platform.dataDir);
    },
  };
}

/** A row as Athena answers it: every value as its text, NULL as null. */
function asText(row: Record<string, unknown>): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [
      column,
      value === null || value === undefined ? null : String(value),
    ]),
  );
}
