import { randomInt } from 'node:crypto';
import { type Events, SdpClient } from '../../client/sdp-client.ts';
import type { EventKind } from '../../lambda/domain/events.ts';
import { createCatalog, planTransaction, type Random, seededRandom } from './traffic-model.ts';

export interface TrafficOptions {
  /** Base URL of the ingestion API, e.g. http://localhost:3000 */
  readonly url: string;
  /** Bids per second; impressions and clicks follow from the win and click rates. */
  readonly rate: number;
  readonly durationSeconds: number;
  /**
   * Seeds every random choice, tx_ids included: the same seed sends the same traffic again (whose events the
   * platform then counts once). @default a fresh seed per run, returned in the summary
   */
  readonly seed?: number;
  /** Events per request; 1 sends single objects, more sends arrays. @default 1 */
  readonly batchSize?: number;
  /** Requests in flight at once. @default 32 */
  readonly concurrency?: number;
  readonly onProgress?: (summary: TrafficSummary) => void;
}

export interface KindStats {
  sent: number;
  accepted: number;
  failed: number;
}

export interface TrafficSummary {
  /** The seed of this traffic: pass it again to send the same events. */
  readonly seed: number;
  readonly events: Record<EventKind, KindStats>;
  /** Accepted events per campaign, for checking reports against what was sent. */
  readonly campaigns: Record<string, { bids: number; impressions: number; clicks: number }>;
  /** Batches sent, each as one request plus the client's retries. */
  requests: number;
  /** Retries of events a request did not store (a 207, 429, 503 or no answer). */
  retries: number;
  /** Batches with events still not stored after the client's last retry, or refused. */
  failedRequests: number;
  elapsedMs: number;
}

interface Outgoing {
  readonly kind: EventKind;
  readonly campaign: number;
  readonly event: Events[EventKind];
  readonly due: number;
}

const TICK_MS = 50;

/** Sends realistic bids, impressions and clicks at a steady rate, then waits for the stragglers. */
export async function generateTraffic(options: TrafficOptions): Promise<TrafficSummary> {
  const { url, rate, durationSeconds, seed = freshSeed(), batchSize = 1, concurrency = 32, onProgress } = options;
  const random = seededRandom(seed);
  const catalog = createCatalog(random);
  const client = new SdpClient({ target: { url } });
  const summary: TrafficSummary = {
    seed,
    events: { bid: zero(), impression: zero(), click: zero() },
    campaigns: {},
    requests: 0,
    retries: 0,
    failedRequests: 0,
    elapsedMs: 0,
  };
  const scheduled: Outgoing[] = [];
  const ready: Record<EventKind, Outgoing[]> = { bid: [], impression: [], click: [] };
  let inFlight = 0;
  let bidsMade = 0;
  const start = Date.now();
  const end = start + durationSeconds * 1000;
  let lastProgress = start;

  const send = async (kind: EventKind, batch: Outgoing[]) => {
    inFlight++;
    summary.requests++;
    const stats = summary.events[kind];
    stats.sent += batch.length;
    try {
      const result = await client.send(
        kind,
        batch.map((item) => item.event),
      );
      summary.retries += result.attempts - 1;
      const failedIndexes = new Set(result.failures.map((failure) => failure.index));
      if (failedIndexes.size > 0) summary.failedRequests++;
      batch.forEach((item, i) => {
        if (failedIndexes.has(i)) stats.failed++;
        else count(summary, item);
      });
    } catch {
      summary.failedRequests++;
      stats.failed += batch.length;
    } finally {
      inFlight--;
    }
  };

  for (;;) {
    const now = Date.now();
    if (now < end) {
      const due = Math.floor(((now - start) / 1000) * rate);
      for (; bidsMade < due; bidsMade++) plan(random, catalog, now, scheduled, ready);
    }
    for (let i = scheduled.length - 1; i >= 0; i--) {
      const item = scheduled[i] as Outgoing;
      if (item.due <= now) {
        ready[item.kind].push(item);
        scheduled.splice(i, 1);
      }
    }
    for (const kind of ['bid', 'impression', 'click'] as const) {
      const queue = ready[kind];
      while (queue.length > 0 && inFlight < concurrency) void send(kind, queue.splice(0, batchSize));
    }
    if (onProgress && now - lastProgress >= 1000) {
      lastProgress = now;
      onProgress({ ...summary, elapsedMs: now - start });
    }
    const pending = scheduled.length + ready.bid.length + ready.impression.length + ready.click.length;
    if (now >= end && pending === 0 && inFlight === 0) break;
    await new Promise((resolve) => setTimeout(resolve, inFlight >= concurrency ? 1 : TICK_MS));
  }
  client.close();
  summary.elapsedMs = Date.now() - start;
  return summary;
}

function plan(
  random: Random,
  catalog: ReturnType<typeof createCatalog>,
  now: number,
  scheduled: Outgoing[],
  ready: Record<EventKind, Outgoing[]>,
): void {
  const { bid, impression, clicked } = planTransaction(random, catalog);
  const campaign = bid.campaign_item_id;
  ready.bid.push({ kind: 'bid', campaign, event: bid, due: now });
  if (!impression) return;
  const shownAt = now + 100 + Math.floor(random() * 900);
  scheduled.push({ kind: 'impression', campaign, event: impression, due: shownAt });
  if (!clicked) return;
  scheduled.push({
    kind: 'click',
    campaign,
    event: { tx_id: bid.tx_id },
    due: shownAt + 200 + Math.floor(random() * 1800),
  });
}

function count(summary: TrafficSummary, item: Outgoing): void {
  summary.events[item.kind].accepted++;
  summary.campaigns[item.campaign] ??= { bids: 0, impressions: 0, clicks: 0 };
  const campaign = summary.campaigns[item.campaign];
  if (item.kind === 'bid') campaign.bids++;
  else if (item.kind === 'impression') campaign.impressions++;
  else campaign.clicks++;
}

/** A seed for the PRNG, which takes 32 bits. */
export const MAX_SEED = 0xffff_ffff;

export function freshSeed(): number {
  return randomInt(MAX_SEED + 1);
}

function zero(): KindStats {
  return { sent: 0, accepted: 0, failed: 0 };
}
