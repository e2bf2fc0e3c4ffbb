import { type KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import type { StreamRecord } from '../../lambda/domain/stream-records.ts';

/** Per-record PutRecords error codes in the order given (undefined = stored), or the call's error. */
export type PutResult = { readonly errorCodes: (string | undefined)[] } | { readonly callError: string };

export interface RecordBatcherOptions {
  readonly client: KinesisClient;
  readonly streamName: string;
  /**
   * PutRecords calls allowed in flight at once; twice as many while a full call (500 records) is
   * already waiting. Few in flight keep group commits large when requests carry single events;
   * more in flight keep kinesalite busy when requests carry batches (see docs/benchmarks.md).
   * @default 2
   */
  readonly maxInFlight?: number;
  /**
   * Least time between two rounds of calls while records keep coming, unless `gatherRecords` wait.
   * Each call costs about a millisecond of CPU in the SDK and the local service whatever it carries,
   * so under steady load requests gather, as with Kafka's linger.ms and batch.size; after a quiet
   * spell a put goes at once. At 2,000 single events/s, 10 ms cut the platform's CPU per event by a
   * quarter against none, with the same p99 (docs/benchmarks.md has the sustained figures).
   * @default 10
   */
  readonly callIntervalMs?: number;
  /** Records waiting that end the gathering at once: enough to spread a call's cost thin. @default 32 */
  readonly gatherRecords?: number;
}

/** Kinesis PutRecords limits. */
const MAX_RECORDS = 500;
const MAX_BYTES = 5 * 1024 * 1024;

interface Pending {
  readonly entries: PutRecordsRequestEntry[];
  readonly bytes: number;
  readonly resolve: (result: PutResult) => void;
}

/**
 * Group commit for Kinesis: requests that arrive while calls are in flight share the next
 * PutRecords call, so ingestion is not capped at one call per HTTP request. A caller's records
 * are never split across calls, and each caller learns the fate of exactly its own records.
 */
export class RecordBatcher {
  readonly #client: KinesisClient;
  readonly #streamName: string;
  readonly #maxInFlight: number;
  readonly #callIntervalMs: number;
  readonly #gatherRecords: number;
  #lastRoundAt = Number.NEGATIVE_INFINITY;
  #gathering: NodeJS.Timeout | undefined;
  #queue: Pending[] = [];
  #queuedRecords = 0;
  #inFlight = 0;
  #scheduled = false;
  #drained: (() => void)[] = [];

  constructor({ client, streamName, maxInFlight = 2, callIntervalMs = 10, gatherRecords = 32 }: RecordBatcherOptions) {
    this.#client = client;
    this.#streamName = streamName;
    this.#maxInFlight = maxInFlight;
    this.#callIntervalMs = callIntervalMs;
    this.#gatherRecords = Math.min(gatherRecords, MAX_RECORDS);
  }

  put(records: readonly StreamRecord[]): Promise<PutResult> {
    let bytes = 0;
    const entries = records.map((record) => {
      const Data = Buffer.from(record.data);
      bytes += Data.length + Buffer.byteLength(record.partitionKey);
      return { Data, PartitionKey: record.partitionKey };
    });
    return new Promise((resolve) => {
      this.#queue.push({ entries, bytes, resolve });
      this.#queuedRecords += entries.length;
      this.#schedule();
    });
  }

  /** Resolves once every record handed to {@link put} has been answered. */
  drain(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  // Deferring at least to setImmediate lets every request parsed in this I/O round join the same call.
  #schedule(): void {
    if (this.#scheduled || !this.#canSend()) return;
    const gathered = this.#queuedRecords >= this.#gatherRecords;
    const wait = gathered ? 0 : this.#lastRoundAt + this.#callIntervalMs - performance.now();
    if (wait > 0) {
      this.#gathering ??= setTimeout(() => {
        this.#gathering = undefined;
        this.#schedule();
      }, wait);
      return;
    }
    clearTimeout(this.#gathering);
    this.#gathering = undefined;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#queue.length > 0 && this.#canSend()) this.#lastRoundAt = performance.now();
    while (this.#queue.length > 0 && this.#canSend()) {
      const batch = this.#takeBatch();
      this.#inFlight++;
      void this.#send(batch).finally(() => {
        this.#inFlight--;
        if (this.#queue.length > 0) this.#schedule();
        else if (this.#inFlight === 0) for (const resolve of this.#drained.splice(0)) resolve();
      });
    }
  }

  #canSend(): boolean {
    if (this.#inFlight < this.#maxInFlight) return true;
    return this.#inFlight < 2 * this.#maxInFlight && this.#queuedRecords >= MAX_RECORDS;
  }

  #takeBatch(): Pending[] {
    let count = 0;
    let bytes = 0;
    let n = 0;
    for (const pending of this.#queue) {
      if (n > 0 && (count + pending.entries.length > MAX_RECORDS || bytes + pending.bytes > MAX_BYTES)) break;
      count += pending.entries.length;
      bytes += pending.bytes;
      n++;
    }
    this.#queuedRecords -= count;
    return this.#queue.splice(0, n);
  }

  async #send(batch: Pending[]): Promise<void> {
    try {
      const { Records = [] } = await this.#client.send(
        new PutRecordsCommand({ StreamName: this.#streamName, Records: batch.flatMap((pending) => pending.entries) }),
      );
      let offset = 0;
      for (const pending of batch) {
        const results = Records.slice(offset, offset + pending.entries.length);
        offset += pending.entries.length;
        pending.resolve({ errorCodes: pending.entries.map((_, i) => errorCode(results[i])) });
      }
    } catch (error) {
      const callError = (error as Error).name || 'InternalFailure';
      for (const pending of batch) pending.resolve({ callError });
    }
  }
}

// A result without a sequence number was not stored, whatever else it says: never report it as accepted.
function errorCode(result: { SequenceNumber?: string; ErrorCode?: string } | undefined): string | undefined {
  if (result?.SequenceNumber && !result.ErrorCode) return undefined;
  return result?.ErrorCode ?? 'InternalFailure';
}
