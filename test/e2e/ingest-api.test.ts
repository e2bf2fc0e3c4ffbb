import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../lambda/domain/events.ts';
import { type ReadRecord, readAllRecords } from '../../local/kinesis/read-stream.ts';
import { get, post, removeDataDir, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';

/*
 * The ingestion API of the local platform, over HTTP, checked against what lands on `bcns`:
 * exact answers, exact records, all-or-nothing batches, and records that survive a restart.
 */

let platform: TestPlatform;
/** The platform afterAll must stop: unset while the restart test has none running. */
let running: TestPlatform | undefined;

beforeAll(async () => {
  platform = await startTestPlatform();
  running = platform;
});

afterAll(async () => {
  await running?.stop();
  if (platform) await removeDataDir(platform.dataDir);
});

const readBcns = (): Promise<ReadRecord[]> => readAllRecords(platform.kinesis, 'bcns');

const recordsOf = (records: ReadRecord[], txId: string) =>
  records.filter((record) => record.partitionKey === txId).map(({ partitionKey, data }) => ({ partitionKey, data }));

const timestampOf = (data: string): number => (JSON.parse(data) as { timestamp: number }).timestamp;

const bid = (txId: string) => ({ tx_id: txId, campaign_item_id: 1_000_042, app_uid: 'app-1' });

const ACCEPTED_ONE = { accepted: 1, failed: 0, failures: [] };

describe('POST /bid /impression /click with valid events', () => {
  it.each([
    {
      kind: 'bid',
      // Fields deliberately out of schema order, with every optional field set.
      event: (txId: string) => ({
        win_price: 1_500_000,
        creative_category: 'finance',
        creative_id: 'creative-7',
        domain: 'www.example.com',
        app_uid: 'app-1',
        campaign_item_id: 1_000_042,
        tx_id: txId,
      }),
      data: (txId: string, ts: number) =>
        `{"tx_id":"${txId}","campaign_item_id":1000042,"app_uid":"app-1","domain":"www.example.com","creative_id":"creative-7","creative_category":"finance","win_price":1500000,"type":"bid","timestamp":${ts}}`,
    },
    {
      kind: 'impression',
      event: (txId: string) => ({ win_price: 1_200_000, tx_id: txId }),
      data: (txId: string, ts: number) => `{"tx_id":"${txId}","win_price":1200000,"type":"imp","timestamp":${ts}}`,
    },
    {
      kind: 'click',
      event: (txId: string) => ({ tx_id: txId }),
      data: (txId: string, ts: number) => `{"tx_id":"${txId}","type":"click","timestamp":${ts}}`,
    },
  ])('accepts one $kind event and writes its record to bcns keyed by tx_id', async ({ kind, event, data }) => {
    // Prepare
    const txId = `single-${kind}-${randomUUID()}`;
    const sentAfter = Date.now();

    // Act
    const reply = await post(platform.url, `/${kind}`, event(txId));
    const answeredBefore = Date.now();

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({ status: 200, body: ACCEPTED_ONE });
    const records = recordsOf(await readBcns(), txId);
    expect(records).toHaveLength(1);
    const timestamp = timestampOf(records[0]?.data ?? '{}');
    expect(records).toStrictEqual([{ partitionKey: txId, data: data(txId, timestamp) }]);
    expect(timestamp).toBeGreaterThanOrEqual(sentAfter);
    expect(timestamp).toBeLessThanOrEqual(answeredBefore);
  });

  it('replaces a client type and timestamp with the server type and receive time', async () => {
    // Prepare
    const txId = `override-${randomUUID()}`;
    const sentAfter = Date.now();

    // Act
    const reply = await post(platform.url, '/click', { tx_id: txId, type: 'click', timestamp: 1 });

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({ status: 200, body: ACCEPTED_ONE });
    const [record] = recordsOf(await readBcns(), txId);
    const timestamp = timestampOf(record?.data ?? '{}');
    expect(record).toStrictEqual({
      partitionKey: txId,
      data: `{"tx_id":"${txId}","type":"click","timestamp":${timestamp}}`,
    });
    expect(timestamp).toBeGreaterThanOrEqual(sentAfter);
  });

  it('accepts a batch of 500 events and writes all 500 to bcns', async () => {
    // Prepare
    const prefix = `batch-${randomUUID()}`;
    const txIds = Array.from({ length: 500 }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

    // Act
    const reply = await post(platform.url, '/bid', txIds.map(bid));

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({
      status: 200,
      body: { accepted: 500, failed: 0, failures: [] },
    });
    const written = (await readBcns())
      .filter((record) => record.partitionKey.startsWith(prefix))
      .map((record) => record.partitionKey)
      .sort();
    expect(written).toStrictEqual(txIds);
  });

  it('accepts Content-Type application/json with a charset parameter', async () => {
    // Prepare
    const txId = `charset-${randomUUID()}`;

    // Act
    const reply = await post(platform.url, '/bid', bid(txId), 'application/json; charset=utf-8');

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({ status: 200, body: ACCEPTED_ONE });
    expect(recordsOf(await readBcns(), txId)).toHaveLength(1);
  });
});

describe('POST with bad input', () => {
  const notJson = '{"tx_id": "a", ';
  const jsonError = (() => {
    try {
      JSON.parse(notJson);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  })();
  const bodyIssue = (message: string) => ({ message, errors: [{ index: null, path: '', message }] });
  const valid = Array.from({ length: 500 }, (_, i) => bid(`never-written-${i}`));

  it.each([
    {
      name: 'a body that is not JSON',
      route: '/bid',
      body: notJson,
      contentType: 'application/json',
      status: 400,
      expected: bodyIssue(`Request body is not valid JSON: ${jsonError}`),
    },
    {
      name: 'fields of the wrong type',
      route: '/bid',
      body: { tx_id: 7, campaign_item_id: '1000042', app_uid: 'app-1', win_price: 1.5 },
      contentType: 'application/json',
      status: 400,
      expected: {
        message: 'Invalid bid event: 3 errors',
        errors: [
          { index: null, path: 'tx_id', message: 'must be a string, got an integer' },
          { index: null, path: 'campaign_item_id', message: 'must be an integer, got a string' },
          { index: null, path: 'win_price', message: 'must be an integer, got a non-integer number' },
        ],
      },
    },
    {
      name: 'missing required fields',
      route: '/impression',
      body: { tx_id: 'missing-price' },
      contentType: 'application/json',
      status: 400,
      expected: {
        message: 'Invalid impression event: 1 error',
        errors: [{ index: null, path: 'win_price', message: 'is required' }],
      },
    },
    {
      name: 'unknown fields',
      route: '/click',
      body: { tx_id: 'unknown-field', campaign: 3 },
      contentType: 'application/json',
      status: 400,
      expected: {
        message: 'Invalid click event: 1 error',
        errors: [
          {
            index: null,
            path: 'campaign',
            message: 'is not a field of a click event (known fields: tx_id, type, timestamp)',
          },
        ],
      },
    },
    {
      name: 'an empty array',
      route: '/bid',
      body: [],
      contentType: 'application/json',
      status: 400,
      expected: bodyIssue('Request body is an empty array: send one event or an array of 1 to 500 events'),
    },
    {
      name: 'a batch of 501 events',
      route: '/bid',
      body: [...valid, bid('never-written-500')],
      contentType: 'application/json',
      status: 400,
      expected: bodyIssue('Request body has 501 events: at most 500 are allowed per request'),
    },
    {
      name: 'a batch whose last event alone is invalid, writing none of it',
      route: '/bid',
      body: [...valid.slice(0, 499), { tx_id: 'never-written-499', campaign_item_id: 1 }],
      contentType: 'application/json',
      status: 400,
      expected: {
        message: 'Invalid batch of bid events: 1 error',
        errors: [{ index: 499, path: 'app_uid', message: 'is required' }],
      },
    },
    {
      name: 'a body over 1 MB',
      route: '/bid',
      body: { ...bid('too-large'), domain: 'x'.repeat(MAX_BODY_BYTES) },
      contentType: 'application/json',
      status: 413,
      expected: bodyIssue(`Request body exceeds ${MAX_BODY_BYTES} bytes`),
    },
    {
      name: 'a text/plain body',
      route: '/bid',
      body: bid('text-plain'),
      contentType: 'text/plain',
      status: 415,
      expected: bodyIssue('Content-Type must be application/json, got text/plain'),
    },
    {
      name: 'a body without Content-Type',
      route: '/bid',
      body: bid('no-content-type'),
      contentType: null,
      status: 415,
      expected: bodyIssue('Content-Type must be application/json, got none'),
    },
  ])('rejects $name with $status and writes nothing', async ({ route, body, contentType, status, expected }) => {
    // Prepare
    const before = (await readBcns()).length;

    // Act
    const reply = await post(platform.url, route, body, contentType);

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({ status, body: expected });
    expect((await readBcns()).length).toBe(before);
  });

  it('rejects an unknown route with 404 and lists the routes', async () => {
    // Prepare
    const before = (await readBcns()).length;

    // Act
    const reply = await post(platform.url, '/bids', bid('unknown-route'));

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({
      status: 404,
      body: {
        message:
          'No route for POST /bids. Routes: POST /bid, POST /impression, POST /click, GET /reports/campaigns, GET /reports/campaigns/{campaign_item_id}, GET /reports/model, POST /predictions, GET /metrics, GET /health, GET /openapi.json, GET /docs, GET /docs/{asset}, GET /, GET /dashboard/{file}',
      },
    });
    expect((await readBcns()).length).toBe(before);
  });

  it('rejects GET /bid with 405 and an Allow header', async () => {
    // Prepare
    const before = (await readBcns()).length;

    // Act
    const reply = await get(platform.url, '/bid');

    // Assess
    expect({ status: reply.status, allow: reply.headers.allow, body: reply.body }).toStrictEqual({
      status: 405,
      allow: 'POST',
      body: { message: 'GET is not allowed on /bid; use POST' },
    });
    expect((await readBcns()).length).toBe(before);
  });
});

describe('GET /health', () => {
  it('answers ok with every component, the local endpoints, the aggregation progress and the lake writers', async () => {
    // Act
    const reply = await get(platform.url, '/health');

    // Assess
    const ok = { status: 'ok' };
    expect({ status: reply.status, body: reply.body }).toStrictEqual({
      status: 200,
      body: {
        status: 'ok',
        components: {
          kinesis: ok,
          dynamodb: ok,
          aggregation: {
            status: 'ok',
            lag_ms: expect.any(Number),
            records: expect.any(Number),
            last_window_closed: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
          },
          reports_writer: ok,
          lake_bcns: ok,
          lake_impressions: ok,
          lake_clicks: ok,
          lake_aggregates: ok,
          lake_failed_events: ok,
          lake: expect.objectContaining({ status: expect.stringMatching(/^(ok|idle)$/) }),
          compaction: { status: 'idle', last_run_at: null },
          model: { status: 'idle', trained_at: null, age_seconds: null },
        },
        kinesis_endpoint: platform.kinesisEndpoint,
        dynamodb_endpoint: platform.dynamodbEndpoint,
        watermark: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        aggregation: { records: expect.any(Number), malformed: 0, duplicates: expect.any(Number), lateDropped: 0 },
        lake: Object.fromEntries(
          ['bcns', 'impressions', 'clicks', 'aggregates', 'failed_events'].map((stream) => [
            stream,
            {
              records: expect.any(Number),
              erased: 0,
              bids: expect.any(Number),
              rows: expect.any(Number),
              rejected: 0,
              files: expect.any(Number),
            },
          ]),
        ),
      },
    });
    expect(platform.kinesisEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

// Runs last: it replaces the shared platform with one restarted on the same data directory.
describe('restart', () => {
  it('keeps every bcns record after stop() and a restart on the same data directory', async () => {
    // Prepare
    const txId = `before-restart-${randomUUID()}`;
    expect((await post(platform.url, '/bid', bid(txId))).status).toBe(200);
    const before = await readBcns();
    const { dataDir } = platform;

    // Act
    running = undefined;
    await platform.stop();
    platform = await startTestPlatform(dataDir);
    running = platform;

    // Assess
    const after = await readBcns();
    expect(after).toStrictEqual(before);
    expect(recordsOf(after, txId)).toHaveLength(1);
    expect(after.length).toBeGreaterThanOrEqual(505);
  });
});
