import { ClassicLevel } from 'classic-level';
import type { AggregationChanges, AggregationSnapshot } from '../../lambda/domain/aggregation/aggregator.ts';
import type { TxState } from '../../lambda/domain/aggregation/tx-joiner.ts';
import type { WindowState } from '../../lambda/domain/aggregation/window-aggregator.ts';
import type { ShardPositions } from '../streams/shard-reader.ts';

/** An output computed but maybe not yet on its stream; replayed exactly once after a crash. */
export interface PendingOutput {
  readonly stream: string;
  readonly partitionKey: string;
  readonly data: string;
}

/** Everything besides the keyed state, written with it in one atomic batch. */
export interface ProcessorMeta {
  readonly watermark: number;
  readonly stats: AggregationSnapshot['stats'];
  /** Input positions in `bcns`: the state reflects exactly the records up to these. */
  readonly positions: ShardPositions;
  readonly pending: readonly PendingOutput[];
  /** Where each output stream ended before `pending` was sent, to find what a crash already wrote. */
  readonly outputPositions: Readonly<Record<string, ShardPositions>>;
}

const META = 'meta';
const TX = 'tx!';
const WINDOW = 'w!';

/**
 * The processor's checkpoint on LevelDB: each commit is one atomic write batch of the changed
 * state, the input positions and the pending outputs, so a `kill -9` at any instant leaves a
 * consistent checkpoint: the state and positions move together.
 */
export class ProcessorStore {
  readonly #db: ClassicLevel<string, string>;

  private constructor(db: ClassicLevel<string, string>) {
    this.#db = db;
  }

  static async open(path: string): Promise<ProcessorStore> {
    // Uncompressed: a Snappy block need not show a value verbatim, and an erasure is proven by
    // scanning the data directory's bytes for the id (see `compact`).
    const db = new ClassicLevel<string, string>(path, { compression: false });
    await db.open();
    return new ProcessorStore(db);
  }

  async load(): Promise<{ meta: ProcessorMeta | undefined; snapshot: AggregationSnapshot | undefined }> {
    const raw = await this.#db.get(META);
    if (raw === undefined) return { meta: undefined, snapshot: undefined };
    // JSON has no -Infinity: a checkpoint taken before any event time stores the watermark as null.
    const stored = JSON.parse(raw) as Omit<ProcessorMeta, 'watermark'> & { watermark: number | null };
    const meta: ProcessorMeta = { ...stored, watermark: stored.watermark ?? Number.NEGATIVE_INFINITY };
    const txs: [string, TxState][] = [];
    for await (const [key, value] of this.#db.iterator({ gte: TX, lt: `${TX}\xff` })) {
      txs.push([key.slice(TX.length), JSON.parse(value) as TxState]);
    }
    const windows: WindowState[] = [];
    for await (const value of this.#db.values({ gte: WINDOW, lt: `${WINDOW}\xff` })) {
      windows.push(JSON.parse(value) as WindowState);
    }
    return { meta, snapshot: { watermark: meta.watermark, stats: meta.stats, txs, windows } };
  }

  async commit(changes: AggregationChanges, meta: ProcessorMeta): Promise<void> {
    const batch = this.#db.batch();
    for (const [txId, state] of changes.txs) {
      if (state) batch.put(TX + txId, JSON.stringify(state));
      else batch.del(TX + txId);
    }
    for (const [key, window] of changes.windows) {
      if (window) batch.put(WINDOW + key, JSON.stringify(window));
      else batch.del(WINDOW + key);
    }
    batch.put(META, JSON.stringify(meta));
    await batch.write();
  }

  async commitMeta(meta: ProcessorMeta): Promise<void> {
    await this.#db.put(META, JSON.stringify(meta));
  }

  /** Deletes transactions' join state (an erasure with the processor stopped). */
  async deleteTransactions(txIds: readonly string[]): Promise<void> {
    const batch = this.#db.batch();
    for (const txId of txIds) batch.del(TX + txId);
    await batch.write();
  }

  /**
   * Rewrites the whole store so deleted and overwritten values leave its files: LevelDB keeps them
   * in its log and tables until a compaction reaches them, and an erasure must not wait for that.
   */
  async compact(): Promise<void> {
    await this.#db.compactRange('', '\xff');
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}
