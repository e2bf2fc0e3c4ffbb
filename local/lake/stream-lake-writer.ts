import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  conversionErrorPrefix,
  dataPrefix,
  PARQUET_SUFFIX,
  type Partition,
  partitionOf,
  partitionOfKey,
  RAW_SUFFIX,
} from '../../lambda/domain/lake/lake-layout.ts';
import type { StreamName } from '../../lambda/domain/streams.ts';
import { dropErasedRecords } from '../../lambda/lake/drop-erased-records.ts';
import type { ParquetConverter } from '../../lambda/lake/json-to-parquet.ts';
import { type LakeRecord, partitionFiles } from '../../lambda/lake/partition-files.ts';
import { registerDataFiles } from '../../lambda/lake/register-data-files.ts';
import { type ComponentHealth, HealthState } from '../health/component-health.ts';
import { readJsonFile, writeJsonFileAtomic } from '../streams/json-file.ts';
import type { ShardBatch, ShardPositions } from '../streams/shard-reader.ts';
import { appendDeliveries, type Delivery } from './delivery-ledger.ts';
import type { FileObjectStore } from './file-object-store.ts';

/** Pages small enough that one read never holds the local Kinesis thread long (Kinesis allows 10,000). */
export const LAKE_PAGE_SIZE = 2_500;

/** Where the writer reads its stream from: a {@link ShardReader} on the platform, anything alike in tests. */
export interface RecordSource {
  read(): Promise<ShardBatch[]>;
  /** The records up to `sequenceNumber` are checkpointed. */
  commit(shardId: string, sequenceNumber: string): void;
}

export interface StreamLakeWriterOptions {
  readonly stream: StreamName;
  /** Opens the stream after the checkpointed positions. */
  readonly source: (positions: ShardPositions) => RecordSource;
  readonly store: FileObjectStore;
  readonly converter: ParquetConverter;
  /** Holds the checkpoint and the files of a flush until they are published. */
  readonly stateDir: string;
  /** Flush once this many bytes are buffered… */
  readonly maxBytes: number;
  /** …or once the oldest buffered record is this old, like Firehose's buffering hints. */
  readonly maxAgeMs: number;
  /**
   * Pause between polls unless a shard returned a full page, as Firehose and the KCL poll: reading
   * the moment anything arrives would spend a GetRecords call (on the API's CPU) per few records.
   * @default 1000
   */
  readonly pollMs?: number;
  /** The process's clock: a record without an arrival time and the buffer's age. @default Date.now */
  readonly now?: () => number;
}

/** A file of a flush: written to `staging`, then renamed to `key` in the lake. */
interface StagedFile extends Delivery {
  readonly staging: string;
}

/**
 * The commit record of a flush. Written once the flush's files are durable in staging, it moves
 * the stream positions and names the files to publish, with their sizes: publishing replays
 * safely after a crash, and a file that is neither in staging nor at its target is detected.
 */
interface Checkpoint {
  readonly positions: ShardPositions;
  readonly pending: readonly StagedFile[];
}

export interface LakeWriterStats {
  readonly records: number;
  /** Records dropped before writing because a pending erasure covers them. */
  readonly erased: number;
  /** Rows with `type` "bid" written: what the retraining trigger counts. */
  readonly bids: number;
  readonly rows: number;
  /** Records sent to the error prefix instead of the tables. */
  readonly rejected: number;
  readonly files: number;
}

/**
 * A staged file of a committed flush is in neither place: publishing it cannot be proved, so the
 * checkpoint keeps listing it and the writer stops instead of skipping it.
 */
export class UnpublishedFileError extends Error {
  constructor(stream: StreamName, file: StagedFile, reason: string) {
    super(
      `The ${stream} lake writer cannot publish ${file.key} (${file.rows} ${file.kind} rows, ${file.bytes} bytes): ` +
        `${reason}. Its checkpoint still lists the file and nothing after it is written; ` +
        'run `npx sdp lake verify` to see the state of the lake.',
    );
    this.name = 'UnpublishedFileError';
  }
}

/**
 * Delivers one stream to the lake as Firehose does on AWS: records buffered by size and time,
 * partitioned by arrival hour, written as gzip NDJSON under raw/ and Snappy Parquet under
 * parquet/, the Parquet files registered in their partition's manifest, and records no reader
 * could read under errors/. A record is in the lake exactly once across restarts and `kill -9`:
 * files are staged under names unique to their flush and partition, then one atomic checkpoint
 * both advances the stream positions and lists the files, and publishing them is idempotent.
 */
export class StreamLakeWriter {
  #buffer = new Map<string, { partition: Partition; records: LakeRecord[] }>();
  #bufferedBytes = 0;
  #oldest: number | undefined;
  #last: ShardPositions = {};
  #checkpoint: Checkpoint;
  #source: RecordSource;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #stats = { records: 0, erased: 0, bids: 0, rows: 0, rejected: 0, files: 0 };
  readonly #health = new HealthState();
  readonly #now: () => number;
  readonly #checkpointPath: string;
  readonly #stagingDir: string;

  constructor(private readonly options: StreamLakeWriterOptions) {
    this.#now = options.now ?? Date.now;
    this.#checkpointPath = join(options.stateDir, `${options.stream}.json`);
    this.#stagingDir = join(options.stateDir, 'staging', options.stream);
    this.#checkpoint = readJsonFile<Checkpoint>(this.#checkpointPath, { positions: {}, pending: [] });
    this.#source = options.source({ ...this.#checkpoint.positions });
  }

  get stats(): LakeWriterStats {
    return { ...this.#stats };
  }

  /** Failing from a failed read or flush until one succeeds again. */
  get health(): ComponentHealth {
    return this.#health.snapshot();
  }

  /**
   * Finishes the publication a crash interrupted, drops unpublished leftovers, then starts reading.
   * Rejects with {@link UnpublishedFileError} when a committed file cannot be found.
   */
  async start(): Promise<void> {
    await mkdir(this.#stagingDir, { recursive: true });
    await this.#publish(this.#checkpoint);
    const pending = new Set(this.#checkpoint.pending.map((file) => file.staging));
    for (const name of await readdir(this.#stagingDir)) {
      if (!pending.has(join(this.#stagingDir, name))) await rm(join(this.#stagingDir, name), { force: true });
    }
    this.#loop = this.#run();
  }

  /** Stops reading, flushes what is buffered and checkpoints. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#loop;
    await this.#flush();
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let fullPage = false;
      try {
        for (const batch of await this.#source.read()) {
          if (batch.records.length === LAKE_PAGE_SIZE) fullPage = true;
          for (const record of batch.records) this.#add(record);
          const last = batch.records.at(-1);
          if (last) this.#last[batch.shardId] = last.SequenceNumber as string;
        }
        if (this.#bufferedBytes >= this.options.maxBytes || this.#age() >= this.options.maxAgeMs) await this.#flush();
        if (this.#health.ok()) console.error(`Lake writer for ${this.options.stream} recovered.`);
      } catch (error) {
        // Nothing was checkpointed: the buffer is kept and written by the next flush.
        if (this.#health.fail(error)) {
          console.error(`Lake writer for ${this.options.stream} failed; retrying until it works:`, error);
        }
        fullPage = false;
      }
      if (!fullPage && !this.#stopping)
        await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 1000));
    }
  }

  #age(): number {
    return this.#oldest === undefined ? 0 : this.#now() - this.#oldest;
  }

  #add(record: ShardBatch['records'][number]): void {
    const data = record.Data ?? new Uint8Array();
    const arrival = record.ApproximateArrivalTimestamp?.getTime() ?? this.#now();
    const partition = partitionOf(arrival);
    const id = `${partition.dt}/${partition.hr}`;
    let bucket = this.#buffer.get(id);
    if (!bucket) {
      bucket = { partition, records: [] };
      this.#buffer.set(id, bucket);
    }
    bucket.records.push({ data, arrivalMs: arrival, sequenceNumber: record.SequenceNumber as string });
    this.#bufferedBytes += data.length + 1;
    this.#oldest ??= this.#now();
    this.#stats.records++;
  }

  async #flush(): Promise<void> {
    // A publication that failed after its checkpoint must land before a new checkpoint replaces it.
    await this.#publish(this.#checkpoint);
    if (Object.keys(this.#last).length === 0) return;
    const erased = await dropErasedRecords(this.options.store, [...this.#buffer.values()]);
    const flushId = `${this.#now()}-${randomUUID().slice(0, 8)}`;
    const files: StagedFile[] = [];
    let bids = 0;
    try {
      for (const { partition, records } of this.#buffer.values())
        bids += await this.#stagePartition(flushId, partition, records, files);
    } catch (error) {
      await Promise.all(files.map((file) => rm(file.staging, { force: true })));
      throw error;
    }
    syncDir(this.#stagingDir);
    const checkpoint: Checkpoint = { positions: { ...this.#checkpoint.positions, ...this.#last }, pending: files };
    writeJsonFileAtomic(this.#checkpointPath, checkpoint);
    this.#checkpoint = checkpoint;
    for (const [shardId, sequence] of Object.entries(this.#last)) this.#source.commit(shardId, sequence);
    this.#buffer = new Map();
    this.#bufferedBytes = 0;
    this.#oldest = undefined;
    this.#last = {};
    await this.#publish(checkpoint);
    for (const file of files) {
      if (file.kind === 'parquet') this.#stats.rows += file.rows;
      if (file.kind === 'errors') this.#stats.rejected += file.rows;
    }
    this.#stats.bids += bids;
    this.#stats.erased += erased;
    this.#stats.files += files.length;
  }

  /**
   * Stages one partition's share of a flush under names unique to the flush and the partition: the
   * readable records as raw and Parquet files holding the same rows, the others as error records.
   * Resolves to the number of bids among the rows.
   */
  async #stagePartition(
    flushId: string,
    partition: Partition,
    records: readonly LakeRecord[],
    files: StagedFile[],
  ): Promise<number> {
    const { stream } = this.options;
    const name = `${stream}-${flushId}-${partition.dt.replaceAll('-', '')}${partition.hr}`;
    const parquet = join(this.#stagingDir, `${name}${PARQUET_SUFFIX}`);
    const sorted = await partitionFiles(this.options.converter, stream, records, parquet, this.#now);
    if (sorted.raw) {
      const raw = await this.#stage(`${name}-raw${RAW_SUFFIX}`, sorted.raw);
      syncFile(parquet);
      const key = (format: 'raw' | 'parquet', suffix: string) =>
        `${dataPrefix(format, stream, partition)}${name}${suffix}`;
      files.push({ ...raw, kind: 'raw', rows: sorted.rows, key: key('raw', RAW_SUFFIX) });
      const bytes = (await stat(parquet)).size;
      files.push({ staging: parquet, kind: 'parquet', rows: sorted.rows, bytes, key: key('parquet', PARQUET_SUFFIX) });
    }
    if (sorted.errors) {
      const errors = await this.#stage(`${name}-errors${RAW_SUFFIX}`, sorted.errors);
      const key = `${conversionErrorPrefix(stream, partition)}${name}${RAW_SUFFIX}`;
      files.push({ ...errors, kind: 'errors', rows: sorted.rejected, key });
    }
    return sorted.bids;
  }

  /**
   * Moves a checkpoint's files into the lake, registers the Parquet ones and records them in the
   * delivery ledger; safe to repeat. Only then is the checkpoint's list of files cleared.
   */
  async #publish(checkpoint: Checkpoint): Promise<void> {
    if (checkpoint.pending.length === 0) return;
    const dirs = new Set<string>();
    for (const file of checkpoint.pending) {
      const target = this.options.store.uri(file.key);
      await mkdir(dirname(target), { recursive: true });
      await this.#move(file, target);
      dirs.add(dirname(target));
    }
    for (const dir of dirs) syncDir(dir);
    await registerDataFiles(
      this.options.store,
      checkpoint.pending.filter((file) => file.kind === 'parquet').map((file) => file.key),
    );
    const byPartition = new Map<string, { partition: Partition; deliveries: Delivery[] }>();
    for (const { staging: _, ...delivery } of checkpoint.pending) {
      const partition = partitionOfKey(delivery.key);
      const id = `${partition.dt}/${partition.hr}`;
      const entry = byPartition.get(id) ?? { partition, deliveries: [] };
      entry.deliveries.push(delivery);
      byPartition.set(id, entry);
    }
    for (const { partition, deliveries } of byPartition.values()) {
      await appendDeliveries(this.options.store, this.options.stream, partition, deliveries);
    }
    this.#checkpoint = { positions: checkpoint.positions, pending: [] };
    writeJsonFileAtomic(this.#checkpointPath, this.#checkpoint);
  }

  /**
   * Renames a staged file to its target. A staged file that is gone counts as published only if its
   * target holds exactly the recorded bytes: the run that crashed moved it (names are unique, so no
   * other file can be there).
   */
  async #move(file: StagedFile, target: string): Promise<void> {
    try {
      await rename(file.staging, target);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const found = await stat(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (found === undefined)
      throw new UnpublishedFileError(this.options.stream, file, 'it is neither staged nor in the lake');
    if (typeof (file as Partial<StagedFile>).bytes !== 'number') {
      throw new UnpublishedFileError(this.options.stream, file, 'a version that recorded no file sizes staged it');
    }
    if (found.size !== file.bytes) {
      throw new UnpublishedFileError(this.options.stream, file, `the lake holds ${found.size} bytes under its name`);
    }
  }

  async #stage(name: string, bytes: Uint8Array): Promise<{ staging: string; bytes: number }> {
    const path = join(this.#stagingDir, name);
    await writeFile(path, bytes);
    syncFile(path);
    return { staging: path, bytes: bytes.length };
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the renames into a directory durable, as a checkpoint that relies on them needs. */
function syncDir(path: string): void {
  syncFile(path);
}
