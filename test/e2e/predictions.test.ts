import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic, type TrafficSummary } from '../../local/generate/generate-traffic.ts';
import { post, removeDataDir, runCli, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';
import { until } from '../helpers/until.ts';

/*
 * Predictions end to end: generated traffic lands in the lake, bids are labelled once a 2-second
 * attribution window passed, `sdp train` trains and saves a model, and POST /predictions serves
 * it. A second platform shows the automatic retraining after SDP_RETRAIN_BIDS new bids.
 */

const ENV = {
  SDP_ATTRIBUTION_WINDOW_SECONDS: '2',
  SDP_LAKE_FLUSH_SECONDS: '1',
  SDP_COMPACTION_MINUTES: '0',
  SDP_RETRAIN_BIDS: '0',
};
const BID = {
  campaignItemId: 1_463_517,
  domain: 'www.google.com',
  creativeId: 'b72897cb',
  creativeCategory: 'finance',
  winPrice: 1_500_000,
};

let platform: TestPlatform;
let traffic: TrafficSummary;

beforeAll(async () => {
  platform = await startTestPlatform(undefined, ENV);
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  await removeDataDir(platform?.dataDir);
});

describe('POST /predictions on the local platform', () => {
  it('answers 503 with how to train while no model exists', async () => {
    // Act
    const reply = await post(platform.url, '/predictions', BID);

    // Assess
    expect(reply.status).toBe(503);
    expect(reply.body).toStrictEqual({
      message: expect.stringMatching(/^No prediction model yet\. .*`npx sdp train`/),
    });
  });

  it('serves the model `sdp train` saved from the lake, one request or an array', async () => {
    // Prepare
    traffic = await generateTraffic({ url: platform.url, rate: 1_000, durationSeconds: 3, batchSize: 50, seed: 3 });
    const env = { ...ENV, SDP_DATA_DIR: platform.dataDir };
    const landed = async () => {
      const sql = await runCli(
        ['sql', '--format', 'json', "SELECT count(DISTINCT tx_id) AS n FROM parquet_bcns WHERE type = 'bid'"],
        30_000,
        env,
      );
      return sql.code === 0 ? (JSON.parse(sql.stdout) as [{ n: number }])[0].n : -1;
    };
    // Every accepted bid in the lake (seconds; longer on a loaded machine), then its attribution window.
    await until(landed, (bids) => bids >= traffic.events.bid.accepted);
    await sleep(2_500);

    // Act: a bid is labelled once a later event is an attribution window younger; until enough are,
    // `sdp train` exits 1 saying there is nothing to learn from yet, and saves nothing.
    const train = await until(
      () => runCli(['train'], 60_000, env),
      (run) => !(run.code === 1 && /Nothing to learn from yet/.test(run.stderr)),
      60_000,
      1_000,
    );
    const one = await post(platform.url, '/predictions', BID);
    const two = await post(platform.url, '/predictions', [
      BID,
      { ...BID, domain: 'blog.example.io', winPrice: 100_000 },
    ]);

    // Assess
    expect(traffic.failedRequests).toBe(0);
    expect(await landed()).toBe(traffic.events.bid.accepted);
    expect(train).toMatchObject({ code: 0, stdout: expect.stringMatching(/^model saved: first model \(AUC 0\.\d+/) });
    expect(one).toMatchObject({
      status: 200,
      body: { predictions: [{ score: expect.any(Number), predicted_label: 1 }] },
    });
    const [high, low] = (two.body as { predictions: { score: number; predicted_label: number }[] }).predictions;
    expect(two.status).toBe(200);
    expect(high?.score).toBeGreaterThan(0.5);
    expect(low).toStrictEqual({ score: expect.any(Number), predicted_label: 0 });
    expect(low?.score).toBeLessThan(0.1);
  }, 120_000);

  it('keeps the original’s contract: a decimal-string id scores as the integer, any non-negative price', async () => {
    // Act
    const reply = await post(platform.url, '/predictions', [
      { ...BID, winPrice: 1_500_000.5 },
      { ...BID, campaignItemId: '1463517', winPrice: 1_500_000.5 },
    ]);
    const original = await post(
      platform.url,
      '/predictions',
      '{"campaignItemId":"c","domain":"d","creativeId":"i","creativeCategory":"CC","winPrice":100.0}',
    );

    // Assess
    const [asInteger, asString] = (reply.body as { predictions: unknown[] }).predictions;
    expect({ status: reply.status, same: asString }).toStrictEqual({ status: 200, same: asInteger });
    expect(original).toMatchObject({
      status: 400,
      body: {
        errors: [
          {
            index: null,
            path: 'campaignItemId',
            message: 'must be an integer or the decimal string of one (digits only), got "c"',
          },
        ],
      },
    });
  });

  it('rejects a bad request with 400 and every problem', async () => {
    // Act
    const reply = await post(platform.url, '/predictions', { ...BID, winPrice: 'high', domain: 7 });

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      message: expect.stringMatching(/^Invalid prediction request/),
      errors: [
        { index: null, path: 'domain', message: expect.any(String) },
        { index: null, path: 'winPrice', message: expect.any(String) },
      ],
    });
  });
});

describe('automatic retraining', () => {
  it('trains a model once SDP_RETRAIN_BIDS bids have landed, without `sdp train`', async () => {
    // Prepare
    const retraining = await startTestPlatform(undefined, { ...ENV, SDP_RETRAIN_BIDS: '2000' });
    const current = join(retraining.dataDir, 'models', 'current.json');
    try {
      // Act
      await generateTraffic({ url: retraining.url, rate: 1_000, durationSeconds: 3, batchSize: 50, seed: 4 });
      await until(async () => existsSync(current), Boolean);

      // Assess
      expect(existsSync(current)).toBe(true);
      expect((await post(retraining.url, '/predictions', BID)).status).toBe(200);
    } finally {
      await retraining.stop();
      await removeDataDir(retraining.dataDir);
    }
  }, 120_000);
});
