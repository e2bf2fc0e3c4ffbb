import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { _Record, KinesisClient } from '@aws-sdk/client-kinesis';
import { parseJsonObject } from '../../lambda/domain/json-object.ts';
import {
  conversionErrorPrefix,
  dataPrefix,
  PARQUET_SUFFIX,
  type Partition,
  partitionOf,
  RAW_SUFFIX,
} from '../../lambda/domain/lake/lake-layout.ts';
import { type LakeColumn, parquetColumns } from '../../lambda/domain/lake/lake-tables.ts';
import type { StreamName } from '../../lambda/domain/streams.ts';
import type { ParquetConverter } from '../../lambda/lake/json-to-parquet.ts';
import { registerDataFiles } from '../../lambda/lake/register-data-files.ts';
import { type ComponentHealth, HealthState } from '../health/component-health.ts';
import { readJsonFile, writeJsonFileAtomic } from '../streams/json-file.ts';
import { type ShardPositions, ShardReader } from '../streams/shard-reader.ts';
import type { FileObjectStore } from './file-object-store.ts';

const gzipAsync = promisify(gzip);
/** Pages small enough that one read never holds the local Kinesis thread long (Kinesis allows 10,000). */
const PAGE_SIZE = 2_500;

export interface StreamLakeWriterOptions {
  readonly client: KinesisClient;
  readonly stream: StreamName;
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
  readonly now?: () => number;
}

/** A file of a flush: written to `staging`, then renamed to `key` in the lake. */
interface StagedFile {
  readonly staging: string;
  readonly key: string;
}

/**
 * The commit record of a flush. Written once the flush's files are durable in staging, it moves
 * the stream positions and names the files to publish; publishing replays safely after a crash.
 */
interface Checkpoint {
  readonly positions: ShardPositions;
  readonly pending: readonly StagedFile[];
}

export interface LakeWriterStats {
  readonly records: number;
  /** Rows with `type` "bid" written: what the retraining trigger counts. */
  readonly bids: number;
  readonly rows: number;
  readonly rejected: number;
  readonly files: number;
}

/**
 * Delivers one stream to the lake as Firehose does on AWS: records buffered by size and time,
 * partitioned by arrival hour, written as gzip NDJSON under raw/ and Snappy Parquet under
 * parquet/, the Parquet files registered in their partition's manifest. A record is in the lake
 * exactly once across restarts and `kill -9`: files are staged, then one atomic checkpoint both
 * advances the stream positions and lists the files, and publishing them is idempotent.
 */
export class StreamLakeWriter {
  #buffer = new Map<string, { partition: Partition; lines: string[]; rejected: string[] }>();
  #bufferedBytes = 0;
  #oldest: number | undefined;
  #last: ShardPositions = {};
  #checkpoint: Checkpoint;
  #reader: ShardReader;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #stats = { records: 0, bids: 0, rows: 0, rejected: 0, files: 0 };
  readonly #health = new HealthState();
  #bufferedBids = 0;
  readonly #now: () => number;
  readonly #checkpointPath: string;
  readonly #columns: readonly LakeColumn[];
  readonly #stagingDir: string;

  constructor(private readonly options: StreamLakeWriterOptions) {
    this.#now = options.now ?? Date.now;
    this.#checkpointPath = join(options.stateDir, `${options.stream}.json`);
    this.#columns = parquetColumns(options.stream);
    this.#stagingDir = join(options.stateDir, 'staging', options.stream);
    this.#checkpoint = readJsonFile<Checkpoint>(this.#checkpointPath, { positions: {}, pending: [] });
    this.#reader = new ShardReader(options.client, options.stream, { ...this.#checkpoint.positions }, PAGE_SIZE);
  }

  get stats(): LakeWriterStats {
    return { ...this.#stats };
  }

  /** Failing from a failed read or flush until one succeeds again. */
  get health(): ComponentHealth {
    return this.#health.snapshot();
  }

  /** Finishes the publication a crash interrupted, drops unpublished leftovers, then starts reading. */
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
        for (const batch of await this.#reader.read()) {
          if (batch.records.length === PAGE_SIZE) fullPage = true;
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

  #add(record: _Record): void {
    const text = Buffer.from(record.Data as Uint8Array).toString('utf8');
    const partition = partitionOf(record.ApproximateArrivalTimestamp?.getTime() ?? this.#now());
    const id = `${partition.dt}/${partition.hr}`;
    let bucket = this.#buffer.get(id);
    if (!bucket) {
      bucket = { partition, lines: [], rejected: [] };
      this.#buffer.set(id, bucket);
    }
    // Like Firehose's format conversion, a record that is not a JSON object goes to the error prefix.
    const object = parseJsonObject(text);
    if (object) bucket.lines.push(text);
    else bucket.rejected.push(text.replaceAll('\n', ' '));
    if (object?.type === 'bid') this.#bufferedBids++;
    this.#bufferedBytes += text.length + 1;
    this.#oldest ??= this.#now();
    this.#stats.records++;
  }

  async #flush(): Promise<void> {
    // A publication that failed after its checkpoint must land before a new checkpoint replaces it.
    await this.#publish(this.#checkpoint);
    if (Object.keys(this.#last).length === 0) return;
    const flushId = `${this.#now()}-${randomUUID().slice(0, 8)}`;
    const files: StagedFile[] = [];
    let rows = 0;
    let rejected = 0;
    for (const { partition, lines, rejected: bad } of this.#buffer.values()) {
      const name = `${this.options.stream}-${flushId}`;
      if (lines.length > 0) {
        const raw = await this.#stage(`${name}-raw${RAW_SUFFIX}`, await gzipAsync(`${lines.join('\n')}\n`));
        const parquet = join(this.#stagingDir, `${name}${PARQUET_SUFFIX}`);
        rows += await this.options.converter.convert(raw, parquet, this.#columns);
        syncFile(parquet);
        files.push({ staging: raw, key: `${dataPrefix('raw', this.options.stream, partition)}${name}${RAW_SUFFIX}` });
        files.push({
          staging: parquet,
          key: `${dataPrefix('parquet', this.options.stream, partition)}${name}${PARQUET_SUFFIX}`,
        });
      }
      if (bad.length > 0) {
        const errors = await this.#stage(`${name}-errors${RAW_SUFFIX}`, await gzipAsync(`${bad.join('\n')}\n`));
        files.push({
          staging: errors,
          key: `${conversionErrorPrefix(this.options.stream, partition)}${name}${RAW_SUFFIX}`,
        });
        rejected += bad.length;
      }
    }
    const checkpoint: Checkpoint = { positions: { ...this.#checkpoint.positions, ...this.#last }, pending: files };
    writeJsonFileAtomic(this.#checkpointPath, checkpoint);
    this.#checkpoint = checkpoint;
    for (const [shardId, sequence] of Object.entries(this.#last)) this.#reader.commit(shardId, sequence);
    this.#buffer = new Map();
    this.#bufferedBytes = 0;
    this.#oldest = undefined;
    this.#last = {};
    await this.#publish(checkpoint);
    this.#stats.rows += rows;
    this.#stats.bids += this.#bufferedBids;
    this.#bufferedBids = 0;
    this.#stats.rejected += rejected;
    this.#stats.files += files.length;
  }

  /** Moves a checkpoint's files into the lake and registers the Parquet ones; safe to repeat. */
  async #publish(checkpoint: Checkpoint): Promise<void> {
    if (checkpoint.pending.length === 0) return;
    for (const file of checkpoint.pending) {
      const target = this.options.store.uri(file.key);
      await mkdir(dirname(target), { recursive: true });
      // Already moved by the run that crashed, if the staged file is gone.
      await rename(file.staging, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await registerDataFiles(
      this.options.store,
      checkpoint.pending.map((file) => file.key),
    );
    this.#checkpoint = { positions: checkpoint.positions, pending: [] };
    writeJsonFileAtomic(this.#checkpointPath, this.#checkpoint);
  }

  async #stage(name: string, bytes: Uint8Array): Promise<string> {
    const path = join(this.#stagingDir, name);
    await writeFile(path, bytes);
    syncFile(path);
    return path;
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
