import { setTimeout as sleep } from 'node:timers/promises';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeDir } from '../../local/config.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';
import { post, removeDataDir, runCli, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';

/*
 * Everything the aggregation refuses reaches the failed-events store with its reason: orphan
 * impressions and clicks sent through the API, a malformed record and a bid too late for its window
 * written straight to bcns (the API would refuse them), then `sdp sql` over the failed_events view.
 */

const ENV = {
  SDP_PERIOD_SECONDS: '2',
  SDP_ALLOWED_LATENESS_SECONDS: '1',
  SDP_ATTRIBUTION_WINDOW_SECONDS: '2',
  SDP_CLICK_WINDOW_SECONDS: '2',
  SDP_OUT_OF_ORDERNESS_MS: '200',
  SDP_LAKE_FLUSH_SECONDS: '1',
  SDP_COMPACTION_MINUTES: '0',
};
const HOUR_MS = 3_600_000;

let platform: TestPlatform;
let lateBidAt: number;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const lake = await LakeSql.open(new FileObjectStore(lakeDir(platform)));
  try {
    return (await lake.query(sql)).rows;
  } finally {
    lake.close();
  }
}

beforeAll(async () => {
  platform = await startTestPlatform(undefined, ENV);
  expect((await post(platform.url, '/impression', { tx_id: 'orphan-imp-1', win_price: 700 })).status).toBe(200);
  expect((await post(platform.url, '/impression', { tx_id: 'orphan-imp-2', win_price: 800 })).status).toBe(200);
  expect((await post(platform.url, '/click', { tx_id: 'orphan-click-1' })).status).toBe(200);
  // A joined funnel alongside: none of it may show up as failed.
  await post(platform.url, '/bid', { tx_id: 'joined-1', campaign_item_id: 5, app_uid: 'u' });
  await post(platform.url, '/impression', { tx_id: 'joined-1', win_price: 900 });
  await post(platform.url, '/click', { tx_id: 'joined-1' });
  lateBidAt = Date.now() - HOUR_MS;
  const late = { tx_id: 'late-bid-1', campaign_item_id: 5, app_uid: 'u', type: 'bid', timestamp: lateBidAt };
  await platform.kinesis.send(
    new PutRecordsCommand({
      StreamName: 'bcns',
      Records: [
        { PartitionKey: 'p', Data: Buffer.from('{"tx_id": "broken", "type": "bid"') },
        { PartitionKey: 'late-bid-1', Data: Buffer.from(JSON.stringify(late)) },
      ],
    }),
  );
  // The orphans are known once their transactions expire (both join windows, 4 s) and land a flush later.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [row] = await query('SELECT count(*) AS n FROM failed_events');
    if ((row?.n as number) >= 5) break;
    await sleep(500);
  }
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  if (platform) await removeDataDir(platform.dataDir);
});

describe('the failed-events store (local)', () => {
  it('sdp sql counts the orphan impressions and clicks, the malformed record and the late bid by reason', async () => {
    // Act
    const run = await runCli(
      ['sql', '--format', 'json', 'SELECT reason, count(*) AS events FROM failed_events GROUP BY 1 ORDER BY 1'],
      30_000,
      { SDP_DATA_DIR: platform.dataDir },
    );

    // Assess
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toStrictEqual([
      { reason: 'click_without_impression', events: 1 },
      { reason: 'impression_without_bid', events: 2 },
      { reason: 'malformed', events: 1 },
      { reason: 'too_late', events: 1 },
    ]);
  });

  it('keeps each record with its stage, transaction, event time and original event', async () => {
    // Act
    const rows = await query(
      'SELECT reason, stage, tx_id, type, event_timestamp, event FROM parquet_failed_events ORDER BY reason, tx_id',
    );

    // Assess
    const [click, imp1, imp2, malformed, late] = rows;
    expect(rows).toHaveLength(5);
    expect(click).toMatchObject({ reason: 'click_without_impression', stage: 'aggregation', tx_id: 'orphan-click-1' });
    expect(JSON.parse(click?.event as string)).toStrictEqual({
      tx_id: 'orphan-click-1',
      type: 'click',
      timestamp: click?.event_timestamp,
    });
    expect(imp1).toMatchObject({ reason: 'impression_without_bid', tx_id: 'orphan-imp-1', type: 'imp' });
    expect(JSON.parse(imp2?.event as string)).toMatchObject({ tx_id: 'orphan-imp-2', win_price: 800 });
    expect(malformed).toStrictEqual({
      reason: 'malformed',
      stage: 'aggregation',
      tx_id: null,
      type: null,
      event_timestamp: null,
      event: '{"tx_id": "broken", "type": "bid"',
    });
    expect(late).toStrictEqual({
      reason: 'too_late',
      stage: 'aggregation',
      tx_id: 'late-bid-1',
      type: 'bid',
      event_timestamp: lateBidAt,
      event: JSON.stringify({
        tx_id: 'late-bid-1',
        type: 'bid',
        timestamp: lateBidAt,
        campaign_item_id: 5,
        app_uid: 'u',
      }),
    });
  });

  it('stamps each record with when it was refused, after the event and before now', async () => {
    // Act
    const rows = await query('SELECT event_timestamp, timestamp FROM raw_failed_events WHERE tx_id IS NOT NULL');

    // Assess
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.timestamp as number).toBeGreaterThan(row.event_timestamp as number);
      expect(row.timestamp as number).toBeLessThanOrEqual(Date.now());
    }
  });
});
