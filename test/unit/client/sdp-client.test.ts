import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BidEvent, SdpClient, SdpRequestError } from '../../../client/sdp-client.ts';

/*
 * The typed client against a scripted HTTP server: what it sends, what it retries, and how long it
 * waits in between (with an injected sleep that records the delays instead of waiting).
 */

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly headers: Record<string, string | string[] | undefined>;
}
type Answer = { status: number; body: unknown } | 'drop';

let server: Server;
let url: string;
let seen: Seen[];
let script: Answer[];
let delays: number[];

beforeEach(async () => {
  seen = [];
  script = [];
  delays = [];
  server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body: text ? JSON.parse(text) : undefined,
        headers: req.headers,
      });
      const answer = script.shift() ?? { status: 500, body: { message: 'script ran out' } };
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (target: ConstructorParameters<typeof SdpClient>[0]['target'] = { url }, attempts = 5) =>
  new SdpClient({
    target,
    retry: {
      attempts,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
    },
  });

const bids = (n: number): BidEvent[] =>
  Array.from({ length: n }, (_, i) => ({ tx_id: `t-${i}`, campaign_item_id: 7, app_uid: `u-${i}` }));

const stored = (accepted: number) => ({ status: 200, body: { accepted, failed: 0, failures: [] } });
const failure = (index: number, error_code = 'ProvisionedThroughputExceededException') => ({
  index,
  error_code,
  message: 'retry it',
});

describe('SdpClient.send', () => {
  it('posts one event as an object and a batch as an array to the route of its kind', async () => {
    // Prepare
    script = [stored(1), stored(3)];

    // Act
    const one = await client().send('bid', bids(1));
    const three = await client().send('click', [{ tx_id: 'a' }, { tx_id: 'b' }, { tx_id: 'c' }]);

    // Assess
    expect(one).toStrictEqual({ accepted: 1, failures: [], attempts: 1 });
    expect(three).toStrictEqual({ accepted: 3, failures: [], attempts: 1 });
    expect(seen.map(({ method, path, body }) => ({ method, path, body }))).toStrictEqual([
      { method: 'POST', path: '/bid', body: bids(1)[0] },
      { method: 'POST', path: '/click', body: [{ tx_id: 'a' }, { tx_id: 'b' }, { tx_id: 'c' }] },
    ]);
    expect(seen[0]?.headers['content-type']).toBe('application/json');
  });

  it('retries exactly the events a 207 lists, mapping their indexes back to the call', async () => {
    // Prepare: of 5, the 2nd and 5th fail; on the retry, the first of those two (the call's index 1) fails again.
    script = [
      { status: 207, body: { accepted: 3, failed: 2, failures: [failure(1), failure(4, 'InternalFailure')] } },
      { status: 207, body: { accepted: 1, failed: 1, failures: [failure(0)] } },
      stored(1),
    ];

    // Act
    const result = await client().send('bid', bids(5));

    // Assess
    expect(result).toStrictEqual({ accepted: 5, failures: [], attempts: 3 });
    expect(seen.map((request) => request.body)).toStrictEqual([bids(5), [bids(5)[1], bids(5)[4]], bids(5)[1]]);
    expect(delays).toStrictEqual([50, 100]);
  });

  it.each([
    [429, { accepted: 0, failed: 2, failures: [failure(0), failure(1)] }],
    [503, { accepted: 0, failed: 2, failures: [failure(0, 'InternalFailure'), failure(1, 'InternalFailure')] }],
    [429, { message: 'The event stream is throttling writes; retry the request with backoff.' }],
    [503, { message: 'The event stream is unavailable; retry the request with backoff.' }],
  ])('backs off and resends the whole request after a %i answering %j', async (status, body) => {
    // Prepare
    script = [{ status, body }, { status, body }, stored(2)];

    // Act
    const result = await client().send('bid', bids(2));

    // Assess
    expect(result).toStrictEqual({ accepted: 2, failures: [], attempts: 3 });
    expect(seen.map((request) => request.body)).toStrictEqual([bids(2), bids(2), bids(2)]);
    expect(delays).toStrictEqual([50, 100]);
  });

  it('resends after the connection dropped without an answer', async () => {
    // Prepare
    script = ['drop', stored(1)];

    // Act
    const result = await client().send('impression', [{ tx_id: 't', win_price: 5 }]);

    // Assess
    expect(result).toStrictEqual({ accepted: 1, failures: [], attempts: 2 });
    expect(seen).toHaveLength(2);
  });

  it('gives up after the last attempt and reports what is still not stored, by index in the call', async () => {
    // Prepare
    script = [
      { status: 207, body: { accepted: 2, failed: 1, failures: [failure(2)] } },
      { status: 429, body: { accepted: 0, failed: 1, failures: [failure(0)] } },
      { status: 503, body: { message: 'The event stream is unavailable; retry the request with backoff.' } },
    ];

    // Act
    const result = await client({ url }, 3).send('bid', bids(3));

    // Assess
    expect(result).toStrictEqual({
      accepted: 2,
      failures: [
        { index: 2, error_code: '503', message: 'The event stream is unavailable; retry the request with backoff.' },
      ],
      attempts: 3,
    });
    expect(delays).toStrictEqual([50, 100]);
  });

  it('caps the backoff at maxDelayMs', async () => {
    // Prepare
    script = Array.from({ length: 6 }, () => ({ status: 503, body: { message: 'down' } }));

    // Act
    await client({ url }, 6).send('click', [{ tx_id: 't' }]);

    // Assess: 100, 200, 400, 800, 1600 → capped at 1000, each halved by the jitter of 0.5.
    expect(delays).toStrictEqual([50, 100, 200, 400, 500]);
  });

  it.each([400, 413, 415])('rejects with the body on %i and does not retry', async (status) => {
    // Prepare
    const body = {
      message: 'Invalid bid event: 1 error',
      errors: [{ index: null, path: 'app_uid', message: 'is required' }],
    };
    script = [{ status, body }];

    // Act
    const sending = client().send('bid', bids(1));

    // Assess
    await expect(sending).rejects.toThrow(SdpRequestError);
    await sending.catch((error: SdpRequestError) => expect([error.status, error.body]).toStrictEqual([status, body]));
    expect(seen).toHaveLength(1);
  });
});

describe('SdpClient reports and predictions', () => {
  it('gets a report with its query parameters from the local platform', async () => {
    // Prepare
    const report = { campaign_item_id: 7, granularity: 'hour', totals: {}, periods: [], next_token: null };
    script = [{ status: 200, body: report }];

    // Act
    const answer = await client().report(7, { granularity: 'hour', limit: 24, from: '2026-01-01' });

    // Assess
    expect(answer).toStrictEqual(report);
    expect(seen[0]?.path).toBe('/reports/campaigns/7?granularity=hour&limit=24&from=2026-01-01');
  });

  it('predicts at /predictions locally and at the predictions URL itself on AWS', async () => {
    // Prepare
    const prediction = { predictions: [{ score: 0.7, predicted_label: 1 }] };
    script = [
      { status: 200, body: prediction },
      { status: 200, body: prediction },
    ];
    const request = { campaignItemId: 1, winPrice: 100 };

    // Act
    const local = await client().predict(request);
    const aws = await client({ ingestionUrl: `${url}/v1`, predictionsUrl: `${url}/v1` }).predict(request);

    // Assess
    expect([local, aws]).toStrictEqual([prediction, prediction]);
    expect(seen.map(({ path, body }) => ({ path, body }))).toStrictEqual([
      { path: '/predictions', body: request },
      { path: '/v1/', body: request },
    ]);
  });

  it('sends its headers with every request, e.g. an API key', async () => {
    // Prepare
    script = [stored(1)];

    // Act
    await new SdpClient({ target: { ingestionUrl: url }, headers: { 'x-api-key': 'k-1' } }).send('click', [
      { tx_id: 't' },
    ]);

    // Assess
    expect(seen[0]?.headers['x-api-key']).toBe('k-1');
  });

  it('rejects a 503 from predictions with the message saying how to train a model', async () => {
    // Prepare
    script = [{ status: 503, body: { message: 'No prediction model yet. Run `npx sdp train`.' } }];

    // Act
    const predicting = client().predict({ campaignItemId: 1, winPrice: 1 });

    // Assess
    await expect(predicting).rejects.toThrow('503: No prediction model yet. Run `npx sdp train`.');
  });
});
