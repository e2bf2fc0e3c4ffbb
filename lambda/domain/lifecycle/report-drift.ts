import { type AggregationConfig, correctionHorizonMs } from '../aggregation/aggregation-config.ts';
import type { Aggregate } from '../aggregation/aggregation-records.ts';
import type { ReportItem } from '../reports/report-item.ts';
import { byWindow, windowId } from './report-replay.ts';

/** The counts of one campaign × window, as the report table and a replay hold them. */
export type WindowCounts = Pick<
  Aggregate,
  'campaign_item_id' | 'period' | 'bids' | 'impressions' | 'clicks' | 'spend' | 'version'
>;

const KINDS = ['bids', 'impressions', 'clicks', 'spend'] as const;
type Kind = (typeof KINDS)[number];

/** A window whose reported counts differ from the lake's: `replayed − live` per count. */
export interface WindowDrift {
  readonly campaign_item_id: number;
  readonly period: string;
  /** Absent when the report table has no such window. */
  readonly live?: WindowCounts;
  /** Absent when the lake has no event for it. */
  readonly replayed?: WindowCounts;
  readonly delta: Readonly<Record<Kind, number>>;
}

export interface DriftSummary {
  /** Windows compared: in the report table, the replay, or both. */
  readonly windows: number;
  readonly drifted: number;
  /** Sum of |Δbids| + |Δimpressions| + |Δclicks| over the drifted windows. */
  readonly events: number;
}

/** Every window of the range whose live counts differ from the replayed ones, in window order. */
export function reportDrift(replayed: readonly WindowCounts[], live: readonly WindowCounts[]): WindowDrift[] {
  const byId = new Map<string, { live?: WindowCounts; replayed?: WindowCounts }>();
  for (const window of live) byId.set(windowId(window), { live: window });
  for (const window of replayed) byId.set(windowId(window), { ...byId.get(windowId(window)), replayed: window });
  const drifts: WindowDrift[] = [];
  for (const pair of byId.values()) {
    const window = (pair.live ?? pair.replayed) as WindowCounts;
    const delta = Object.fromEntries(
      KINDS.map((kind) => [kind, (pair.replayed?.[kind] ?? 0) - (pair.live?.[kind] ?? 0)]),
    ) as Record<Kind, number>;
    if (KINDS.every((kind) => delta[kind] === 0)) continue;
    drifts.push({ campaign_item_id: window.campaign_item_id, period: window.period, ...pair, delta });
  }
  return drifts.sort(byWindow);
}

export function summarizeDrift(
  replayed: readonly WindowCounts[],
  live: readonly WindowCounts[],
  drifts: readonly WindowDrift[],
): DriftSummary {
  const windows = new Set([...replayed, ...live].map(windowId)).size;
  const events = drifts.reduce(
    (sum, d) => sum + Math.abs(d.delta.bids) + Math.abs(d.delta.impressions) + Math.abs(d.delta.clicks),
    0,
  );
  return { windows, drifted: drifts.length, events };
}

/**
 * Whether the stream can still correct a window: until its end plus the correction horizon (and
 * the out-of-orderness the watermark trails by) has passed, a repair could race a live correction.
 */
export function stillOpen(period: string, config: AggregationConfig, outOfOrdernessMs: number, now: number): boolean {
  return Date.parse(period) + config.periodMs + correctionHorizonMs(config) + outOfOrdernessMs > now;
}

/**
 * The report row that repairs a drifted window: the replayed counts (zeros if the lake has no event
 * for it), with a version above the live row's, so the versioned writer applies it even where the
 * live counts were higher, and a replay of the stream can never bring the damage back.
 */
export function repairItem(drift: WindowDrift, now: Date): ReportItem {
  const counts = drift.replayed ?? { bids: 0, impressions: 0, clicks: 0, spend: 0, version: 0 };
  return {
    campaign_item_id: drift.campaign_item_id,
    period: drift.period,
    bids: counts.bids,
    impressions: counts.impressions,
    clicks: counts.clicks,
    spend: counts.spend,
    version: Math.max(counts.version, (drift.live?.version ?? 0) + 1),
    updated_at: now.toISOString(),
  };
}
