import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { lakeDir } from '../../local/config.ts';
import {
  get,
  killPlatform,
  makeDataDir,
  post,
  removeDataDir,
  type SpawnedPlatform,
  spawnPlatform,
  startTestPlatform,
  type TestPlatform,
} from '../helpers/local-platform.ts';

/*
 * `sdp start --ingest-only` runs the APIs and the streams without any consumer; the next full start
 * processes what it stored, each consumer from its checkpoint.
 */

const ENV = { SDP_LAKE_FLUSH_SECONDS: '1', SDP_COMPACTION_MINUTES: '0' };
const BIDS = ['io-bid-1', 'io-bid-2', 'io-bid-3'].map((tx_id) => ({
  tx_id,
  campaign_item_id: 1_000_001,
  app_uid: 'io-user',
  domain: 'news.example.com',
  creative_id: 'creative-1',
  creative_category: 'travel',
  win_price: 1_200,
}));

let dataDir: string | undefined;
let ingestOnly: SpawnedPlatform | undefined;
let full: TestPlatform | undefined;

afterAll(async () => {
  await killPlatform(ingestOnly);
  await full?.stop();
  if (dataDir) await removeDataDir(dataDir);
});

describe('sdp start --ingest-only', () => {
  it('accepts events without consuming them, and a full start then processes every one', async () => {
    dataDir = await makeDataDir();
    ingestOnly = await spawnPlatform(dataDir, ENV, { startArgs: ['--ingest-only'] });
    const health = await get(ingestOnly.url, '/health');
    const accepted = await post(ingestOnly.url, '/bid', BIDS);
    await sleep(1_500);
    const lakeBeforeFullStart = existsSync(join(lakeDir({ dataDir }), 'parquet'));
    ingestOnly.child.kill('SIGINT');
    const { code } = await ingestOnly.exited;

    expect(ingestOnly.stdout()).toContain('ingestion only: events wait on the streams');
    expect(health.body).toMatchObject({ status: 'ok', consumers: 'off' });
    expect(health.body).not.toHaveProperty('lake');
    expect({ status: accepted.status, body: accepted.body }).toStrictEqual({
      status: 200,
      body: { accepted: 3, failed: 0, failures: [] },
    });
    expect(lakeBeforeFullStart).toBe(false);
    expect(code).toBe(0);

    full = await startTestPlatform(dataDir, ENV);
    const deadline = Date.now() + 30_000;
    let lake: { bcns: { records: number; rows: number } } | undefined;
    while (Date.now() < deadline) {
      lake = ((await get(full.url, '/health')).body as { lake: typeof lake }).lake;
      if ((lake?.bcns.rows ?? 0) >= BIDS.length) break;
      await sleep(250);
    }
    const aggregation = ((await get(full.url, '/health')).body as { aggregation: { records: number } }).aggregation;

    expect(lake?.bcns).toMatchObject({ records: 3, rows: 3 });
    expect(aggregation.records).toBe(3);
  }, 90_000);
});
