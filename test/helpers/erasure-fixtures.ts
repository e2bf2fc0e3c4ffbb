import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dataPrefix, type Partition, partitionStart, RAW_SUFFIX } from '../../lambda/domain/lake/lake-layout.ts';
import type { StreamName } from '../../lambda/domain/streams.ts';
import { compactLake } from '../../lambda/lake/run-compaction.ts';
import type { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';
import { deliverParquet } from './lake-fixtures.ts';

/** The user whose data is erased, and two others whose rows must all stay. */
export const ERASED = '7d1f0c5e-erased-user-4b2a-9e61-a0c3d8f2b715';
export const OTHERS = ['3b9e2f10-kept-user-a', '5c0a7e44-kept-user-b'] as const;
/** The first hour is compacted by `buildLake`, the second is left as delivered. */
export const HOURS: readonly Partition[] = [
  { dt: '2026-12-31', hr: '23' },
  { dt: '2027-01-01', hr: '00' },
];

type Row = Record<string, unknown>;

export interface LakeRows {
  readonly bcns: Row[];
  readonly impressions: Row[];
  readonly clicks: Row[];
  readonly aggregates: Row[];
}

/**
 * A small funnel per user in each hour: 4 bids, impressions for 3 of them, a click for 2, as the
 * platform writes them (bcns as received, the joined impressions and clicks, aggregates).
 * `ERASED` owns transactions `<hour>-e-<n>`; the others `<hour>-<user>-<n>`.
 */
export function funnelRows(partition: Partition, offsetMs = 0): LakeRows {
  const t0 = partitionStart(partition) + 60_000 + offsetMs;
  const rows: LakeRows = { bcns: [], impressions: [], clicks: [], aggregates: [] };
  const users = [ERASED, ...OTHERS];
  users.forEach((user, u) => {
    for (let n = 0; n < 4; n++) {
      const tx = `${partition.dt}T${partition.hr}${offsetMs ? `+${offsetMs}` : ''}-${u === 0 ? 'e' : `u${u}`}-${n}`;
      const t = t0 + u * 1000 + n * 100;
      const bid = {
        tx_id: tx,
        campaign_item_id: 1001 + n,
        app_uid: user,
        domain: 'news.example.com',
        creative_id: `cr-${n}`,
        creative_category: 'sports',
        win_price: 2_000_000,
        type: 'bid',
        timestamp: t,
      };
      rows.bcns.push(bid);
      if (n === 3) continue;
      const joined = {
        tx_id: tx,
        campaign_item_id: bid.campaign_item_id,
        app_uid: user,
        domain: bid.domain,
        creative_id: bid.creative_id,
        creative_category: bid.creative_category,
        bid_price: bid.win_price,
        win_price: 1_500_000,
        bid_timestamp: t,
      };
      rows.bcns.push({ tx_id: tx, win_price: 1_500_000, type: 'imp', timestamp: t + 10 });
      rows.impressions.push({ ...joined, timestamp: t + 10 });
      if (n >= 2) continue;
      rows.bcns.push({ tx_id: tx, type: 'click', timestamp: t + 20 });
      rows.clicks.push({ ...joined, impression_timestamp: t + 10, timestamp: t + 20 });
    }
  });
  rows.aggregates.push({
    campaign_item_id: 1001,
    period: new Date(t0).toISOString().replace('.000Z', 'Z'),
    bids: 3,
    impressions: 3,
    clicks: 3,
    spend: 4_500_000,
    version: 9,
  });
  return rows;
}

/** Writes rows as the lake writers deliver them: one raw gzip NDJSON file and one Parquet file each. */
export async function deliver(store: FileObjectStore, partition: Partition, name: string, rows: LakeRows) {
  for (const stream of Object.keys(rows) as (keyof LakeRows)[]) {
    const lines = rows[stream];
    if (lines.length === 0) continue;
    await deliverRaw(
      store,
      stream,
      partition,
      name,
      lines.map((row) => JSON.stringify(row)),
    );
    await deliverParquet(store, `${stream}-${name}`, lines, partition, stream);
  }
}

export async function deliverRaw(
  store: FileObjectStore,
  stream: StreamName,
  partition: Partition,
  name: string,
  lines: readonly string[],
): Promise<string> {
  const key = `${dataPrefix('raw', stream, partition)}${stream}-${name}${RAW_SUFFIX}`;
  await mkdir(dirname(store.uri(key)), { recursive: true });
  await writeFile(store.uri(key), gzipSync(`${lines.join('\n')}\n`));
  return key;
}

/**
 * A record the lake writer could not convert, in the error prefix as the writers store it: a
 * Firehose error record holding its bytes base64-encoded (so the id is not there in clear).
 */
export async function deliverError(store: FileObjectStore, partition: Partition, text: string): Promise<string> {
  const key = `errors/parquet/bcns/format-conversion-failed/dt=${partition.dt}/hr=${partition.hr}/bcns-bad${RAW_SUFFIX}`;
  const record = {
    attemptsMade: 1,
    arrivalTimestamp: Date.UTC(2027, 0, 1),
    ErrorCode: 'DataFormatConversion.MalformedData',
    ErrorMessage: 'not-json: the record is not JSON',
    attemptEndingTimestamp: Date.UTC(2027, 0, 1),
    rawData: Buffer.from(text).toString('base64'),
    sequenceNumber: '49000000000000000000000000001',
    subSequenceNumber: null,
    dataCatalogTable: { tableName: 'parquet_bcns' },
  };
  await mkdir(dirname(store.uri(key)), { recursive: true });
  await writeFile(store.uri(key), gzipSync(`${JSON.stringify(record)}\n`));
  return key;
}

/**
 * The fixture lake: two deliveries per hour in both hours, a malformed record naming the erased
 * user in the first, and the first hour compacted. Returns every row delivered, per stream.
 */
export async function buildLake(store: FileObjectStore): Promise<LakeRows> {
  const all: LakeRows = { bcns: [], impressions: [], clicks: [], aggregates: [] };
  for (const partition of HOURS) {
    for (const [i, offset] of [0, 5_000].entries()) {
      const rows = funnelRows(partition, offset);
      await deliver(store, partition, `delivery-${i}`, rows);
      for (const stream of Object.keys(all) as (keyof LakeRows)[]) all[stream].push(...rows[stream]);
    }
  }
  await deliverError(store, HOURS[0] as Partition, `{"tx_id":"stray","app_uid":"${ERASED}","campaign_item_id":`);
  const compacted = await compactLake({
    store,
    lookbackHours: 1,
    graceMs: 0,
    targetBytes: 64 * 1024 * 1024,
    partitions: [HOURS[0] as Partition],
  });
  if (!compacted.ran || compacted.compacted.length !== 4) throw new Error('the fixture lake did not compact');
  return all;
}

/** Every row of each table as a sorted list of JSON texts (dt and hr left out), as `sdp sql` reads them. */
export async function tableRows(store: FileObjectStore, tables: readonly string[]): Promise<Record<string, string[]>> {
  const sql = await LakeSql.open(store, { dialect: 'duckdb' });
  try {
    const result: Record<string, string[]> = {};
    for (const table of tables) {
      const { rows } = await sql.query(`SELECT * EXCLUDE (dt, hr) FROM ${table}`);
      result[table] = rows.map((row) => JSON.stringify(row)).sort();
    }
    return result;
  } finally {
    sql.close();
  }
}

/** The rows of `rows` that are not the erased user's: what every table must still hold. */
export function keptRows(rows: readonly Row[]): Row[] {
  const erasedTx = new Set(rows.filter((r) => r.app_uid === ERASED).map((r) => r.tx_id));
  return rows.filter((r) => r.app_uid !== ERASED && !erasedTx.has(r.tx_id));
}
