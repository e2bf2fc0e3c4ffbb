import {
  aggregationFailure,
  bidEvent,
  clickEvent,
  type FailedEventDraft,
  failedEventPartitionKey,
  impressionEvent,
  malformed,
} from '../failed-events/failed-event.ts';
import type { AggregationConfig } from './aggregation-config.ts';
import {
  type Aggregate,
  type BcnsRecord,
  type JoinedClick,
  type JoinedImpression,
  parseBcnsRecord,
} from './aggregation-records.ts';
import { type Contribution, type JoinSink, TxJoiner, type TxState } from './tx-joiner.ts';
import { WindowAggregator, type WindowState, windowKey } from './window-aggregator.ts';

export type AggregationOutput =
  | { readonly stream: 'impressions'; readonly partitionKey: string; readonly record: JoinedImpression }
  | { readonly stream: 'clicks'; readonly partitionKey: string; readonly record: JoinedClick }
  | { readonly stream: 'aggregates'; readonly partitionKey: string; readonly record: Aggregate }
  | { readonly stream: 'failed_events'; readonly partitionKey: string; readonly record: FailedEventDraft };

export interface AggregationStats {
  records: number;
  malformed: number;
  duplicates: number;
  lateDropped: number;
}

/** Everything the aggregation keeps between records; restoring it resumes exactly where it was. */
export interface AggregationSnapshot {
  readonly watermark: number;
  readonly stats: AggregationStats;
  readonly txs: Iterable<readonly [string, TxState]>;
  readonly windows: Iterable<WindowState>;
}

/** State changed since the last drain: `undefined` values were deleted. */
export interface AggregationChanges {
  readonly watermark: number;
  readonly stats: AggregationStats;
  readonly txs: [string, TxState | undefined][];
  readonly windows: [string, WindowState | undefined][];
}

/**
 * The aggregation of SPEC.md §5 over `bcns` records: stage 1 dedupes and joins per `tx_id`,
 * stage 2 counts per campaign and window. Pure and synchronous: the caller supplies records and
 * watermarks (event time only, never the wall clock) and receives the outputs in order.
 */
export class Aggregator {
  readonly #joiner: TxJoiner;
  readonly #windows: WindowAggregator;
  #watermark = Number.NEGATIVE_INFINITY;
  #records = 0;
  #malformed = 0;
  /** Where the current call's outputs go; the sink and emitter are built once, not per record. */
  #out: AggregationOutput[] = [];
  readonly #emit = (record: Aggregate) => {
    this.#out.push({ stream: 'aggregates', partitionKey: String(record.campaign_item_id), record });
  };
  readonly #fail = (record: FailedEventDraft) => {
    this.#out.push({ stream: 'failed_events', partitionKey: failedEventPartitionKey(record), record });
  };
  readonly #sink: JoinSink = {
    contribution: (c) => {
      if (!this.#windows.add(c.campaign, c.timestamp, c.kind, c.spend, this.#watermark, this.#emit)) {
        this.#fail(aggregationFailure('too_late', c.txId, c.kind, c.timestamp, contributedEvent(c)));
      }
    },
    impression: (record) => this.#out.push({ stream: 'impressions', partitionKey: record.tx_id, record }),
    click: (record) => this.#out.push({ stream: 'clicks', partitionKey: record.tx_id, record }),
    unjoined: this.#fail,
  };

  constructor(config: AggregationConfig, snapshot?: AggregationSnapshot) {
    this.#joiner = new TxJoiner(config);
    this.#windows = new WindowAggregator(config);
    if (snapshot) {
      this.#watermark = snapshot.watermark;
      this.#records = snapshot.stats.records;
      this.#malformed = snapshot.stats.malformed;
      this.#joiner.duplicates = snapshot.stats.duplicates;
      this.#windows.lateDropped = snapshot.stats.lateDropped;
      for (const [txId, state] of snapshot.txs) this.#joiner.restore(txId, state);
      for (const window of snapshot.windows) this.#windows.restore(window);
    }
  }

  get watermark(): number {
    return this.#watermark;
  }

  get stats(): AggregationStats {
    return {
      records: this.#records,
      malformed: this.#malformed,
      duplicates: this.#joiner.duplicates,
      lateDropped: this.#windows.lateDropped,
    };
  }

  /** Processes one raw `bcns` record and returns it parsed; a malformed one is counted and set aside. */
  processRecord(data: string, out: AggregationOutput[]): BcnsRecord | undefined {
    const record = parseBcnsRecord(data);
    if (record) this.process(record, out);
    else {
      this.#records++;
      this.#malformed++;
      this.#out = out;
      this.#fail(malformed(data));
    }
    return record;
  }

  process(record: BcnsRecord, out: AggregationOutput[]): void {
    this.#records++;
    this.#out = out;
    this.#joiner.process(record, this.#watermark, this.#sink);
  }

  /** Moves event time forward (never back): closes windows and drops expired state. */
  advanceWatermark(watermark: number, out: AggregationOutput[]): void {
    if (watermark <= this.#watermark) return;
    this.#watermark = watermark;
    this.#out = out;
    this.#windows.advance(watermark, this.#emit);
    this.#joiner.expire(watermark, this.#sink);
  }

  /**
   * Drops the join state of the transactions `match` picks, as an erasure requires: their windows
   * keep what they counted (aggregates hold no ids), and a later event of such a transaction is
   * joined as if it were the first. The next drain reports them as deleted.
   */
  purgeTransactions(match: (txId: string, state: TxState) => boolean): number {
    return this.#joiner.purge(match);
  }

  /** The full state, e.g. for a first checkpoint. */
  snapshot(): AggregationSnapshot {
    return {
      watermark: this.#watermark,
      stats: this.stats,
      txs: [...this.#joiner.states],
      windows: [...this.#windows.windows.values()].flatMap((byCampaign) => [...byCampaign.values()]),
    };
  }

  /** What changed since the previous call, so a checkpoint can write only that. */
  drainChanges(): AggregationChanges {
    const txs = [...this.#joiner.dirty].map((txId): [string, TxState | undefined] => [
      txId,
      this.#joiner.states.get(txId),
    ]);
    const windows: [string, WindowState | undefined][] = [
      ...[...this.#windows.changed].map((window): [string, WindowState] => [windowKey(window), window]),
      ...this.#windows.purged.map((window): [string, undefined] => [windowKey(window), undefined]),
    ];
    this.#joiner.dirty.clear();
    this.#windows.changed.clear();
    this.#windows.purged.length = 0;
    return { watermark: this.#watermark, stats: this.stats, txs, windows };
  }
}

/** The event a contribution was counted for, as the failed-events store keeps it. */
function contributedEvent(c: Contribution): string {
  if (c.kind === 'bid') return bidEvent(c.txId, c.bid);
  if (c.kind === 'imp') return impressionEvent(c.txId, c.timestamp, c.spend);
  return clickEvent(c.txId, c.timestamp);
}
