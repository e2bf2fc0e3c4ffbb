import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BidEvent, EventKind, Events, PredictionRequest } from '../../client/sdp-client.ts';
import { until } from '../helpers/until.ts';
import { callRaw, openTarget, type PlatformApis, type PlatformTarget, typedApis } from './targets/platform-target.ts';

/*
 * The platform through its public interfaces only, on the local platform (`npm test`) or on a deployed
 * stage (`npm run test:aws`, SDP_E2E_TARGET=aws): ingest → exact reports → lake SQL → predictions, and
 * bad input answered 4xx with nothing stored. The target supplies the transport; the requests go
 * through the typed client (client/generated/), and every answer is checked against the target's
 * OpenAPI document before a test sees it; every assertion here holds for both. Each run uses its own
 * campaign and transaction ids, so a stage with other traffic (or earlier runs) does not disturb it.
 */

let target: PlatformTarget;
let api: PlatformApis;
/** A deployed stage takes minutes to show data (60 s windows, Firehose buffering); the local one seconds. */
const SETTLE_TIMEOUT = process.env.SDP_E2E_TARGET === 'aws' ? 15 * 60_000 : 60_000;
const run = randomUUID();
const tx = (name: string) => `e2e-${run}-${name}`;
const CAMPAIGN = randomInt(900_000_000, 999_999_999);
const startDay = new Date().toISOString().slice(0, 10);

const bid = (name: string, winPrice: number): BidEvent => ({
  tx_id: tx(name),
  campaign_item_id: CAMPAIGN,
  app_uid: `app-${name}`,
  domain: 'www.example.com',
  creative_id: 'creative-e2e',
  creative_category: 'finance',
  win_price: winPrice,
});

type IngestRoute = `/${EventKind}`;
/** A request to an ingestion route: one event of the route's kind, or an array of them. */
type Sent = { [K in EventKind]: [route: `/${K}`, body: Events[K] | Events[K][]] }[EventKind];

/** The contract's error shape (SPEC.md §4), whatever the words of each target. */
const errorBody = { message: expect.any(String), errors: expect.any(Array) };
const isErrorList = (body: unknown) =>
  (body as { errors: unknown[] }).errors.every(
    (error) => typeof error === 'object' && error !== null && 'index' in error && 'path' in error && 'message' in error,
  );

beforeAll(async () => {
  target = await openTarget();
  api = typedApis(target);
}, 120_000);

afterAll(async () => {
  await target?.close();
});

/**
 * Bad requests, sent first: none may ever reach the lake, which later requests do. Their bodies break
 * the events' types on purpose, so they are cast past them to the typed client.
 */
const BAD_REQUESTS: { name: string; route: IngestRoute; body: unknown }[] = [
  { name: 'a field of the wrong type', route: '/bid', body: { ...bid('bad-type', 1), campaign_item_id: 'abc' } },
  { name: 'a missing field', route: '/impression', body: { tx_id: tx('bad-missing') } },
  { name: 'an unknown field', route: '/click', body: { tx_id: tx('bad-unknown'), campaign: 3 } },
  {
    name: 'a batch with one invalid event',
    route: '/bid',
    body: [bid('bad-batch-0', 1), { tx_id: tx('bad-batch-1') }],
  },
  { name: 'an empty array', route: '/bid', body: [] },
];

describe('bad input', () => {
  it.each(BAD_REQUESTS)('rejects $name with 400 and the error list', async ({ route, body }) => {
    // Act
    const { data, error, response } = await api.ingestion.POST(route, { body: body as BidEvent });

    // Assess
    expect({ status: response.status, data, error }).toStrictEqual({ status: 400, data: undefined, error: errorBody });
    expect(isErrorList(error)).toBe(true);
  });

  it('rejects a body that is not JSON with 400', async () => {
    // The typed client sends every body as JSON, so this one goes by hand (still checked against the document).
    const reply = await callRaw(target.ingestion, 'POST', '/bid', '{"tx_id": ');
    expect({ status: reply.status, body: reply.body }).toStrictEqual({ status: 400, body: errorBody });
  });
});

describe('ingest → reports → lake', () => {
  // A bid retried by its client, one impression per won bid, a click, and a click without impression.
  const EVENTS: Sent[] = [
    ['/bid', bid('b1', 1_500_000)],
    ['/bid', [bid('b2', 1_200_000), bid('b3', 900_000)]],
    ['/bid', bid('b1', 1_500_000)],
    [
      '/impression',
      [
        { tx_id: tx('b1'), win_price: 1_000_000 },
        { tx_id: tx('b2'), win_price: 700_000 },
      ],
    ],
    ['/click', { tx_id: tx('b1') }],
    ['/click', { tx_id: tx('b3') }],
  ];

  it('accepts every event, answering how many', async () => {
    // Act
    const replies = [];
    for (const [route, body] of EVENTS) {
      const { data, error, response } = await api.ingestion.POST(route, { body });
      replies.push({ status: response.status, data, error });
    }

    // Assess
    expect(replies).toStrictEqual(
      EVENTS.map(([, body]) => ({
        status: 200,
        data: { accepted: Array.isArray(body) ? body.length : 1, failed: 0, failures: [] },
        error: undefined,
      })),
    );
  });

  it(
    'reports the campaign’s exact counts: duplicates and unjoined clicks never count',
    async () => {
      // Act
      const read = () =>
        api.reports.GET('/reports/campaigns/{campaign_item_id}', { params: { path: { campaign_item_id: CAMPAIGN } } });
      const { data, response } = await until(
        read,
        (reply) => reply.data?.totals.clicks === 1,
        target.timing.reportsMs,
        target.timing.pollMs,
      );

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(data).toMatchObject({
        campaign_item_id: CAMPAIGN,
        totals: { bids: 3, impressions: 2, clicks: 1, spend: 1_700_000 },
      });
    },
    SETTLE_TIMEOUT,
  );

  it(
    'holds every accepted event once in parquet_bcns, and nothing of the rejected requests',
    async () => {
      // Prepare
      const sql = `SELECT type, count(*) AS n, count(DISTINCT tx_id) AS txs FROM parquet_bcns
      WHERE dt >= '${startDay}' AND tx_id LIKE 'e2e-${run}-%' GROUP BY type ORDER BY type`;
      const expected = [
        { type: 'bid', n: '4', txs: '3' },
        { type: 'click', n: '2', txs: '2' },
        { type: 'imp', n: '2', txs: '2' },
      ];

      // Act
      const rows = await until(
        () => target.lakeQuery(sql),
        (r) => JSON.stringify(r) === JSON.stringify(expected),
        target.timing.lakeMs,
        target.timing.pollMs,
      );
      const rejected = await target.lakeQuery(
        `SELECT count(*) AS n FROM parquet_bcns WHERE dt >= '${startDay}' AND tx_id LIKE 'e2e-${run}-bad-%'`,
      );

      // Assess
      expect(rows).toStrictEqual(expected);
      expect(rejected).toStrictEqual([{ n: '0' }]);
    },
    SETTLE_TIMEOUT,
  );
});

describe('reports API', () => {
  const report = (campaign: number) =>
    api.reports.GET('/reports/campaigns/{campaign_item_id}', { params: { path: { campaign_item_id: campaign } } });

  it('answers an unknown campaign with zero totals and no periods', async () => {
    const { data, response } = await report(CAMPAIGN + 1);
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      campaign_item_id: CAMPAIGN + 1,
      totals: { bids: 0, impressions: 0, clicks: 0 },
      periods: [],
    });
  });

  it('rejects a campaign id that is not a number with 400', async () => {
    // A path parameter of the wrong type on purpose, cast past the client's types.
    const { error, response } = await report('not-a-number' as unknown as number);
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ message: expect.any(String) });
  });
});

describe('predictions API', () => {
  const REQUEST: PredictionRequest = {
    campaignItemId: CAMPAIGN,
    domain: 'www.example.com',
    creativeId: 'creative-e2e',
    creativeCategory: 'finance',
    winPrice: 1_500_000,
  };

  it('answers a probability per request, or 503 saying how to train while no model exists', async () => {
    // Act
    const { data, error, response } = await api.predict([REQUEST, { ...REQUEST, winPrice: 10 }]);

    // Assess
    if (response.status === 503) {
      expect(error).toStrictEqual({ message: expect.stringMatching(/model/i) });
    } else {
      const prediction = { score: expect.any(Number), predicted_label: expect.any(Number) };
      expect({ status: response.status, data }).toStrictEqual({
        status: 200,
        data: { predictions: [prediction, prediction] },
      });
      for (const { score, predicted_label } of data?.predictions ?? []) {
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect([0, 1]).toContain(predicted_label);
      }
    }
  });

  it('rejects a bad request with 400 and the error list', async () => {
    // A field of the wrong type on purpose, cast past the client's types.
    const { error, response } = await api.predict({ ...REQUEST, winPrice: 'high' } as unknown as PredictionRequest);
    expect({ status: response.status, error }).toStrictEqual({ status: 400, error: errorBody });
    expect(isErrorList(error)).toBe(true);
  });
});
