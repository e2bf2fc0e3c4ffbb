import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Partition, partitionPath } from '../../lambda/domain/lake/lake-layout.ts';
import type { StreamName } from '../../lambda/domain/streams.ts';
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
  if (deliveries.length === 0) return;
  const path = store.uri(ledgerKey(stream, partition));
  await mkdir(dirname(path), { recursive: true });
  const fd = openSync(path, 'a+');
  try {
    writeSync(fd, `${tornTail(fd) ? '\n' : ''}${deliveries.map((d) => `${JSON.stringify(d)}\n`).join('')}`);
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

/** The deliveries recorded for a partition, first entry per key; empty when there is no ledger. */
export async function readDeliveries(store: FileObjectStore, key: string): Promise<Delivery[]> {
  let text: string;
  try {
    text = await readFile(store.uri(key), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const byKey = new Map<string, Delivery>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let delivery: Delivery;
    try {
      delivery = JSON.parse(line) as Delivery;
    } catch {
      // An append a crash cut short: the replayed publication appended the whole entry again.
      continue;
    }
    if (!byKey.has(delivery.key)) byKey.set(delivery.key, delivery);
  }
  return [...byKey.values()];
}
