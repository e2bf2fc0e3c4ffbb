import { stat } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  dataPrefix,
  HOUR_MS,
  isPartitionKey,
  manifestKey,
  type Partition,
  partitionOfKey,
  partitionStart,
  RAW_SUFFIX,
} from '../../lambda/domain/lake/lake-layout.ts';
import { type LakeColumn, parquetColumns, tableName } from '../../lambda/domain/lake/lake-tables.ts';
import { STREAM_NAMES, type StreamName } from '../../lambda/domain/streams.ts';
import { jsonColumns } from '../../lambda/lake/json-to-parquet.ts';
import { isManifestKey, readManifest } from '../../lambda/lake/manifest.ts';
import { duckType, quoteIdentifier, quoteLiteral } from '../../lambda/lake/parquet-files.ts';
import { RETIREMENT_PREFIX, type Retirement } from '../../lambda/lake/retirement.ts';
import { type Delivery, LEDGER_PREFIX, ledgerKey, readLedger } from './delivery-ledger.ts';
import type { FileObjectStore } from './file-object-store.ts';

/** Something in the lake a query would trip over, or rows that are not where the writers put them. */
export interface LakeProblem {
  /** `raw_bcns`, `parquet_clicks`… */
  readonly table: string;
  /** `dt=…/hr=…`, when the problem is in one partition. */
  readonly partition: string | null;
  readonly message: string;
}

export interface LakeVerification {
  readonly problems: LakeProblem[];
  /** What could not be checked, and why. */
  readonly notes: string[];
  readonly checked: { partitions: number; manifestEntries: number; rawFiles: number; errorFiles: number };
}

interface FileScan {
  readonly rows: number;
  /** Rows received (their `timestamp`) after their partition's hour ended: they cannot have arrived in it. */
  readonly misfiled: number;
}

/**
 * `sdp lake verify`: checks the local lake against itself and against the writers' delivery ledger.
 * Every manifest entry must exist and be readable; every Parquet data file must be in a manifest
 * (or waiting for the compactor's vacuum); every raw, Parquet and error file the writers recorded
 * must be there with the bytes and rows they recorded, and a partition's manifest must hold as
 * many rows as the writers delivered to it (compaction keeps rows, so this holds after it too).
 * Run it while the platform is idle: a flush being published can show as a passing problem.
 */
export async function verifyLake(store: FileObjectStore): Promise<LakeVerification> {
  const scanner = await FileScanner.open();
  const result: LakeVerification = {
    problems: [],
    notes: [],
    checked: { partitions: 0, manifestEntries: 0, rawFiles: 0, errorFiles: 0 },
  };
  try {
    for (const stream of STREAM_NAMES) await verifyStream(store, scanner, stream, result);
  } finally {
    scanner.close();
  }
  return result;
}

async function verifyStream(
  store: FileObjectStore,
  scanner: FileScanner,
  stream: StreamName,
  result: LakeVerification,
): Promise<void> {
  const columns = parquetColumns(stream);
  const parquetTable = tableName('parquet', stream);
  const rawTable = tableName('raw', stream);
  const problem = (table: string, partition: Partition | null, message: string) =>
    result.problems.push({ table, partition: partition && `dt=${partition.dt}/hr=${partition.hr}`, message });
  const waiting = await retiredKeys(store, stream);
  const parquetObjects = new Map((await store.list(dataPrefix('parquet', stream))).map((o) => [o.key, o]));
  const rawObjects = new Map(
    (await store.list(dataPrefix('raw', stream))).filter((o) => o.key.endsWith(RAW_SUFFIX)).map((o) => [o.key, o]),
  );
  const partitions = new Map<string, Partition>();
  const note = (key: string) => {
    if (!isPartitionKey(key)) return;
    const partition = partitionOfKey(key);
    partitions.set(`dt=${partition.dt}/hr=${partition.hr}`, partition);
  };
  for (const key of [...parquetObjects.keys(), ...rawObjects.keys()]) note(key);
  for (const { key } of await store.list(`manifests/${parquetTable}/`)) if (isManifestKey(key)) note(key);
  for (const { key } of await store.list(`${LEDGER_PREFIX}${stream}/`)) note(key);

  const listed = new Set<string>();
  for (const partition of [...partitions.values()].sort(byTime)) {
    result.checked.partitions++;
    const end = partitionStart(partition) + HOUR_MS;
    const ledger = await readLedger(store, ledgerKey(stream, partition));
    const { deliveries } = ledger;
    const recorded = new Map(deliveries.map((d) => [d.key, d]));

    // parquet_*: what the manifest lists, against the files and the deliveries.
    let manifestRows = 0;
    for (const key of (await readManifest(store, manifestKey(stream, partition))).keys) {
      result.checked.manifestEntries++;
      listed.add(key);
      if (!parquetObjects.has(key)) {
        problem(parquetTable, partition, `the manifest lists ${key}, which does not exist`);
        continue;
      }
      const scan = await scanner.parquet(store.uri(key), columns, end).catch((error: Error) => error);
      if (scan instanceof Error) {
        problem(parquetTable, partition, `${key} cannot be read: ${firstLine(scan)}`);
        continue;
      }
      manifestRows += scan.rows;
      const delivery = recorded.get(key);
      if (delivery && delivery.rows !== scan.rows) {
        problem(parquetTable, partition, `${key} holds ${rows(scan.rows)}; the writer recorded ${delivery.rows}`);
      }
      if (scan.misfiled > 0) {
        problem(parquetTable, partition, `${key} holds ${rows(scan.misfiled)} received after the partition's hour`);
      }
    }
    const delivered = sum(deliveries.filter((d) => d.kind === 'parquet')) - ledger.erasedParquetRows;
    if (deliveries.length > 0 && !ledger.expired.has('parquet') && manifestRows !== delivered) {
      problem(
        parquetTable,
        partition,
        `the manifest's files hold ${rows(manifestRows)}; the writers delivered ${delivered}`,
      );
    }

    // raw_* and errors/: every recorded file whole, every file recorded.
    for (const delivery of deliveries.filter((d) => d.kind !== 'parquet')) {
      const table = delivery.kind === 'raw' ? rawTable : `errors/parquet/${stream}`;
      const size = await sizeOf(store.uri(delivery.key));
      if (delivery.kind === 'errors') result.checked.errorFiles++;
      if (size === undefined) {
        problem(table, partition, `${delivery.key} (${rows(delivery.rows)}) is missing`);
      } else if (size !== delivery.bytes) {
        problem(table, partition, `${delivery.key} has ${size} bytes; the writer recorded ${delivery.bytes}`);
      }
    }
    for (const [key] of [...rawObjects].filter(([k]) => isInPartition(k, partition))) {
      result.checked.rawFiles++;
      const scan = await scanner.raw(store.uri(key), columns, end).catch((error: Error) => error);
      if (scan instanceof Error) {
        problem(rawTable, partition, `${key} cannot be read: ${firstLine(scan)}`);
        continue;
      }
      const delivery = recorded.get(key);
      if (ledger.expired.has('raw')) {
        problem(rawTable, partition, `${key} is still there after the partition's retention removed it`);
      } else if (delivery && delivery.rows !== scan.rows) {
        problem(rawTable, partition, `${key} holds ${rows(scan.rows)}; the writer recorded ${delivery.rows}`);
      } else if (!delivery && deliveries.length > 0) {
        problem(rawTable, partition, `${key} is not a file the writers delivered`);
      }
      if (scan.misfiled > 0) {
        problem(rawTable, partition, `${key} holds ${rows(scan.misfiled)} received after the partition's hour`);
      }
    }
    if (
      deliveries.length === 0 &&
      (manifestRows > 0 || [...rawObjects.keys()].some((k) => isInPartition(k, partition)))
    ) {
      result.notes.push(
        `${stream} dt=${partition.dt}/hr=${partition.hr}: no delivery ledger (written before the writers recorded their files); row counts not checked`,
      );
    }
  }

  for (const key of parquetObjects.keys()) {
    if (!listed.has(key) && !waiting.has(key)) {
      const partition = isPartitionKey(key) ? partitionOfKey(key) : null;
      problem(parquetTable, partition, `${key} is in no manifest: ${parquetTable} does not read it`);
    }
  }
}

/** Files a compaction retired (its inputs, or the outputs of a run that crashed): the vacuum deletes them. */
async function retiredKeys(store: FileObjectStore, stream: StreamName): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const { key } of await store.list(`${RETIREMENT_PREFIX}${stream}/`)) {
    const body = await store.getText(key);
    if (!body) continue;
    const retirement = JSON.parse(body.body) as Retirement;
    for (const file of [...retirement.inputs, ...retirement.outputs]) keys.add(file);
  }
  return keys;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
const sum = (deliveries: readonly Delivery[]) => deliveries.reduce((total, d) => total + d.rows, 0);
const byTime = (a: Partition, b: Partition) => partitionStart(a) - partitionStart(b);
const firstLine = (error: Error) => error.message.split('\n')[0];
const isInPartition = (key: string, { dt, hr }: Partition) => key.includes(`/dt=${dt}/hr=${hr}/`);

/** Reads whole files with DuckDB, as the tables do, one at a time so that a bad one is named. */
class FileScanner {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  ) {}

  static async open(): Promise<FileScanner> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    return new FileScanner(instance, await instance.connect());
  }

  parquet(path: string, columns: readonly LakeColumn[], end: number): Promise<FileScan> {
    return this.#scan(`read_parquet(${quoteLiteral(path)})`, columns, end);
  }

  raw(path: string, columns: readonly LakeColumn[], end: number): Promise<FileScan> {
    return this.#scan(
      `read_json(${quoteLiteral(path)}, format = 'newline_delimited', columns = ${jsonColumns(columns)}, compression = 'gzip')`,
      columns,
      end,
    );
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  async #scan(source: string, columns: readonly LakeColumn[], end: number): Promise<FileScan> {
    // Hashing every column makes DuckDB decode every value, not just the row count in the footer.
    const values = columns.map((c) => `CAST(${quoteIdentifier(c.name)} AS ${duckType(c)})`).join(', ');
    const late = columns.some((c) => c.name === 'timestamp') ? `count(*) FILTER (WHERE "timestamp" >= ${end})` : '0';
    const reader = await this.connection.runAndReadAll(
      `SELECT count(*) AS n, ${late} AS late, sum(hash(${values})) AS h FROM ${source}`,
    );
    const [row] = reader.getRowObjectsJS();
    return { rows: Number(row?.n), misfiled: Number(row?.late) };
  }
}

/** The verification as `sdp lake verify` prints it: one line per problem, then what was checked. */
export function describeLakeVerification({ problems, notes, checked }: LakeVerification): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const summary =
    `Checked ${count(checked.partitions, 'partition', 'partitions')}: ` +
    `${count(checked.manifestEntries, 'manifest entry', 'manifest entries')}, ` +
    `${count(checked.rawFiles, 'raw file', 'raw files')}, ${count(checked.errorFiles, 'error file', 'error files')}.`;
  const lines = [
    ...problems.map((p) => `${p.table}${p.partition ? ` ${p.partition}` : ''}: ${p.message}`),
    ...notes.map((n) => `note: ${n}`),
  ];
  const verdict =
    problems.length === 0 ? 'No problems found.' : `${count(problems.length, 'problem', 'problems')} found.`;
  return [...lines, summary, verdict].join('\n');
}
