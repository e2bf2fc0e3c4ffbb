import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import { manifestKey, partitionOfKey } from '../../lambda/domain/lake/lake-layout.ts';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { readManifest } from '../../lambda/lake/manifest.ts';
import { generateTraffic } from '../../local/generate/generate-traffic.ts';
import { createLocalKinesisClient } from '../../local/kinesis/kinesis-client.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import {
  bcnsRecords,
  expectedReports,
  lakeRows,
  partitionCounts,
  type ReportBucket,
  streamRows,
} from '../helpers/lake-expectations.ts';
import {
  get,
  killPlatform,
  makeDataDir,
  post,
  removeDataDir,
  runCli,
  type SpawnedPlatform,
  spawnPlatform,
} from '../helpers/local-platform.ts';
import { until } from '../helpers/until.ts';

/*
 * Time going wrong around the platform, under a libfaketime clock (fake-clock.ts): a `kill -9` in
 * the middle of publishing the lake flush that holds records of two days, and a laptop that sleeps (the clock
 * jumps two hours while the platform runs) and is then killed and restarted twenty hours later.
 * Each time, every record of the streams must be in the lake exactly once, in its arrival hour,
 * and the reports must count every event exactly once.
 */

const WINDOWS = { periodSeconds: 10, attributionWindowMs: 300_000, clickWindowMs: 900_000 };
const HOUR = 3_600_000;

let dataDir: string | undefined;
let platform: SpawnedPlatform | undefined;
let kinesis: KinesisClient | undefined;

afterEach(async () => {
  kinesis?.destroy();
  await killPlatform(platform);
  if (dataDir) await removeDataDir(dataDir);
  [kinesis, platform, dataDir] = [undefined, undefined, undefined];
});

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function kinesisOf(spawned: SpawnedPlatform): Promise<KinesisClient> {
  const health = (await get(spawned.url, '/health')).body as { kinesis_endpoint: string };
  return createLocalKinesisClient(health.kinesis_endpoint);
}

/** Waits until every stream's records are in raw_* and parquet_* exactly once, in their arrival hours. */
async function expectLakeToMatchStreams(store: FileObjectStore, client: KinesisClient): Promise<void> {
  for (const stream of STREAM_NAMES) {
    const expected = await streamRows(client, stream);
    const parquet = await until(
      () => lakeRows(store, `parquet_${stream}`),
      (rows) => isDeepStrictEqual(rows, expected),
      60_000,
      1_000,
    );
    expect(parquet).toStrictEqual(expected);
    expect(await lakeRows(store, `raw_${stream}`)).toStrictEqual(expected);
  }
}

/** Waits until each campaign's report per granularity is what the bcns stream says it must be. */
async function expectExactReports(url: string, client: KinesisClient): Promise<void> {
  for (const granularity of ['period', 'hour', 'day'] as const) {
    const expected = expectedReports(await bcnsRecords(client), WINDOWS, granularity);
    for (const [campaign, buckets] of expected) {
      const periods = await until(
        async () =>
          (
            (await get(url, `/reports/campaigns/${campaign}?limit=1000&granularity=${granularity}`)).body as {
              periods: ReportBucket[];
            }
          ).periods,
        (got) => isDeepStrictEqual(got, buckets),
        30_000,
        1_000,
      );
      expect({ campaign, granularity, periods }).toStrictEqual({ campaign, granularity, periods: buckets });
    }
  }
}

describe('kill -9 during the lake flush that spans midnight', () => {
  it('loses and doubles nothing: after a restart each record is once in its arrival hour', async () => {
    // Prepare
    dataDir = await makeDataDir();
    const clock = await FakeClock.startingAt('2026-06-30T23:59:35Z', dataDir);
    const env = { ...clock.env(), SDP_COMPACTION_MINUTES: '0' };
    const store = new FileObjectStore(join(dataDir, 'lake'));
    // Another process (a compaction, say) holds the new day's manifest: the first flush with records
    // of the new day stops halfway through publishing, its files moved but not yet registered.
    const newDay = { dt: '2026-07-01', hr: '00' };
    const lock = `${store.uri(manifestKey('bcns', newDay))}.lock`;
    await mkdir(dirname(lock), { recursive: true });
    await writeFile(lock, '');
    const holdLock = setInterval(() => utimes(lock, new Date(), new Date()).catch(() => {}), 1_000);
    platform = await spawnPlatform(dataDir, env);
    let sending = true;
    let n = 0;
    const prefix = randomUUID();
    const sender = (async () => {
      while (sending) {
        const bids = Array.from({ length: 20 }, () => ({
          tx_id: `${prefix}-${n++}`,
          campaign_item_id: 7,
          app_uid: 'a',
        }));
        await post(platform?.url as string, '/bid', bids).catch(() => sleep(50));
      }
    })();
    const checkpoint = join(dataDir, 'lake-writer', 'bcns.json');
    const pendingNewDay = async () => {
      const pending = (await readJson<{ pending: { key: string; kind: string }[] }>(checkpoint))?.pending ?? [];
      return pending.some((file) => file.key.includes(`dt=${newDay.dt}`)) ? pending : undefined;
    };

    // Act
    const pending = await until(pendingNewDay, (files) => files !== undefined, 40_000, 1_000);
    const registered = (await readManifest(store, manifestKey('bcns', newDay))).keys;
    await killPlatform(platform);
    clearInterval(holdLock);
    await rm(lock);
    platform = await spawnPlatform(dataDir, env);
    await sleep(3_000);
    sending = false;
    await sender;
    kinesis = await kinesisOf(platform);

    // Assess: killed while publishing the flush that holds both days' records…
    expect([...new Set(pending?.map((file) => partitionOfKey(file.key).dt))].sort()).toStrictEqual([
      '2026-06-30',
      '2026-07-01',
    ]);
    expect(registered).toStrictEqual([]);
    // …and each record is once in its arrival hour after the restart.
    expect(Object.keys(partitionCounts(await streamRows(kinesis, 'bcns')))).toStrictEqual([
      'dt=2026-06-30/hr=23',
      'dt=2026-07-01/hr=00',
    ]);
    await expectLakeToMatchStreams(store, kinesis);
    const verify = await runCli(['lake', 'verify'], 60_000, { ...clock.env(), SDP_DATA_DIR: dataDir });
    expect(verify.stdout).toMatch(/No problems found\.$/m);
    expect(verify.code).toBe(0);
  }, 180_000);
});

describe('a laptop that sleeps, then is killed and started again the next morning', () => {
  it('closes the windows, delivers everything once in its arrival hour and reports it exactly', async () => {
    // Prepare
    dataDir = await makeDataDir();
    const clock = await FakeClock.startingAt('2026-03-28T10:59:48Z', dataDir);
    const env = {
      ...clock.env(),
      SDP_LAKE_FLUSH_SECONDS: '2',
      SDP_COMPACTION_MINUTES: '0',
      SDP_COMPACTION_GRACE_MINUTES: '0',
    };
    platform = await spawnPlatform(dataDir, env);
    const store = new FileObjectStore(join(dataDir, 'lake'));
    const traffic = (seed: number) =>
      generateTraffic({ url: platform?.url as string, rate: 30, durationSeconds: 5, batchSize: 5, seed });

    // Act: traffic, two hours of sleep with windows open and lake buffers full, more traffic
    const before = await traffic(1);
    await clock.jump(2 * HOUR);
    kinesis = await kinesisOf(platform);
    await expectExactReports(platform.url, kinesis);
    const afterWake = await traffic(2);
    // …then the laptop dies with that traffic still in the lake buffers and open windows, and the
    // platform starts again the next morning.
    await killPlatform(platform);
    kinesis.destroy();
    await clock.jump(20 * HOUR);
    platform = await spawnPlatform(dataDir, env);
    kinesis = await kinesisOf(platform);
    const nextMorning = await traffic(3);
    await expectLakeToMatchStreams(store, kinesis);
    const compaction = await runCli(['compact'], 60_000, { ...env, SDP_DATA_DIR: dataDir });

    // Assess
    for (const summary of [before, afterWake, nextMorning]) expect(summary.failedRequests).toBe(0);
    const partitions = Object.keys(partitionCounts(await streamRows(kinesis, 'bcns')));
    expect(partitions.length).toBeGreaterThanOrEqual(3);
    expect(partitions.at(-1)).toMatch(/^dt=2026-03-29\/hr=(08|09)$/);
    await expectLakeToMatchStreams(store, kinesis);
    await expectExactReports(platform.url, kinesis);
    expect(compaction.code).toBe(0);
    for (const partition of partitions.slice(0, -1).map((p) => partitionOfKey(`/${p}/`))) {
      expect((await readManifest(store, manifestKey('bcns', partition))).keys).toHaveLength(1);
    }
    const verify = await runCli(['lake', 'verify'], 60_000, { ...clock.env(), SDP_DATA_DIR: dataDir });
    expect(verify.stdout).toMatch(/No problems found\.$/m);
    expect(verify.code).toBe(0);
  }, 240_000);
});
