import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Partition, partitionOfKey, partitionPath } from '../../lambda/domain/lake/lake-layout.ts';
import type { StreamName } from '../../lambda/domain/streams.ts';
import type { LakeChange, LakeChangeListener } from '../../lambda/lake/lake-changes.ts';
import type { FileObjectStore } from './file-object-store.ts';

/** What a delivered file holds: rows of raw_*, rows of parquet_*, or failed records (errors/). */
export type DeliveryKind = 'raw' | 'parquet' | 'errors';

/** One file the local lake writer delivered, as it recorded it before publishing. */
export interface Delivery {
  readonly key: string;
  readonly kind: DeliveryKind;
  /** Lines of a raw or errors file, rows of a Parquet file. */
  readonly rows: number;
  readonly bytes: number;
}

export const LEDGER_PREFIX = 'ledger/';

/**
 * The local lake writers' record of every file they delivered, one NDJSON file per stream and
 * partition (`ledger/<stream>/dt=…/hr=…/deliveries.ndjson`): what `sdp lake verify` checks the lake
 * against. Firehose keeps no such record on AWS. Appends are durable; a publication replayed after
 * a crash appends its entries again, so readers keep the first entry per key.
 */
export function ledgerKey(stream: StreamName, partition: Partition): string {
  return `${LEDGER_PREFIX}${stream}/${partitionPath(partition)}deliveries.ndjson`;
}

export async function appendDeliveries(
  store: FileObjectStore,
  stream: StreamName,
  partition: Partition,
  deliveries: readonly Delivery[],
): Promise<void> {
  await append(store, ledgerKey(stream, partition), deliveries);
}

/**
 * Records in the ledger a change retention or an erasure makes to delivered files (see `LakeChange`),
 * as an entry `{"changed": …}` among the deliveries: what the lake should hold afterwards.
 */
export function ledgerChanges(store: FileObjectStore): LakeChangeListener {
  return async (change) => {
    const partition = change.change === 'expired' ? change.partition : partitionOfKey(change.key);
    await append(store, ledgerKey(change.stream, partition), [{ changed: change }]);
  };
}

async function append(store: FileObjectStore, key: string, entries: readonly object[]): Promise<void> {
  if (entries.length === 0) return;
  const path = store.uri(key);
  await mkdir(dirname(path), { recursive: true });
  const fd = openSync(path, 'a+');
  try {
    writeSync(fd, `${tornTail(fd) ? '\n' : ''}${entries.map((d) => `${JSON.stringify(d)}\n`).join('')}`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** True when a crash cut the file's last append short: the next append starts on a line of its own. */
function tornTail(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/** What a partition's ledger says the lake should hold. */
export interface Ledger {
  /**
   * The files delivered, first entry per key, as the lake's maintenance left them: a raw or error
   * file an erasure rewrote with its new rows and bytes; none of a kind retention removed.
   */
  readonly deliveries: Delivery[];
  /** Rows erasures removed from the partition's Parquet files (their replacements hold the rest). */
  readonly erasedParquetRows: number;
  /** Kinds of files retention removed from the partition: none is expected any more. */
  readonly expired: ReadonlySet<DeliveryKind>;
}

/** The deliveries recorded for a partition, as the lake should hold them now; empty when there is no ledger. */
export async function readDeliveries(store: FileObjectStore, key: string): Promise<Delivery[]> {
  return (await readLedger(store, key)).deliveries;
}

export async function readLedger(store: FileObjectStore, key: string): Promise<Ledger> {
  let text: string;
  try {
    text = await readFile(store.uri(key), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { deliveries: [], erasedParquetRows: 0, expired: new Set() };
    throw error;
  }
  const byKey = new Map<string, Delivery>();
  // Later changes of one file supersede earlier ones: a change is told before it is made, so one a
  // crash interrupted is told again, whole, by the run that makes it.
  const rewritten = new Map<string, { rows: number; bytes: number }>();
  const erased = new Map<string, number>();
  const expired = new Set<DeliveryKind>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let entry: Delivery | { changed: LakeChange };
    try {
      entry = JSON.parse(line) as Delivery | { changed: LakeChange };
    } catch {
      // An append a crash cut short: the replayed publication appended the whole entry again.
      continue;
    }
    if (!('changed' in entry)) {
      if (!byKey.has(entry.key)) byKey.set(entry.key, entry);
      continue;
    }
    const change = entry.changed;
    if (change.change === 'rewritten') rewritten.set(change.key, { rows: change.rows, bytes: change.bytes });
    else if (change.change === 'erased') erased.set(change.key, change.rows);
    else expired.add(change.kind);
  }
  const deliveries = [...byKey.values()]
    .filter((delivery) => !expired.has(delivery.kind))
    .map((delivery) => ({ ...delivery, ...rewritten.get(delivery.key) }));
  const erasedParquetRows = [...erased.values()].reduce((sum, n) => sum + n, 0);
  return { deliveries, erasedParquetRows, expired };
}
