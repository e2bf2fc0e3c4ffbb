import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dataPrefix, PARQUET_SUFFIX, type Partition } from '../../lambda/domain/lake/lake-layout.ts';
import { parquetColumns } from '../../lambda/domain/lake/lake-tables.ts';
import type { StreamName } from '../../lambda/domain/streams.ts';
import { ParquetConverter } from '../../lambda/lake/json-to-parquet.ts';
import { registerDataFiles } from '../../lambda/lake/register-data-files.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';

export const PARTITION: Partition = { dt: '2026-11-20', hr: '07' };

export async function makeLake(): Promise<FileObjectStore> {
  return new FileObjectStore(await mkdtemp(join(tmpdir(), 'sdp-lake-')));
}

/** Bid rows `first` … `first + count - 1` of a partition, as the lake writer would store them. */
export function bidRows(first: number, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    tx_id: `tx-${first + i}`,
    campaign_item_id: 1000 + ((first + i) % 7),
    app_uid: `app-${(first + i) % 13}`,
    domain: (first + i) % 5 === 0 ? null : `d${(first + i) % 3}.example.com`,
    win_price: 1_000_000 + first + i,
    type: 'bid',
    timestamp: 1_795_200_000_000 + first + i,
  }));
}

/** Writes `rows` as one Parquet data file of `partition` and registers it, like a delivery. */
export async function deliverParquet(
  store: FileObjectStore,
  name: string,
  rows: Record<string, unknown>[],
  partition: Partition = PARTITION,
  stream: StreamName = 'bcns',
): Promise<string> {
  const key = `${dataPrefix('parquet', stream, partition)}${name}${PARQUET_SUFFIX}`;
  await mkdir(dirname(store.uri(key)), { recursive: true });
  const converter = await ParquetConverter.open();
  try {
    const lines = rows.map((row) => Buffer.from(JSON.stringify(row)));
    const { rejected } = await converter.convert(lines, store.uri(key), parquetColumns(stream));
    if (rejected.size > 0) throw new Error(`fixture rows rejected: ${[...rejected.values()].join('; ')}`);
  } finally {
    converter.close();
  }
  await registerDataFiles(store, [key]);
  return key;
}

/** What a reader of parquet_bcns sees: every row's tx_id, sorted (duplicates kept). */
export async function visibleTxIds(store: FileObjectStore): Promise<string[]> {
  const sql = await LakeSql.open(store);
  try {
    const { rows } = await sql.query('SELECT tx_id FROM parquet_bcns ORDER BY tx_id');
    return rows.map((row) => row.tx_id as string);
  } finally {
    sql.close();
  }
}
