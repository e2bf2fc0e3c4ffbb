import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { AggregationConfig } from '../../lambda/domain/aggregation/aggregation-config.ts';
import { type AggregationOutput, Aggregator } from '../../lambda/domain/aggregation/aggregator.ts';
import type { ObjectStore } from '../../lambda/lake/object-store.ts';
import { type ComponentHealth, HealthState } from '../health/component-health.ts';
import { type ShardPositions, ShardReader } from '../streams/shard-reader.ts';
import { acknowledgePurge, type DueErasure, dueErasures } from './join-state-erasure.ts';
import { unwrittenOutputs, writeOutputs } from './output-writer.ts';
import { type PendingOutput, type ProcessorMeta, ProcessorStore } from './processor-store.ts';
import { WatermarkTracker } from './watermark-tracker.ts';

export interface AggregationProcessorOptions {
  readonly client: KinesisClient;
  readonly config: AggregationConfig;
  /** LevelDB folder of the checkpoint. */
  readonly statePath: string;
  readonly outOfOrdernessMs: number;
  /** @default 'bcns' */
  readonly inputStream?: string;
  /**
   * Pause after a batch that read every shard to its end, so that at steady traffic each batch
   * carries a few hundred records instead of paying the per-batch cost (reads, checkpoint) per few.
   * @default 200
   */
  readonly idleMs?: number;
  /** The lake, whose pending erasures the join state honours; none when absent. */
  readonly lake?: ObjectStore;
  readonly now?: () => number;
}

/** How often the processor looks for new erasures. */
const ERASURE_CHECK_MS = 1000;

/**
 * The local stand-in for the Flink job: reads `bcns`, runs the aggregation core and writes
 * `impressions`, `clicks` and `aggregates`. Exactly once across `kill -9`: state, input positions
 * and computed outputs are checkpointed atomically before the outputs are sent, and on recovery
 * the outputs the output streams already hold are not sent again.
 */
export class AggregationProcessor {
  readonly #options: AggregationProcessorOptions;
  #store: ProcessorStore;
  readonly #health = new HealthState();
  #aggregator: Aggregator;
  #reader: ShardReader;
  #tracker: WatermarkTracker;
  #meta: ProcessorMeta = {
    watermark: Number.NEGATIVE_INFINITY,
    stats: emptyStats(),
    positions: {},
    pending: [],
    outputPositions: {},
  };
  #running = false;
  #loop: Promise<void> | undefined;
  /** Failed events sent since start, by reason (for `/metrics`; the lake keeps them all). */
  readonly failedEvents: Record<string, number> = {};
  #erasuresCheckedAt = Number.NEGATIVE_INFINITY;

  private constructor(options: AggregationProcessorOptions, store: ProcessorStore) {
    this.#options = options;
    this.#store = store;
    this.#aggregator = new Aggregator(options.config);
    this.#reader = new ShardReader(options.client, options.inputStream ?? 'bcns', {});
    this.#tracker = new WatermarkTracker(options.outOfOrdernessMs);
  }

  static async start(options: AggregationProcessorOptions): Promise<AggregationProcessor> {
    const processor = new AggregationProcessor(options, await ProcessorStore.open(options.statePath));
    await processor.#restore();
    processor.#running = true;
    processor.#loop = processor.#run();
    return processor;
  }

  get stats() {
    return this.#aggregator.stats;
  }

  get watermark(): number {
    return this.#aggregator.watermark;
  }

  /** Failing from a failed step until a step succeeds again. */
  get health(): ComponentHealth {
    return this.#health.snapshot();
  }

  /** Finishes the batch in hand, checkpoints and closes the state store. */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
    await this.#store.close();
  }

  /**
   * Reopens the store, then restores from it. LevelDB refuses every write after some storage errors (a
   * failed compaction on a full disk) until it is reopened; reopening replays what it committed.
   */
  async #reopen(): Promise<void> {
    // A store that failed may not close cleanly; the failure is already reported, and the reopen is what counts.
    await this.#store.close().catch((error) => this.#health.fail(error));
    this.#store = await ProcessorStore.open(this.#options.statePath);
    await this.#restore();
  }

  /** Loads the last checkpoint (state, positions) and sends what a crash left unsent. */
  async #restore(): Promise<void> {
    const { meta, snapshot } = await this.#store.load();
    this.#aggregator = new Aggregator(this.#options.config, snapshot);
    if (meta) this.#meta = meta;
    this.#reader = new ShardReader(this.#options.client, this.#options.inputStream ?? 'bcns', {
      ...this.#meta.positions,
    });
    this.#tracker = new WatermarkTracker(this.#options.outOfOrdernessMs);
    if (this.#meta.pending.length > 0) {
      await this.#send(await unwrittenOutputs(this.#options.client, this.#meta.pending, this.#meta.outputPositions));
    }
  }

  async #run(): Promise<void> {
    const { idleMs = 200 } = this.#options;
    while (this.#running) {
      let caughtUp = true;
      try {
        caughtUp = await this.#step();
        if (this.#health.ok()) console.error('Aggregation processor recovered.');
      } catch (error) {
        if (this.#health.fail(error)) {
          console.error('Aggregation processor step failed; resuming from the last checkpoint until it works', error);
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await this.#reopen().catch((reopenError) => this.#health.fail(reopenError));
      }
      if (caughtUp) await new Promise((resolve) => setTimeout(resolve, idleMs));
    }
  }

  /** One batch: read, aggregate, checkpoint with the outputs, then send them. True when caught up. */
  async #step(): Promise<boolean> {
    const erasures = await this.#dueErasures();
    const purged = erasures.map((erasure) => this.#aggregator.purgeTransactions(erasure.matches));
    const out: AggregationOutput[] = [];
    const positions: ShardPositions = { ...this.#meta.positions };
    let read = 0;
    let caughtUp = true;
    for (const batch of await this.#reader.read()) {
      caughtUp &&= batch.caughtUp;
      for (const record of batch.records) {
        const parsed = this.#aggregator.processRecord(
          Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
          out,
        );
        if (parsed) this.#tracker.observe(batch.shardId, parsed.timestamp);
      }
      this.#tracker.setIdle(batch.shardId, batch.caughtUp);
      const last = batch.records.at(-1)?.SequenceNumber;
      if (last) positions[batch.shardId] = last;
      read += batch.records.length;
    }
    this.#aggregator.advanceWatermark(this.#tracker.watermark((this.#options.now ?? Date.now)()), out);
    const changes = this.#aggregator.drainChanges();
    const unchanged = changes.txs.length === 0 && changes.windows.length === 0 && out.length === 0;
    if (read === 0 && unchanged && changes.watermark === this.#meta.watermark) {
      await this.#acknowledge(erasures, purged);
      return true;
    }

    const now = (this.#options.now ?? Date.now)();
    for (const o of out) {
      if (o.stream === 'failed_events')
        this.failedEvents[o.record.reason] = (this.failedEvents[o.record.reason] ?? 0) + 1;
    }
    const pending: PendingOutput[] = out.map((o) => ({
      stream: o.stream,
      partitionKey: o.partitionKey,
      // A failed event is stamped with the time the processor refused it, as the Flink job does.
      data: JSON.stringify(o.stream === 'failed_events' ? { ...o.record, timestamp: now } : o.record),
    }));
    this.#meta = { ...this.#meta, watermark: changes.watermark, stats: changes.stats, positions, pending };
    await this.#store.commit(changes, this.#meta);
    for (const [shardId, sequenceNumber] of Object.entries(positions)) this.#reader.commit(shardId, sequenceNumber);
    await this.#send(pending);
    await this.#acknowledge(erasures, purged);
    return caughtUp;
  }

  async #dueErasures(): Promise<DueErasure[]> {
    const now = (this.#options.now ?? Date.now)();
    if (!this.#options.lake || now - this.#erasuresCheckedAt < ERASURE_CHECK_MS) return [];
    this.#erasuresCheckedAt = now;
    return dueErasures(this.#options.lake);
  }

  /** Once the purge is committed: scrubs the store's files, then records it in each erasure. */
  async #acknowledge(erasures: readonly DueErasure[], purged: readonly number[]): Promise<void> {
    if (erasures.length === 0 || !this.#options.lake) return;
    await this.#store.compact();
    const now = (this.#options.now ?? Date.now)();
    for (const [i, erasure] of erasures.entries()) {
      await acknowledgePurge(this.#options.lake, erasure, purged[i] ?? 0, now);
    }
  }

  async #send(pending: readonly PendingOutput[]): Promise<void> {
    if (pending.length > 0) {
      const outputPositions = structuredClone(this.#meta.outputPositions) as Record<string, ShardPositions>;
      await writeOutputs(this.#options.client, pending, outputPositions);
      this.#meta = { ...this.#meta, outputPositions };
    }
    this.#meta = { ...this.#meta, pending: [] };
    await this.#store.commitMeta(this.#meta);
  }
}

function emptyStats() {
  return { records: 0, malformed: 0, duplicates: 0, lateDropped: 0 };
}
