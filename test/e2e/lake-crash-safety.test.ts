import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { lakeDir } from '../../local/config.ts';
import { readAllRecords } from '../../local/kinesis/read-stream.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';
import {
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
 * The lake writer survives `kill -9`: bids stream in while the platform is killed three times,
 * mid-flush as often as not (it flushes every second), and restarted on the same data directory.
 * Afterwards parquet_bcns and raw_bcns must hold each record of the `bcns` stream exactly once:
 * the stream, not the API, is the reference, because a request cut off by a kill may or may not
 * have reached the stream, and the lake's promise is to deliver the stream, no more and no less.
 */

const ENV = { SDP_LAKE_FLUSH_SECONDS: '1', SDP_COMPACTION_MINUTES: '0' };
const KILLS = 3;

let dataDir: string | undefined;
let spawned: SpawnedPlatform | undefined;
let platform: TestPlatform | undefined;

afterAll(async () => {
  await killPlatform(spawned);
  await platform?.stop();
  if (dataDir) await removeDataDir(dataDir);
});

async function lakeRows(store: FileObjectStore, table: string): Promise<string[]> {
  const sql = await LakeSql.open(store);
  try {
    const { rows } = await sql.query(`SELECT tx_id || '@' || CAST(timestamp AS VARCHAR) AS k FROM ${table} ORDER BY k`);
    return rows.map((row) => row.k as string);
  } finally {
    sql.close();
  }
}

describe('the lake across kill -9', () => {
  it('holds every bcns record exactly once in parquet_bcns and raw_bcns', async () => {
    // Prepare
    dataDir = await makeDataDir();
    spawned = await spawnPlatform(dataDir, ENV);
    let sending = true;
    let n = 0;
    const prefix = randomUUID();
    const sender = (async () => {
      while (sending) {
        const url = spawned?.url as string;
        const bids = Array.from({ length: 50 }, () => ({
          tx_id: `${prefix}-${n++}`,
          campaign_item_id: 7,
          app_uid: 'a',
        }));
        await post(url, '/bid', bids).catch(() => sleep(50));
      }
    })();

    // Act
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(2_000 + kill * 700);
      await killPlatform(spawned);
      spawned = await spawnPlatform(dataDir, ENV);
    }
    await sleep(1_500);
    sending = false;
    await sender;
    spawned.child.kill('SIGINT');
    await spawned.exited;
    spawned = undefined;
    platform = await startTestPlatform(dataDir, ENV);
    const store = new FileObjectStore(lakeDir(platform));
    const stream = (await readAllRecords(platform.kinesis, 'bcns'))
      .map((r) => JSON.parse(r.data) as { tx_id: string; timestamp: number })
      .map((r) => `${r.tx_id}@${r.timestamp}`)
      .sort();
    let parquet: string[] = [];
    for (let waited = 0; waited < 30_000 && parquet.length < stream.length; waited += 500) {
      await sleep(500);
      parquet = await lakeRows(store, 'parquet_bcns');
    }
    await sleep(2_000);

    // Assess
    expect(stream.length).toBeGreaterThan(1_000);
    expect(await lakeRows(store, 'parquet_bcns')).toStrictEqual(stream);
    expect(await lakeRows(store, 'raw_bcns')).toStrictEqual(stream);
  }, 180_000);
});
