import { manifestPrefix, type Partition } from '../../lambda/domain/lake/lake-layout.ts';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { isManifestKey } from '../../lambda/lake/manifest.ts';
import { type CompactLakeResult, compactLake } from '../../lambda/lake/run-compaction.ts';
import { type LocalConfig, lakeDir } from '../config.ts';
import { compactionSettings } from './compaction-schedule.ts';
import { ledgerChanges } from './delivery-ledger.ts';
import { FileObjectStore } from './file-object-store.ts';
import { formatRows, type OutputFormat } from './format-rows.ts';
import { LakeSql, type SqlDialect } from './lake-sql.ts';
import { type LakeVerification, verifyLake } from './verify-lake.ts';

/** `sdp sql`: runs one query (Athena's SQL unless told `duckdb`) over the local lake and renders the result. */
export async function runSql(
  config: LocalConfig,
  query: string,
  format: OutputFormat,
  dialect: SqlDialect = 'athena',
): Promise<string> {
  const sql = await LakeSql.open(new FileObjectStore(lakeDir(config)), { dialect });
  try {
    return formatRows(await sql.query(query), format);
  } finally {
    sql.close();
  }
}

/**
 * `sdp compact`: one compaction run now. By default over the closed hours, as the schedule does;
 * with `all`, over every partition including the open hour (safe: files arriving later are kept).
 */
export async function runCompaction(config: LocalConfig, all: boolean): Promise<CompactLakeResult> {
  const store = new FileObjectStore(lakeDir(config));
  return compactLake({
    store,
    ...compactionSettings(config.lake),
    onChange: ledgerChanges(store),
    ...(all ? { graceMs: 0, partitions: await everyPartition(store) } : {}),
  });
}

async function everyPartition(store: FileObjectStore): Promise<Partition[]> {
  const seen = new Map<string, Partition>();
  for (const stream of STREAM_NAMES) {
    for (const { key } of await store.list(manifestPrefix(stream))) {
      const match = /dt=([\d-]+)\/hr=(\d{2})\//.exec(key);
      if (isManifestKey(key) && match)
        seen.set(`${match[1]}/${match[2]}`, { dt: match[1] as string, hr: match[2] as string });
    }
  }
  return [...seen.values()];
}

/** `sdp lake verify`: the local lake checked against its manifests and the writers' delivery ledger. */
export function runLakeVerify(config: LocalConfig): Promise<LakeVerification> {
  return verifyLake(new FileObjectStore(lakeDir(config)));
}
