import { type AggregationConfig, correctionHorizonMs } from './aggregation-config.ts';
import { type Aggregate, formatPeriod } from './aggregation-records.ts';
import type { ContributionKind } from './tx-joiner.ts';

/** Counts of one campaign in one window; JSON-serialisable for checkpoints. */
export interface WindowState {
  readonly campaign: number;
  readonly start: number;
  bids: number;
  impressions: number;
  clicks: number;
  spend: number;
  /** Whether the window has been emitted once; every later change emits a correction. */
  emitted: boolean;
}

/**
 * Stage 2, keyed by campaign: tumbling event-time windows. A window is first emitted when the
 * watermark passes its end plus the allowed lateness, again whenever a late contribution changes
 * it, and forgotten once no correction can reach it any more.
 */
export class WindowAggregator {
  /** Windows by start, then campaign: closing and purging walk a few starts, not every window. */
  readonly windows = new Map<number, Map<number, WindowState>>();
  /** Windows changed, and windows purged, since the last drain: for incremental checkpoints. */
  readonly changed = new Set<WindowState>();
  readonly purged: WindowState[] = [];
  lateDropped = 0;
  /** Starts with windows not emitted yet, so closing never rescans emitted windows. */
  readonly #pending = new Map<number, Set<number>>();
  readonly #periodMs: number;
  readonly #latenessMs: number;
  readonly #horizonMs: number;

  constructor(config: AggregationConfig) {
    this.#periodMs = config.periodMs;
    this.#latenessMs = config.allowedLatenessMs;
    this.#horizonMs = correctionHorizonMs(config);
  }

  restore(window: WindowState): void {
    this.#byStart(window.start).set(window.campaign, window);
    if (!window.emitted) this.#markPending(window.start, window.campaign);
  }

  /** Counts a contribution; false when its window is past the correction horizon (it is dropped). */
  add(
    campaign: number,
    timestamp: number,
    kind: ContributionKind,
    spend: number,
    watermark: number,
    emit: (aggregate: Aggregate) => void,
  ): boolean {
    const start = timestamp - (timestamp % this.#periodMs);
    const end = start + this.#periodMs;
    if (end + this.#horizonMs <= watermark) {
      this.lateDropped++;
      return false;
    }
    const byCampaign = this.#byStart(start);
    let window = byCampaign.get(campaign);
    if (!window) {
      window = { campaign, start, bids: 0, impressions: 0, clicks: 0, spend: 0, emitted: false };
      byCampaign.set(campaign, window);
    }
    if (kind === 'bid') window.bids++;
    else if (kind === 'imp') window.impressions++;
    else window.clicks++;
    window.spend += spend;
    this.changed.add(window);
    if (window.emitted || end + this.#latenessMs <= watermark) {
      window.emitted = true;
      this.#pending.get(start)?.delete(campaign);
      emit(toAggregate(window));
    } else {
      this.#markPending(start, campaign);
    }
    return true;
  }

  /** Emits the windows the watermark closes, in (start, campaign) order, and purges expired ones. */
  advance(watermark: number, emit: (aggregate: Aggregate) => void): void {
    const closing = [...this.#pending.keys()].filter((start) => start + this.#periodMs + this.#latenessMs <= watermark);
    for (const start of closing.sort((a, b) => a - b)) {
      const byCampaign = this.windows.get(start) as Map<number, WindowState>;
      const campaigns = [...(this.#pending.get(start) as Set<number>)].sort((a, b) => a - b);
      for (const campaign of campaigns) {
        const window = byCampaign.get(campaign) as WindowState;
        window.emitted = true;
        this.changed.add(window);
        emit(toAggregate(window));
      }
      this.#pending.delete(start);
    }
    for (const [start, byCampaign] of this.windows) {
      if (start + this.#periodMs + this.#horizonMs > watermark) continue;
      for (const window of byCampaign.values()) {
        this.changed.delete(window);
        this.purged.push(window);
      }
      this.windows.delete(start);
    }
  }

  #markPending(start: number, campaign: number): void {
    let campaigns = this.#pending.get(start);
    if (!campaigns) {
      campaigns = new Set();
      this.#pending.set(start, campaigns);
    }
    campaigns.add(campaign);
  }

  #byStart(start: number): Map<number, WindowState> {
    let byCampaign = this.windows.get(start);
    if (!byCampaign) {
      byCampaign = new Map();
      this.windows.set(start, byCampaign);
    }
    return byCampaign;
  }
}

/** The key a window is checkpointed under. */
export function windowKey(window: Pick<WindowState, 'start' | 'campaign'>): string {
  return `${window.start}:${window.campaign}`;
}

function toAggregate(window: WindowState): Aggregate {
  return {
    campaign_item_id: window.campaign,
    period: formatPeriod(window.start),
    bids: window.bids,
    impressions: window.impressions,
    clicks: window.clicks,
    spend: window.spend,
    version: window.bids + window.impressions + window.clicks,
  };
}
