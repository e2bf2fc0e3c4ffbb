import { type AggregationConfig, correctionHorizonMs } from '../aggregation/aggregation-config.ts';
import { type Aggregate, parseBcnsRecord } from '../aggregation/aggregation-records.ts';
import { type AggregationOutput, Aggregator } from '../aggregation/aggregator.ts';
import { HOUR_MS, type Partition, partitionOf } from '../lake/lake-layout.ts';

/**
 * Recomputing the reports of a time range from the lake's `raw_bcns` (SPEC.md §10), with the
 * stream's own semantics: the records go through the same `Aggregator`, in the order the lake
 * holds them (arrival order per shard, which keeps every transaction's events in order), with the
 * watermark derived from the timestamps as the processor derives it (the newest timestamp minus
 * the allowed out-of-orderness), up to each record before it is processed: under traffic the live
 * watermark has moved that far by then through other records. Every count is per transaction (a bid, an impression, a click each count once
 * for their tx_id), and a window's counts depend only on events within the correction horizon of
 * it, so reading the hours that cover [from − horizon, to + horizon] recomputes the windows that
 * start in [from, to) exactly as the stream did, and a split of the transactions into shards
 * (by tx_id hash) gives counts that add up.
 *
 * What the stream counted differently shows as drift, legitimately: a contribution the live
 * processor dropped as too late (its window's horizon had passed at its watermark, which on an
 * idle stream follows the clock rather than the records) is counted here, a duplicate the live
 * state had forgotten that way is not, and events of an erased user are no longer in the lake.
 */
export interface ReplayRange {
  /** Inclusive, epoch ms: windows starting at or after this. */
  readonly fromMs: number;
  /** Exclusive, epoch ms: windows starting before this. */
  readonly toMs: number;
}

export interface ReplayShard {
  readonly index: number;
  readonly count: number;
}

/** A slack for records that arrived later than their timestamp (the API's batching, a slow put). */
const ARRIVAL_SLACK_MS = 5 * 60_000;

/** The arrival hours whose records can contribute to the windows of `range`. */
export function replayPartitions(range: ReplayRange, config: AggregationConfig): Partition[] {
  const horizon = correctionHorizonMs(config);
  const first = Math.floor((range.fromMs - horizon - config.periodMs) / HOUR_MS) * HOUR_MS;
  const last = range.toMs + horizon + config.periodMs + ARRIVAL_SLACK_MS;
  const partitions: Partition[] = [];
  for (let start = first; start < last; start += HOUR_MS) partitions.push(partitionOf(start));
  return partitions;
}

/** Stable across processes and languages: FNV-1a over the UTF-16 code units of the tx_id. */
export function txShard(txId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < txId.length; i++) {
    hash ^= txId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

export class ReportReplay {
  readonly #aggregator: Aggregator;
  readonly #range: ReplayRange;
  readonly #outOfOrdernessMs: number;
  readonly #shard: ReplayShard | undefined;
  readonly #windows = new Map<string, Aggregate>();
  readonly #out: AggregationOutput[] = [];
  #newest = Number.NEGATIVE_INFINITY;
  #records = 0;

  constructor(config: AggregationConfig, range: ReplayRange, outOfOrdernessMs: number, shard?: ReplayShard) {
    this.#aggregator = new Aggregator(config);
    this.#range = range;
    this.#outOfOrdernessMs = outOfOrdernessMs;
    this.#shard = shard;
  }

  /** Records read (this shard's), malformed ones included. */
  get records(): number {
    return this.#records;
  }

  /** One `raw_bcns` line, in lake order. */
  add(line: string): void {
    if (this.#shard && this.#shard.count > 1) {
      const txId = txIdOf(line);
      if (txId !== undefined && txShard(txId, this.#shard.count) !== this.#shard.index) return;
    }
    this.#records++;
    const record = parseBcnsRecord(line);
    if (!record) {
      this.#aggregator.processRecord(line, this.#out);
      return;
    }
    if (record.timestamp > this.#newest) {
      this.#newest = record.timestamp;
      this.#aggregator.advanceWatermark(this.#newest - this.#outOfOrdernessMs, this.#out);
    }
    this.#aggregator.process(record, this.#out);
    this.#collect();
  }

  /** Closes every window and returns those starting in the range, with their final counts. */
  finish(): Aggregate[] {
    this.#aggregator.advanceWatermark(Number.POSITIVE_INFINITY, this.#out);
    this.#collect();
    return [...this.#windows.values()].sort(byWindow);
  }

  #collect(): void {
    for (const output of this.#out) {
      if (output.stream !== 'aggregates') continue;
      const start = Date.parse(output.record.period);
      if (start < this.#range.fromMs || start >= this.#range.toMs) continue;
      const key = windowId(output.record);
      const seen = this.#windows.get(key);
      if (!seen || seen.version < output.record.version) this.#windows.set(key, output.record);
    }
    this.#out.length = 0;
  }
}

/** Adds the windows of several shards' replays: each transaction counted in exactly one of them. */
export function mergeShards(shards: readonly (readonly Aggregate[])[]): Aggregate[] {
  const windows = new Map<string, Aggregate>();
  for (const aggregate of shards.flat()) {
    const key = windowId(aggregate);
    const seen = windows.get(key);
    windows.set(
      key,
      seen
        ? {
            ...seen,
            bids: seen.bids + aggregate.bids,
            impressions: seen.impressions + aggregate.impressions,
            clicks: seen.clicks + aggregate.clicks,
            spend: seen.spend + aggregate.spend,
            version: seen.version + aggregate.version,
          }
        : aggregate,
    );
  }
  return [...windows.values()].sort(byWindow);
}

export function windowId(window: Pick<Aggregate, 'campaign_item_id' | 'period'>): string {
  return `${window.campaign_item_id}|${window.period}`;
}

export function byWindow(a: Pick<Aggregate, 'campaign_item_id' | 'period'>, b: typeof a): number {
  return a.campaign_item_id - b.campaign_item_id || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0);
}

/** The tx_id of a JSON line without parsing all of it; undefined when it has none. */
function txIdOf(line: string): string | undefined {
  try {
    const value = (JSON.parse(line) as { tx_id?: unknown }).tx_id;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
