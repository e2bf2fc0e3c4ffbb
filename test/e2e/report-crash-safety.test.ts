import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Aggregate, BcnsRecord } from '../../lambda/domain/aggregation/aggregation-records.ts';
import { createLocalKinesisClient } from '../../local/kinesis/kinesis-client.ts';
import { readAllRecords } from '../../local/kinesis/read-stream.ts';
import {
  get,
  killPlatform,
  makeDataDir,
  post,
  removeDataDir,
  type SpawnedPlatform,
  spawnPlatform,
} from '../helpers/local-platform.ts';

/*
 * The reports survive `kill -9`: the platform runs as a child process with 2-second periods, is
 * killed once while traffic flows and once right after the last event was acknowledged (before the
 * processor and the reports writer caught up), and restarted on the same data directory each time.
 * Once the reports settle, every campaign's totals must equal exactly what the API accepted.
 *
 * What "accepted" means when the process dies: a request answered 200 is stored; a request that got
 * a connection error (or any other status) may or may not be stored. Instead of guessing, the test
 * does what a client of the API does: it retries every such request against the restarted platform
 * until it is answered 200. Then every event sent is known to be stored at least once, and those cut
 * off by the kill may be stored twice (the lost attempt and the retry), which the aggregation must
 * count once. So the expectation is exact and needs no tolerance:
 * - bids: distinct bid tx_ids, per campaign;
 * - impressions: distinct impression tx_ids whose bid was sent too (all within seconds, far inside
 *   the 5-minute attribution window);
 * - clicks: distinct click tx_ids whose impression counts (likewise inside the click window).
 * An event is only ever "sent" as part of a request that is eventually answered 200.
 */

const ENV = { SDP_PERIOD_SECONDS: '2', SDP_ALLOWED_LATENESS_SECONDS: '1', SDP_OUT_OF_ORDERNESS_MS: '200' };
const PERIOD_MS = 2_000;
const LATENESS_MS = 1_000;
const SENDERS = 16;
const BATCH = 25;
const CAMPAIGNS = [5_200_001, 5_200_002, 5_200_003, 5_200_004, 5_200_005];

type Kind = 'bid' | 'impression' | 'click';
type Route = `/${Kind}`;

interface Request {
  readonly route: Route;
  readonly body: object | object[];
}

interface Tx {
  readonly txId: string;
  readonly campaign: number;
  readonly price: number;
}

/**
 * The traffic of a run: what was sent and answered 200, and the requests whose fate is unknown
 * until they are retried.
 */
class Ledger {
  readonly prefix = randomUUID();
  readonly txs = new Map<string, Tx>();
  /** tx_ids per kind with an event answered 200. */
  readonly accepted: Record<Kind, Set<string>> = { bid: new Set(), impression: new Set(), click: new Set() };
  /** Requests that got no 200, to retry until they do. */
  unresolved: Request[] = [];
  requests = 0;
  #next = 0;

  newTx(): Tx {
    const n = this.#next++;
    const tx = {
      txId: `${this.prefix}-${n}`,
      campaign: CAMPAIGNS[n % CAMPAIGNS.length] as number,
      price: 400_000 + ((n * 7919) % 600_000),
    };
    this.txs.set(tx.txId, tx);
    return tx;
  }

  /** Sends a request once; false when its fate is unknown (it is then kept for a retry). */
  async send(url: string, request: Request): Promise<boolean> {
    this.requests++;
    try {
      const reply = await post(url, request.route, request.body);
      if (reply.status === 200) {
        this.#accept(request);
        return true;
      }
    } catch {
      // A connection refused or reset: the process is gone, the request may or may not be stored.
    }
    this.unresolved.push(request);
    return false;
  }

  /** Retries every request of unknown fate until it is answered 200. */
  async resolve(url: string, timeoutMs = 30_000): Promise<number> {
    const retried = this.unresolved;
    this.unresolved = [];
    const deadline = Date.now() + timeoutMs;
    for (const request of retried) {
      for (;;) {
        const reply = await post(url, request.route, request.body).catch(() => undefined);
        if (reply?.status === 200) break;
        if (Date.now() > deadline) throw new Error(`POST ${request.route} is still refused: ${reply?.status}`);
        await sleep(200);
      }
      this.#accept(request);
    }
    return retried.length;
  }

  /** The totals SPEC.md §5 gives for what was accepted, per campaign. */
  expectedTotals(): Record<number, { bids: number; impressions: number; clicks: number; spend: number }> {
    const totals = Object.fromEntries(
      CAMPAIGNS.map((campaign) => [campaign, { bids: 0, impressions: 0, clicks: 0, spend: 0 }]),
    );
    for (const tx of this.txs.values()) {
      const counts = totals[tx.campaign];
      if (!counts || !this.accepted.bid.has(tx.txId)) continue;
      counts.bids++;
      if (!this.accepted.impression.has(tx.txId)) continue;
      counts.impressions++;
      counts.spend += tx.price;
      if (this.accepted.click.has(tx.txId)) counts.clicks++;
    }
    return totals;
  }

  /** tx_ids whose impression, or click, must be on the output streams. */
  expectedJoined(): { impressions: string[]; clicks: string[] } {
    const impressions = [...this.accepted.impression].filter((txId) => this.accepted.bid.has(txId));
    const clicks = impressions.filter((txId) => this.accepted.click.has(txId));
    return { impressions: impressions.sort(), clicks: clicks.sort() };
  }

  #accept(request: Request): void {
    const kind = request.route.slice(1) as Kind;
    const events = Array.isArray(request.body) ? request.body : [request.body];
    for (const event of events) this.accepted[kind].add((event as { tx_id: string }).tx_id);
  }
}

const bid = (tx: Tx) => ({
  tx_id: tx.txId,
  campaign_item_id: tx.campaign,
  app_uid: `app-${tx.txId.slice(-6)}`,
  domain: 'news.example.com',
  win_price: 2 * tx.price,
});
const impression = (tx: Tx) => ({ tx_id: tx.txId, win_price: tx.price });
const click = (tx: Tx) => ({ tx_id: tx.txId });

/**
 * The requests of one scenario, in order: the full funnel, retries (also as arrays), an impression
 * before its bid, a click without an impression, an impression without a bid, and batches.
 */
function scenario(ledger: Ledger, n: number): Request[] {
  const tx = ledger.newTx();
  switch (n % 7) {
    case 0:
      return [
        { route: '/bid', body: bid(tx) },
        { route: '/impression', body: impression(tx) },
        { route: '/click', body: click(tx) },
      ];
    case 1:
      return [
        { route: '/bid', body: bid(tx) },
        { route: '/bid', body: [bid(tx)] },
        { route: '/impression', body: impression(tx) },
        { route: '/impression', body: impression(tx) },
        { route: '/click', body: [click(tx), click(tx)] },
      ];
    case 2:
      return [
        { route: '/impression', body: impression(tx) },
        { route: '/bid', body: bid(tx) },
      ];
    case 3:
      return [
        { route: '/bid', body: bid(tx) },
        { route: '/click', body: click(tx) },
      ];
    case 4:
      return [
        { route: '/impression', body: impression(tx) },
        { route: '/click', body: click(tx) },
      ];
    case 5: {
      // Batches give the processor steps with many outputs, so a kill more likely lands mid-send.
      const others = Array.from({ length: BATCH - 1 }, () => ledger.newTx());
      return [
        { route: '/bid', body: [tx, ...others].map(bid) },
        { route: '/impression', body: [tx, ...others].map(impression) },
        { route: '/bid', body: [bid(tx)] },
      ];
    }
    default:
      return [{ route: '/bid', body: bid(tx) }];
  }
}

/** `SENDERS` loops sending scenarios until `stopAt`, each stopping at its first request without a 200. */
function sendTraffic(ledger: Ledger, url: string, stopAt: number): Promise<void> {
  let scenarios = 0;
  const sender = async () => {
    while (Date.now() < stopAt) {
      for (const request of scenario(ledger, scenarios++)) {
        if (!(await ledger.send(url, request))) return;
      }
    }
  };
  return Promise.all(Array.from({ length: SENDERS }, sender)).then(() => undefined);
}

interface Health {
  watermark: string | null;
  kinesis_endpoint: string;
}

interface Report {
  totals: { bids: number; impressions: number; clicks: number; spend: number };
  periods: { period: string; bids: number; impressions: number; clicks: number; spend: number }[];
}

async function reportOf(url: string, campaign: number): Promise<Report> {
  const reply = await get(url, `/reports/campaigns/${campaign}`);
  if (reply.status !== 200) throw new Error(`GET report ${campaign} answered ${reply.status}`);
  return reply.body as Report;
}

/** The latest aggregate per campaign and period on `aggregates`, as report periods, by campaign. */
async function latestAggregates(kinesis: KinesisClient): Promise<Record<number, Report['periods']>> {
  const latest = new Map<string, Aggregate>();
  for (const record of await readAllRecords(kinesis, 'aggregates')) {
    const aggregate = JSON.parse(record.data) as Aggregate;
    latest.set(`${aggregate.campaign_item_id}|${aggregate.period}`, aggregate);
  }
  const periods: Record<number, Report['periods']> = Object.fromEntries(CAMPAIGNS.map((campaign) => [campaign, []]));
  for (const aggregate of [...latest.values()].sort((a, b) => a.period.localeCompare(b.period))) {
    const { period, bids, impressions, clicks, spend } = aggregate;
    periods[aggregate.campaign_item_id]?.push({ period, bids, impressions, clicks, spend });
  }
  return periods;
}

/**
 * Waits until the watermark passed the close of the last window holding this run's events and every
 * report equals what the `aggregates` stream last said, twice in a row. Compares nothing with the
 * ledger: a wrong count still settles, and fails the assertions after.
 */
async function settle(url: string, kinesis: KinesisClient, ledger: Ledger, timeoutMs = 90_000): Promise<void> {
  let newest = 0;
  for (const record of await readAllRecords(kinesis, 'bcns')) {
    if (record.partitionKey.startsWith(ledger.prefix)) {
      newest = Math.max(newest, (JSON.parse(record.data) as BcnsRecord).timestamp);
    }
  }
  const closesAt = newest - (newest % PERIOD_MS) + PERIOD_MS + LATENESS_MS;
  const deadline = Date.now() + timeoutMs;
  let matched = 0;
  while (Date.now() < deadline) {
    const { watermark } = (await get(url, '/health')).body as Health;
    if (Date.parse(watermark ?? '') >= closesAt) {
      const streamed = await latestAggregates(kinesis);
      const reported = await Promise.all(CAMPAIGNS.map((campaign) => reportOf(url, campaign)));
      const same = CAMPAIGNS.every(
        (campaign, i) => JSON.stringify(reported[i]?.periods) === JSON.stringify(streamed[campaign]),
      );
      matched = same ? matched + 1 : 0;
      if (matched === 2) return;
    }
    await sleep(500);
  }
  throw new Error(`The reports did not settle within ${timeoutMs} ms`);
}

/** Records of a run on a stream whose partition key is a tx_id, and the tx_ids found more than once. */
async function joinedOf(kinesis: KinesisClient, stream: string, ledger: Ledger) {
  const txIds = (await readAllRecords(kinesis, stream))
    .map((record) => record.partitionKey)
    .filter((txId) => txId.startsWith(ledger.prefix));
  const duplicates = txIds.filter((txId, i) => txIds.indexOf(txId) !== i);
  return { txIds: [...new Set(txIds)].sort(), duplicates };
}

/**
 * Kills the platform the moment a new record shows up on its `impressions` stream: the processor
 * has then just put part of a step's outputs (impressions go first, then clicks and aggregates)
 * and most likely not yet recorded that in its checkpoint, the window in which a crash leaves
 * outputs both written and pending. Returns whether a record was seen before the timeout.
 */
async function killAfterAnOutput(spawned: SpawnedPlatform, timeoutMs = 10_000): Promise<boolean> {
  const { kinesis_endpoint } = (await get(spawned.url, '/health')).body as Health;
  const watcher = createLocalKinesisClient(kinesis_endpoint, 1);
  try {
    let { ShardIterator: iterator } = await watcher.send(
      new GetShardIteratorCommand({
        StreamName: 'impressions',
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'LATEST',
      }),
    );
    for (const deadline = Date.now() + timeoutMs; iterator && Date.now() < deadline; ) {
      const page = await watcher.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1 }));
      if ((page.Records ?? []).length > 0) {
        spawned.child.kill('SIGKILL');
        return true;
      }
      iterator = page.NextShardIterator;
    }
    return false;
  } finally {
    spawned.child.kill('SIGKILL');
    watcher.destroy();
  }
}

describe('reports of a platform killed with SIGKILL while traffic flows', () => {
  let dataDir: string | undefined;
  let spawned: SpawnedPlatform | undefined;
  let kinesis: KinesisClient | undefined;

  afterEach(async () => {
    kinesis?.destroy();
    await killPlatform(spawned);
    if (dataDir) await removeDataDir(dataDir);
    kinesis = undefined;
    spawned = undefined;
    dataDir = undefined;
  });

  it('count every accepted event exactly once after a kill mid-traffic and one right after it', async () => {
    // Prepare
    const ledger = new Ledger();
    dataDir = await makeDataDir();
    spawned = await spawnPlatform(dataDir, ENV);

    // Act
    // Kill 1: while the senders are busy, right after the processor wrote some of its outputs.
    const first = sendTraffic(ledger, spawned.url, Date.now() + 60_000);
    await sleep(2_000);
    const requestsBeforeKill = ledger.requests;
    const killedAfterAnOutput = await killAfterAnOutput(spawned);
    const firstExit = await spawned.exited;
    await first;
    const cutOffByFirstKill = ledger.unresolved.length;

    // Kill 2: restart, retry what the kill cut off, send more, and kill as soon as the last is answered.
    spawned = await spawnPlatform(dataDir, ENV);
    await ledger.resolve(spawned.url);
    await sendTraffic(ledger, spawned.url, Date.now() + 2_000);
    spawned.child.kill('SIGKILL');
    const secondExit = await spawned.exited;

    // Restart for good and let the processor and the reports writer catch up.
    spawned = await spawnPlatform(dataDir, ENV);
    await ledger.resolve(spawned.url);
    const { kinesis_endpoint } = (await get(spawned.url, '/health')).body as Health;
    kinesis = createLocalKinesisClient(kinesis_endpoint);
    await settle(spawned.url, kinesis, ledger);

    // Assess
    expect([firstExit, secondExit]).toStrictEqual([
      { code: null, signal: 'SIGKILL' },
      { code: null, signal: 'SIGKILL' },
    ]);
    expect(requestsBeforeKill).toBeGreaterThan(100);
    expect(killedAfterAnOutput).toBe(true);
    expect(cutOffByFirstKill).toBeGreaterThan(0);
    const expected = ledger.expectedTotals();
    const reported = Object.fromEntries(
      await Promise.all(
        CAMPAIGNS.map(async (campaign) => [campaign, (await reportOf(spawned?.url ?? '', campaign)).totals]),
      ),
    );
    expect(reported).toStrictEqual(expected);
    for (const counts of Object.values(expected)) {
      expect(counts.impressions).toBeGreaterThan(0);
      expect(counts.clicks).toBeGreaterThan(0);
    }

    const joined = ledger.expectedJoined();
    expect(await joinedOf(kinesis, 'impressions', ledger)).toStrictEqual({
      txIds: joined.impressions,
      duplicates: [],
    });
    expect(await joinedOf(kinesis, 'clicks', ledger)).toStrictEqual({ txIds: joined.clicks, duplicates: [] });
    const versions = new Map<string, number[]>();
    for (const record of await readAllRecords(kinesis, 'aggregates')) {
      const aggregate = JSON.parse(record.data) as Aggregate;
      const key = `${aggregate.campaign_item_id}|${aggregate.period}`;
      versions.set(key, [...(versions.get(key) ?? []), aggregate.version]);
    }
    const notIncreasing = [...versions].filter(([, list]) =>
      list.some((version, i) => i > 0 && version <= (list[i - 1] as number)),
    );
    expect(notIncreasing).toStrictEqual([]);
  }, 240_000);
});
