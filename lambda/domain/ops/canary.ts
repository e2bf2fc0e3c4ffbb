import { formatPeriod } from '../aggregation/aggregation-records.ts';
import type { ClientEvent } from '../events.ts';
import { MAX_SAFE_ID } from '../events.ts';

/**
 * The freshness canary's campaign: the largest id the schema accepts, reserved for synthetic bids.
 * Its bids flow through every stage like real ones; training leaves them out and the reports API
 * does not serve the campaign.
 */
export const CANARY_CAMPAIGN_ID = MAX_SAFE_ID;
export const CANARY_TX_PREFIX = 'canary-';

/** The synthetic bid of a probe sent at `sentAt`: its tx_id says when, for tracing it through the lake. */
export function canaryBid(sentAt: number): ClientEvent<'bid'> {
  return {
    tx_id: `${CANARY_TX_PREFIX}${sentAt}`,
    campaign_item_id: CANARY_CAMPAIGN_ID,
    app_uid: 'sdp-freshness-canary',
    domain: 'canary.invalid',
  };
}

/** The report row (campaign × window) a canary bid sent at `sentAt` lands in. */
export function canaryPeriod(sentAt: number, periodMs: number): string {
  return formatPeriod(sentAt - (sentAt % periodMs));
}

/** What the probe reads back: the canary's report row, if written yet. */
export interface CanaryRow {
  readonly bids: number;
  /** When the reports writer wrote it, ISO-8601. */
  readonly updated_at: string;
}

export interface CanaryProbeOptions {
  /** The aggregation window, to find the bid's report row. */
  readonly periodMs: number;
  /** Give up (a miss) if the row is not written by then. */
  readonly timeoutMs: number;
  /** @default 1000 */
  readonly pollMs?: number;
}

export interface CanaryPorts {
  /** Sends the bid through ingestion as a client would; `sentAt` is its receive time. */
  sendBid(bid: ClientEvent<'bid'>, sentAt: number): Promise<void>;
  readRow(campaignItemId: number, period: string): Promise<CanaryRow | undefined>;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface CanaryProbe {
  readonly txId: string;
  readonly sentAt: number;
  readonly period: string;
  /** The report row written minus the bid sent, ms; undefined when it did not appear in time. */
  readonly latencyMs: number | undefined;
}

/**
 * One probe: sends a canary bid, then polls its report row until the writer has written it (at or
 * after the send). The latency is end to end, ingestion to report row: the window's close, the
 * watermark and every stage in between are in it, as a user waiting for the bid would see.
 */
export async function probeFreshness(ports: CanaryPorts, options: CanaryProbeOptions): Promise<CanaryProbe> {
  const sentAt = ports.now();
  const bid = canaryBid(sentAt);
  const period = canaryPeriod(sentAt, options.periodMs);
  await ports.sendBid(bid, sentAt);
  const deadline = sentAt + options.timeoutMs;
  for (;;) {
    const row = await ports.readRow(CANARY_CAMPAIGN_ID, period);
    const writtenAt = row && row.bids > 0 ? Date.parse(row.updated_at) : Number.NaN;
    if (writtenAt >= sentAt) return { txId: bid.tx_id, sentAt, period, latencyMs: writtenAt - sentAt };
    if (ports.now() >= deadline) return { txId: bid.tx_id, sentAt, period, latencyMs: undefined };
    await ports.sleep(options.pollMs ?? 1000);
  }
}
