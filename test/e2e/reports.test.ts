import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Aggregate,
  BidRecord,
  ClickRecord,
  ImpressionRecord,
  JoinedClick,
  JoinedImpression,
} from '../../lambda/domain/aggregation/aggregation-records.ts';
import type { PeriodCounts } from '../../lambda/domain/reports/campaign-report.ts';
import { type ReadRecord, readAllRecords } from '../../local/kinesis/read-stream.ts';
import { get, post, removeDataDir, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';

/*
 * The reports path end to end on one in-process platform with 2-second periods: a known mix of
 * bids, impressions and clicks (client retries, arrays, impressions before bids, unjoinable events)
 * is POSTed in three waves a period apart, and GET /reports/campaigns/{id} must answer exactly the
 * counts SPEC.md §5 gives, per period and in total, once the windows have closed.
 *
 * The server stamps each event with its receive time, so which period an event lands in is only
 * known afterwards: the expected periods are derived from the records on `bcns` (the first record
 * of each kind per tx_id counts, in the window of its own timestamp), while the totals are fixed
 * by the script below alone.
 */

const PERIOD_MS = 2_000;
const LATENESS_MS = 1_000;
const ENV = {
  SDP_PERIOD_SECONDS: String(PERIOD_MS / 1000),
  SDP_ALLOWED_LATENESS_SECONDS: String(LATENESS_MS / 1000),
  SDP_OUT_OF_ORDERNESS_MS: '200',
};
const ATTRIBUTION_WINDOW_MS = 300_000;
const CLICK_WINDOW_MS = 900_000;

const CAMPAIGN_A = 4_100_001;
const CAMPAIGN_B = 4_100_002;
const CAMPAIGN_C = 4_100_003;
const CAMPAIGNS = [CAMPAIGN_A, CAMPAIGN_B, CAMPAIGN_C];
const UNKNOWN_CAMPAIGN = 4_199_999;

const prefix = randomUUID();
const tx = (name: string) => `${prefix}-${name}`;
/** Each transaction's clearing price, the same on every retry. */
const price = (name: string) => 500_000 + ([...name].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 7) % 500_000);

const bid = (name: string, campaign: number) => ({
  tx_id: tx(name),
  campaign_item_id: campaign,
  app_uid: `app-${name}`,
  domain: 'news.example.com',
  creative_id: `creative-${campaign}`,
  creative_category: 'finance',
  win_price: 2 * price(name),
});
const impression = (name: string) => ({ tx_id: tx(name), win_price: price(name) });
const click = (name: string) => ({ tx_id: tx(name) });

type Post = [route: '/bid' | '/impression' | '/click', body: object];

/** Three waves of requests, a period apart, in the order sent. */
const WAVES: Post[][] = [
  [
    // A1: the whole funnel, once each.
    ['/bid', bid('a1', CAMPAIGN_A)],
    ['/impression', impression('a1')],
    ['/click', click('a1')],
    // A2: a client retrying its bid and impression, once as an array.
    ['/bid', bid('a2', CAMPAIGN_A)],
    ['/bid', [bid('a2', CAMPAIGN_A)]],
    ['/impression', impression('a2')],
    ['/impression', impression('a2')],
    // A3: the impression before its bid.
    ['/impression', impression('a3')],
    ['/bid', bid('a3', CAMPAIGN_A)],
    // A4: a click without an impression never counts.
    ['/bid', bid('a4', CAMPAIGN_A)],
    ['/click', click('a4')],
    // B1-B3: arrays, and a click retried three times.
    ['/bid', [bid('b1', CAMPAIGN_B), bid('b2', CAMPAIGN_B), bid('b3', CAMPAIGN_B)]],
    ['/impression', [impression('b1'), impression('b2')]],
    ['/click', click('b1')],
    ['/click', click('b1')],
    ['/click', [click('b1')]],
    // X1: an impression and a click without a bid count for no campaign.
    ['/impression', impression('x1')],
    ['/click', click('x1')],
    // C1-C2: a retry array mixing a duplicate with a new bid, and a duplicate inside one array.
    ['/bid', bid('c1', CAMPAIGN_C)],
    ['/bid', [bid('c1', CAMPAIGN_C), bid('c2', CAMPAIGN_C)]],
    ['/impression', [impression('c2'), impression('c2')]],
  ],
  [
    ['/bid', bid('a5', CAMPAIGN_A)],
    ['/impression', impression('a5')],
    ['/click', click('a5')],
    // A2's click comes a period after its impression.
    ['/click', click('a2')],
    ['/bid', bid('b4', CAMPAIGN_B)],
    ['/impression', impression('b4')],
    ['/impression', impression('b1')],
    // A6: the impression waits a whole period for its bid.
    ['/impression', impression('a6')],
  ],
  [
    ['/bid', bid('a6', CAMPAIGN_A)],
    ['/bid', bid('c3', CAMPAIGN_C)],
    ['/bid', [bid('a1', CAMPAIGN_A), bid('b4', CAMPAIGN_B)]],
  ],
];

const spend = (...names: string[]) => names.reduce((sum, name) => sum + price(name), 0);
const EXPECTED_TOTALS: Record<number, Omit<PeriodCounts, 'period'>> = {
  [CAMPAIGN_A]: { bids: 6, impressions: 5, clicks: 3, spend: spend('a1', 'a2', 'a3', 'a5', 'a6') },
  [CAMPAIGN_B]: { bids: 4, impressions: 3, clicks: 1, spend: spend('b1', 'b2', 'b4') },
  [CAMPAIGN_C]: { bids: 3, impressions: 1, clicks: 0, spend: spend('c2') },
};
const ZERO = { bids: 0, impressions: 0, clicks: 0, spend: 0 };

interface Report {
  campaign_item_id: number;
  granularity: string;
  totals: Omit<PeriodCounts, 'period'>;
  periods: PeriodCounts[];
  next_token: string | null;
}

/** What the aggregation must make of this run's records on `bcns` (SPEC.md §5). */
interface Oracle {
  readonly periods: Map<number, PeriodCounts[]>;
  readonly impressions: JoinedImpression[];
  readonly clicks: JoinedClick[];
  /** When the last window of this run closes in event time. */
  readonly closesAt: number;
}

function oracle(bcns: readonly ReadRecord[]): Oracle {
  const firsts = new Map<string, { bid?: BidRecord; imp?: ImpressionRecord; click?: ClickRecord }>();
  let newest = 0;
  for (const record of bcns) {
    if (!record.partitionKey.startsWith(prefix)) continue;
    const event = JSON.parse(record.data) as BidRecord | ImpressionRecord | ClickRecord;
    const seen = firsts.get(event.tx_id) ?? {};
    if (event.type === 'bid') seen.bid ??= event;
    else if (event.type === 'imp') seen.imp ??= event;
    else seen.click ??= event;
    firsts.set(event.tx_id, seen);
    newest = Math.max(newest, event.timestamp);
  }
  const buckets = new Map<string, PeriodCounts & { campaign: number }>();
  const count = (campaign: number, timestamp: number, kind: 'bids' | 'impressions' | 'clicks', amount = 0) => {
    const start = timestamp - (timestamp % PERIOD_MS);
    const key = `${campaign}|${start}`;
    const bucket = buckets.get(key) ?? { campaign, period: period(start), ...ZERO };
    bucket[kind]++;
    bucket.spend += amount;
    buckets.set(key, bucket);
  };
  const impressions: JoinedImpression[] = [];
  const clicks: JoinedClick[] = [];
  for (const [txId, { bid, imp, click }] of firsts) {
    if (!bid) continue;
    count(bid.campaign_item_id, bid.timestamp, 'bids');
    if (!imp || Math.abs(imp.timestamp - bid.timestamp) > ATTRIBUTION_WINDOW_MS) continue;
    count(bid.campaign_item_id, imp.timestamp, 'impressions', imp.win_price);
    const joined: JoinedImpression = {
      tx_id: txId,
      campaign_item_id: bid.campaign_item_id,
      app_uid: bid.app_uid,
      domain: bid.domain ?? null,
      creative_id: bid.creative_id ?? null,
      creative_category: bid.creative_category ?? null,
      bid_price: bid.win_price ?? null,
      win_price: imp.win_price,
      bid_timestamp: bid.timestamp,
      timestamp: imp.timestamp,
    };
    impressions.push(joined);
    if (!click || Math.abs(click.timestamp - imp.timestamp) > CLICK_WINDOW_MS) continue;
    count(bid.campaign_item_id, click.timestamp, 'clicks');
    clicks.push({ ...joined, impression_timestamp: imp.timestamp, timestamp: click.timestamp });
  }
  const periods = new Map<number, PeriodCounts[]>(CAMPAIGNS.map((campaign) => [campaign, []]));
  for (const { campaign, ...counts } of [...buckets.values()].sort((a, b) => a.period.localeCompare(b.period))) {
    periods.get(campaign)?.push(counts);
  }
  const byTx = (a: { tx_id: string }, b: { tx_id: string }) => a.tx_id.localeCompare(b.tx_id);
  return {
    periods,
    impressions: impressions.sort(byTx),
    clicks: clicks.sort(byTx),
    closesAt: newest - (newest % PERIOD_MS) + PERIOD_MS + LATENESS_MS,
  };
}

const period = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

function rollUp(periods: PeriodCounts[], length: number, suffix: string): PeriodCounts[] {
  const buckets = new Map<string, PeriodCounts>();
  for (const item of periods) {
    const key = `${item.period.slice(0, length)}${suffix}`;
    const bucket = buckets.get(key) ?? { period: key, ...ZERO };
    bucket.bids += item.bids;
    bucket.impressions += item.impressions;
    bucket.clicks += item.clicks;
    bucket.spend += item.spend;
    buckets.set(key, bucket);
  }
  return [...buckets.values()];
}

const reportPath = (campaign: number | string, query = '') => `/reports/campaigns/${campaign}${query}`;

let platform: TestPlatform;
let expected: Oracle;

async function report(campaign: number, query = ''): Promise<Report> {
  const reply = await get(platform.url, reportPath(campaign, query));
  if (reply.status !== 200) throw new Error(`GET ${reportPath(campaign, query)} answered ${reply.status}`);
  return reply.body as Report;
}

/** The latest aggregate per campaign and period on `aggregates`, as report periods. */
async function latestAggregates(): Promise<Map<number, PeriodCounts[]>> {
  const latest = new Map<string, Aggregate>();
  for (const record of await readAllRecords(platform.kinesis, 'aggregates')) {
    const aggregate = JSON.parse(record.data) as Aggregate;
    if (CAMPAIGNS.includes(aggregate.campaign_item_id)) {
      latest.set(`${aggregate.campaign_item_id}|${aggregate.period}`, aggregate);
    }
  }
  const periods = new Map<number, PeriodCounts[]>(CAMPAIGNS.map((campaign) => [campaign, []]));
  const sorted = [...latest.values()].sort((a, b) => a.period.localeCompare(b.period));
  for (const { campaign_item_id, period, bids, impressions, clicks, spend } of sorted) {
    periods.get(campaign_item_id)?.push({ period, bids, impressions, clicks, spend });
  }
  return periods;
}

/**
 * Waits until every window of the run has closed and the report store holds the latest aggregate of
 * each: the processor's watermark passed the last window's end plus lateness, and every report equals
 * what the `aggregates` stream last said, twice in a row. Compares nothing with the expectation.
 */
async function settle(closesAt: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let matched = 0;
  while (Date.now() < deadline) {
    const health = await get(platform.url, '/health');
    const watermark = Date.parse((health.body as { watermark: string | null }).watermark ?? '');
    if (watermark >= closesAt) {
      const streamed = await latestAggregates();
      const reported = await Promise.all(CAMPAIGNS.map(async (campaign) => (await report(campaign)).periods));
      const same = CAMPAIGNS.every(
        (campaign, i) => JSON.stringify(reported[i]) === JSON.stringify(streamed.get(campaign)),
      );
      matched = same ? matched + 1 : 0;
      if (matched === 2) return;
    }
    await sleep(500);
  }
  throw new Error(`The reports did not settle within ${timeoutMs} ms`);
}

beforeAll(async () => {
  platform = await startTestPlatform(undefined, ENV);
  for (const [i, wave] of WAVES.entries()) {
    if (i > 0) await sleep(PERIOD_MS + 200);
    for (const [route, body] of wave) {
      const reply = await post(platform.url, route, body);
      if (reply.status !== 200)
        throw new Error(`POST ${route} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
  }
  expected = oracle(await readAllRecords(platform.kinesis, 'bcns'));
  await settle(expected.closesAt);
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  if (platform) await removeDataDir(platform.dataDir);
});

describe('GET /reports/campaigns/{campaign_item_id} over real traffic', () => {
  it.each(CAMPAIGNS)('reports exactly the counted events of campaign %i, per period and in total', async (campaign) => {
    // Act
    const reply = await get(platform.url, reportPath(campaign));

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.body).toStrictEqual({
      campaign_item_id: campaign,
      granularity: 'period',
      totals: EXPECTED_TOTALS[campaign],
      periods: expected.periods.get(campaign),
      next_token: null,
    });
  });

  it('lists every campaign of the run with exactly its report totals, win rate and CTR', async () => {
    // Prepare: whole hours around the run; the rollups follow each report write within moments.
    const first = Date.parse(expected.periods.get(CAMPAIGN_A)?.[0]?.period ?? '');
    const hour = 3_600_000;
    const query = `?from=${(first - (first % hour)) / 1000}&to=${(Date.now() - (Date.now() % hour) + hour) / 1000}&sort=campaign_item_id`;
    const wanted = CAMPAIGNS.map((campaign) => {
      const { bids, impressions, clicks, spend } = EXPECTED_TOTALS[campaign] as typeof ZERO;
      const ctr = impressions > 0 ? clicks / impressions : null;
      return { campaign_item_id: campaign, bids, impressions, clicks, spend, win_rate: impressions / bids, ctr };
    });
    let reply = await get(platform.url, `/reports/campaigns${query}`);
    for (
      let tries = 0;
      tries < 20 && JSON.stringify((reply.body as { campaigns: unknown }).campaigns) !== JSON.stringify(wanted);
      tries++
    ) {
      await sleep(250);
      reply = await get(platform.url, `/reports/campaigns${query}`);
    }

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      sort: 'campaign_item_id',
      order: 'asc',
      campaign_count: 3,
      campaigns: wanted,
      next_token: null,
    });
    for (const row of wanted) {
      const totals = (await report(row.campaign_item_id, query.replace('&sort=campaign_item_id', ''))).totals;
      expect(totals).toStrictEqual({
        bids: row.bids,
        impressions: row.impressions,
        clicks: row.clicks,
        spend: row.spend,
      });
    }
  });

  it('spreads the waves over at least three periods', () => {
    // Assess
    expect(expected.periods.get(CAMPAIGN_A)?.length).toBeGreaterThanOrEqual(3);
  });

  it('answers 200 with zero totals and no periods for a campaign without events', async () => {
    // Act
    const reply = await get(platform.url, reportPath(UNKNOWN_CAMPAIGN));

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({
      status: 200,
      body: { campaign_item_id: UNKNOWN_CAMPAIGN, granularity: 'period', totals: ZERO, periods: [], next_token: null },
    });
  });

  it('rejects a campaign id that is not valid percent-encoding with 400', async () => {
    // Act
    const reply = await get(platform.url, '/reports/campaigns/%E0');

    // Assess
    const message = 'The path /reports/campaigns/%E0 is not valid percent-encoding';
    expect({ status: reply.status, body: reply.body }).toStrictEqual({
      status: 400,
      body: { message, errors: [{ index: null, path: '', message }] },
    });
  });

  it.each([
    { granularity: 'hour', length: 13, suffix: ':00:00Z' },
    { granularity: 'day', length: 10, suffix: 'T00:00:00Z' },
  ])('rolls the periods up with granularity=$granularity', async ({ granularity, length, suffix }) => {
    // Act
    const body = await report(CAMPAIGN_A, `?granularity=${granularity}`);

    // Assess
    expect(body).toStrictEqual({
      campaign_item_id: CAMPAIGN_A,
      granularity,
      totals: EXPECTED_TOTALS[CAMPAIGN_A],
      periods: rollUp(expected.periods.get(CAMPAIGN_A) ?? [], length, suffix),
      next_token: null,
    });
  });

  it('pages one period at a time with limit and next_token, visiting each period once', async () => {
    // Prepare
    const all = expected.periods.get(CAMPAIGN_A) ?? [];
    const pages: Report[] = [];
    let token: string | null = null;

    // Act
    do {
      const query: string = token === null ? '?limit=1' : `?limit=1&next_token=${encodeURIComponent(token)}`;
      const page = await report(CAMPAIGN_A, query);
      pages.push(page);
      token = page.next_token;
    } while (token !== null && pages.length <= all.length);

    // Assess
    expect(pages.map((page) => page.periods)).toStrictEqual(all.map((item) => [item]));
    expect(pages.map((page) => page.totals)).toStrictEqual(all.map(() => EXPECTED_TOTALS[CAMPAIGN_A]));
  });

  it('limits periods and totals to from (inclusive) and to (exclusive)', async () => {
    // Prepare
    const [, second] = expected.periods.get(CAMPAIGN_A) ?? [];
    const start = Date.parse(second?.period ?? '');
    const { period: _, ...counts } = second as PeriodCounts;

    // Act
    const body = await report(CAMPAIGN_A, `?from=${second?.period}&to=${(start + PERIOD_MS) / 1000}`);

    // Assess
    expect(body).toStrictEqual({
      campaign_item_id: CAMPAIGN_A,
      granularity: 'period',
      totals: counts,
      periods: [second],
      next_token: null,
    });
  });

  it('answers 200 with no periods for a range inside one second', async () => {
    // Prepare
    const first = expected.periods.get(CAMPAIGN_A)?.[0]?.period ?? '';
    const inside = (ms: number) => new Date(Date.parse(first) + ms).toISOString();

    // Act
    const reply = await get(platform.url, reportPath(CAMPAIGN_A, `?from=${inside(200)}&to=${inside(800)}`));

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({
      status: 200,
      body: { campaign_item_id: CAMPAIGN_A, granularity: 'period', totals: ZERO, periods: [], next_token: null },
    });
  });

  it.each([
    {
      name: 'a negative id',
      path: reportPath(-5),
      errors: [{ path: 'campaign_item_id', message: 'must be a non-negative integer, got "-5"' }],
    },
    {
      name: 'an unknown granularity and a limit of 0',
      path: reportPath(CAMPAIGN_A, '?granularity=week&limit=0'),
      errors: [
        { path: 'granularity', message: 'must be one of period, hour, day' },
        { path: 'limit', message: 'must be an integer from 1 to 1000' },
      ],
    },
    {
      name: 'a reversed range',
      path: reportPath(CAMPAIGN_A, '?from=2026-11-23&to=2026-11-22'),
      errors: [{ path: 'to', message: 'must be after from' }],
    },
    {
      name: 'a forged next_token and an unknown parameter',
      path: reportPath(CAMPAIGN_A, '?next_token=forged&sort=desc'),
      errors: [
        { path: 'sort', message: 'is not a parameter; use from, to, granularity, limit, next_token' },
        { path: 'next_token', message: 'is not a token this API returned' },
      ],
    },
  ])('rejects $name with 400 and the problems', async ({ path, errors }) => {
    // Act
    const reply = await get(platform.url, path);

    // Assess
    expect({ status: reply.status, type: reply.headers['content-type'], body: reply.body }).toStrictEqual({
      status: 400,
      type: 'application/json',
      body: {
        message: `Invalid report request: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
        errors: errors.map((e) => ({ index: null, ...e })),
      },
    });
  });
});

describe('the output streams of the same traffic', () => {
  const ofRun = <T extends { tx_id: string }>(records: ReadRecord[]): T[] =>
    records
      .filter((record) => record.partitionKey.startsWith(prefix))
      .map((record) => JSON.parse(record.data) as T)
      .sort((a, b) => a.tx_id.localeCompare(b.tx_id));

  it('holds each joined impression exactly once', async () => {
    // Act
    const impressions = ofRun<JoinedImpression>(await readAllRecords(platform.kinesis, 'impressions'));

    // Assess
    expect(impressions).toStrictEqual(expected.impressions);
    expect(impressions.map((record) => record.tx_id)).toStrictEqual(
      ['a1', 'a2', 'a3', 'a5', 'a6', 'b1', 'b2', 'b4', 'c2'].map(tx).sort(),
    );
  });

  it('holds each joined click exactly once', async () => {
    // Act
    const clicks = ofRun<JoinedClick>(await readAllRecords(platform.kinesis, 'clicks'));

    // Assess
    expect(clicks).toStrictEqual(expected.clicks);
    expect(clicks.map((record) => record.tx_id)).toStrictEqual(['a1', 'a2', 'a5', 'b1'].map(tx).sort());
  });

  it('holds aggregates whose versions only grow per campaign and period, ending at the reported counts', async () => {
    // Act
    const aggregates = (await readAllRecords(platform.kinesis, 'aggregates'))
      .map((record) => JSON.parse(record.data) as Aggregate)
      .filter((aggregate) => CAMPAIGNS.includes(aggregate.campaign_item_id));

    // Assess
    const versions = new Map<string, number[]>();
    for (const aggregate of aggregates) {
      const key = `${aggregate.campaign_item_id}|${aggregate.period}`;
      versions.set(key, [...(versions.get(key) ?? []), aggregate.version]);
    }
    for (const list of versions.values()) expect(list).toStrictEqual([...new Set(list)].sort((a, b) => a - b));
    expect(await latestAggregates()).toStrictEqual(expected.periods);
  });
});
