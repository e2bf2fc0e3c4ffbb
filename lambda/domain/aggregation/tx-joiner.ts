import {
  aggregationFailure,
  clickEvent,
  type FailedEventDraft,
  impressionEvent,
} from '../failed-events/failed-event.ts';
import type { AggregationConfig } from './aggregation-config.ts';
import type { BcnsRecord, BidRecord, JoinedClick, JoinedImpression } from './aggregation-records.ts';

/** What one transaction has seen so far; JSON-serialisable, so it can be checkpointed as is. */
export interface TxState {
  bid?: BidInfo;
  imp?: { t: number; price: number; counted: boolean };
  click?: { t: number; counted: boolean };
  /** Event time at which the state is dropped: the latest first-of-kind event + both join windows. */
  expiresAt: number;
}

export interface BidInfo {
  readonly t: number;
  readonly campaign: number;
  readonly app_uid: string;
  readonly domain: string | null;
  readonly creative_id: string | null;
  readonly creative_category: string | null;
  readonly bid_price: number | null;
}

export type ContributionKind = 'bid' | 'imp' | 'click';

/** One counted event on its way to its campaign's window; the rest says what it was, should it be too late. */
export interface Contribution {
  readonly campaign: number;
  readonly timestamp: number;
  readonly kind: ContributionKind;
  readonly spend: number;
  readonly txId: string;
  readonly bid: BidInfo;
}

/** Receives what stage 1 decides; a counted event goes on to its campaign's window as a contribution. */
export interface JoinSink {
  contribution(contribution: Contribution): void;
  impression(record: JoinedImpression): void;
  click(record: JoinedClick): void;
  /** An impression or click that never joined, now that its transaction has expired. */
  unjoined(failed: FailedEventDraft): void;
}

const EXPIRY_BUCKET_MS = 1000;

/**
 * Stage 1, keyed by `tx_id`: keeps the first bid, impression and click of each transaction
 * (duplicates change nothing), joins them within the attribution and click windows in either order
 * of arrival, and emits each counted event once.
 */
export class TxJoiner {
  readonly states = new Map<string, TxState>();
  /** tx_ids changed since the last drain, for incremental checkpoints. */
  readonly dirty = new Set<string>();
  duplicates = 0;
  readonly #config: AggregationConfig;
  readonly #expiries = new Map<number, string[]>();

  constructor(config: AggregationConfig) {
    this.#config = config;
  }

  restore(txId: string, state: TxState): void {
    this.states.set(txId, state);
    this.#scheduleExpiry(txId, state.expiresAt);
  }

  process(record: BcnsRecord, watermark: number, sink: JoinSink): void {
    const txId = record.tx_id;
    let state = this.states.get(txId);
    if (!state) {
      state = { expiresAt: 0 };
      this.states.set(txId, state);
    }
    const applied =
      record.type === 'bid'
        ? this.#onBid(state, record, sink)
        : record.type === 'imp'
          ? this.#onImpression(state, record.timestamp, record.win_price)
          : this.#onClick(state, record.timestamp);
    if (!applied) {
      this.duplicates++;
      return;
    }
    this.#join(txId, state, sink);
    const expiresAt = Math.max(
      state.expiresAt,
      record.timestamp + this.#config.attributionWindowMs + this.#config.clickWindowMs,
    );
    if (expiresAt !== state.expiresAt) {
      state.expiresAt = expiresAt;
      this.#scheduleExpiry(txId, expiresAt);
    }
    this.dirty.add(txId);
    // Like an event-time timer registered in the past, state that is already expired goes at once.
    if (state.expiresAt <= watermark) this.#delete(txId, sink);
  }

  /** Drops every transaction whose expiry the watermark has reached. */
  expire(watermark: number, sink: JoinSink): void {
    const limit = Math.floor(watermark / EXPIRY_BUCKET_MS);
    for (const [bucket, txIds] of this.#expiries) {
      if (bucket > limit) continue;
      const kept: string[] = [];
      for (const txId of txIds) {
        const state = this.states.get(txId);
        if (!state || Math.floor(state.expiresAt / EXPIRY_BUCKET_MS) !== bucket) continue;
        if (state.expiresAt <= watermark) this.#delete(txId, sink);
        else kept.push(txId);
      }
      if (kept.length > 0) this.#expiries.set(bucket, kept);
      else this.#expiries.delete(bucket);
    }
  }

  /**
   * Forgets every transaction `match` picks (an erasure); resolves to how many. Counts already made
   * stay. Unlike expiry, an unjoined impression or click is not reported as a failed event: that
   * would copy the erased user's record into the failed-events store.
   */
  purge(match: (txId: string, state: TxState) => boolean): number {
    let purged = 0;
    for (const [txId, state] of this.states) {
      if (!match(txId, state)) continue;
      this.states.delete(txId);
      this.dirty.add(txId);
      purged++;
    }
    return purged;
  }

  #onBid(state: TxState, bid: BidRecord, sink: JoinSink): boolean {
    if (state.bid) return false;
    state.bid = {
      t: bid.timestamp,
      campaign: bid.campaign_item_id,
      app_uid: bid.app_uid,
      domain: bid.domain ?? null,
      creative_id: bid.creative_id ?? null,
      creative_category: bid.creative_category ?? null,
      bid_price: bid.win_price ?? null,
    };
    sink.contribution({
      campaign: bid.campaign_item_id,
      timestamp: bid.timestamp,
      kind: 'bid',
      spend: 0,
      txId: bid.tx_id,
      bid: state.bid,
    });
    return true;
  }

  #onImpression(state: TxState, t: number, price: number): boolean {
    if (state.imp) return false;
    state.imp = { t, price, counted: false };
    return true;
  }

  #onClick(state: TxState, t: number): boolean {
    if (state.click) return false;
    state.click = { t, counted: false };
    return true;
  }

  #join(txId: string, state: TxState, sink: JoinSink): void {
    const { bid, imp, click } = state;
    if (!bid || !imp) return;
    if (!imp.counted && Math.abs(imp.t - bid.t) <= this.#config.attributionWindowMs) {
      imp.counted = true;
      sink.contribution({ campaign: bid.campaign, timestamp: imp.t, kind: 'imp', spend: imp.price, txId, bid });
      sink.impression(joinedImpression(txId, bid, imp.t, imp.price));
    }
    if (imp.counted && click && !click.counted && Math.abs(click.t - imp.t) <= this.#config.clickWindowMs) {
      click.counted = true;
      sink.contribution({ campaign: bid.campaign, timestamp: click.t, kind: 'click', spend: 0, txId, bid });
      sink.click({ ...joinedImpression(txId, bid, imp.t, imp.price), impression_timestamp: imp.t, timestamp: click.t });
    }
  }

  #scheduleExpiry(txId: string, expiresAt: number): void {
    const bucket = Math.floor(expiresAt / EXPIRY_BUCKET_MS);
    const txIds = this.#expiries.get(bucket);
    if (txIds) txIds.push(txId);
    else this.#expiries.set(bucket, [txId]);
  }

  /** Forgets an expired transaction; its impression and click, if they never joined, are failed events. */
  #delete(txId: string, sink: JoinSink): void {
    const state = this.states.get(txId);
    if (state?.imp && !state.imp.counted) {
      const event = impressionEvent(txId, state.imp.t, state.imp.price);
      sink.unjoined(aggregationFailure('impression_without_bid', txId, 'imp', state.imp.t, event));
    }
    if (state?.click && !state.click.counted) {
      const event = clickEvent(txId, state.click.t);
      sink.unjoined(aggregationFailure('click_without_impression', txId, 'click', state.click.t, event));
    }
    this.states.delete(txId);
    this.dirty.add(txId);
  }
}

function joinedImpression(txId: string, bid: BidInfo, t: number, price: number): JoinedImpression {
  return {
    tx_id: txId,
    campaign_item_id: bid.campaign,
    app_uid: bid.app_uid,
    domain: bid.domain,
    creative_id: bid.creative_id,
    creative_category: bid.creative_category,
    bid_price: bid.bid_price,
    win_price: price,
    bid_timestamp: bid.t,
    timestamp: t,
  };
}
