import { isDeepStrictEqual } from 'node:util';
import { type KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPACTED_PREFIX, manifestKey } from '../../lambda/domain/lake/lake-layout.ts';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { readManifest } from '../../lambda/lake/manifest.ts';
import { generateTraffic, type TrafficSummary } from '../../local/generate/generate-traffic.ts';
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
  removeDataDir,
  runCli,
  type SpawnedPlatform,
  spawnPlatform,
} from '../helpers/local-platform.ts';
import { until } from '../helpers/until.ts';

/*
 * The platform across midnight of New Year's Eve, which is also an hour, a day and a year boundary:
 * its clock starts at 2026-12-31T23:59:30Z (libfaketime, see fake-clock.ts) and it receives a
 * minute of generated traffic. A lake flush holds records of both years (flushes every 5 s), and
 * the closed hour is compacted while the new one is written. Afterwards every record of every
 * stream is exactly once in its raw_* and parquet_* table, in the partition of its arrival hour,
 * `sdp sql` and `sdp lake verify` answer, and the reports are exact per window, hour and day.
 */

const START = '2026-12-31T23:59:30Z';
const ENV = { SDP_LAKE_FLUSH_SECONDS: '5', SDP_COMPACTION_MINUTES: '0', SDP_COMPACTION_GRACE_MINUTES: '0' };
const WINDOWS = { periodSeconds: 10, attributionWindowMs: 300_000, clickWindowMs: 900_000 };

let dataDir: string;
let clock: FakeClock;
let platform: SpawnedPlatform | undefined;
let kinesis: KinesisClient;
let traffic: TrafficSummary;
let compaction: Awaited<ReturnType<typeof runCli>>;
let store: FileObjectStore;

async function report(campaign: number, query: string): Promise<{ totals: object; periods: ReportBucket[] }> {
  return (await get(platform?.url as string, `/reports/campaigns/${campaign}?limit=1000&${query}`)).body as {
    totals: object;
    periods: ReportBucket[];
  };
}

async function putFailedEvent(txId: string): Promise<void> {
  const event = { reason: 'too_late', stage: 'aggregation', tx_id: txId, type: 'bid', event_timestamp: 0 };
  const record = { ...event, event: JSON.stringify({ tx_id: txId }), timestamp: clock.now() };
  await kinesis.send(
    new PutRecordCommand({
      StreamName: 'failed_events',
      PartitionKey: txId,
      Data: Buffer.from(JSON.stringify(record)),
    }),
  );
}

const cli = (args: string[]) => runCli(args, 60_000, { ...clock.env(), ...ENV, SDP_DATA_DIR: dataDir });

beforeAll(async () => {
  dataDir = await makeDataDir();
  clock = await FakeClock.startingAt(START, dataDir);
  platform = await spawnPlatform(dataDir, { ...clock.env(), ...ENV });
  kinesis = createLocalKinesisClient(
    ((await get(platform.url, '/health')).body as { kinesis_endpoint: string }).kinesis_endpoint,
  );
  store = new FileObjectStore(`${dataDir}/lake`);
  const sending = generateTraffic({ url: platform.url, rate: 60, durationSeconds: 60, batchSize: 10, seed: 2027 });
  // Generated traffic has no refused events: the failed_events stream gets one record in each year.
  await putFailedEvent('before-midnight');
  // The hour of New Year's Eve closed at midnight (no grace): compact it while 2027 is being written.
  await clock.until('2027-01-01T00:00:15Z');
  await putFailedEvent('after-midnight');
  compaction = await cli(['compact']);
  traffic = await sending;
}, 180_000);

afterAll(async () => {
  kinesis?.destroy();
  platform?.child.kill('SIGINT');
  await platform?.exited;
  await killPlatform(platform);
  if (dataDir) await removeDataDir(dataDir);
});

describe('a platform whose clock starts at 23:59:30 on New Year’s Eve', () => {
  it('accepted a minute of traffic on both sides of midnight', async () => {
    // Act
    const counts = partitionCounts(await streamRows(kinesis, 'bcns'));

    // Assess
    expect(traffic.failedRequests).toBe(0);
    const { bid, impression, click } = traffic.events;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(bid.accepted + impression.accepted + click.accepted);
    expect(Object.keys(counts)).toStrictEqual(['dt=2026-12-31/hr=23', 'dt=2027-01-01/hr=00']);
    expect(counts['dt=2026-12-31/hr=23']).toBeGreaterThan(500);
    expect(counts['dt=2027-01-01/hr=00']).toBeGreaterThan(500);
  });

  it('holds every record of every stream exactly once in raw_* and parquet_*, in its arrival hour', async () => {
    for (const stream of STREAM_NAMES) {
      // Prepare
      const expected = await streamRows(kinesis, stream);

      // Act
      const parquet = await until(
        () => lakeRows(store, `parquet_${stream}`),
        (rows) => isDeepStrictEqual(rows, expected),
        90_000,
        1_000,
      );
      const raw = await lakeRows(store, `raw_${stream}`);

      // Assess
      expect(expected.length).toBeGreaterThan(0);
      expect(parquet).toStrictEqual(expected);
      expect(raw).toStrictEqual(expected);
    }
  });

  it('compacted the closed hour of 2026 while 2027 was written, and reads both through the manifests', async () => {
    // Act
    const manifest = await readManifest(store, manifestKey('bcns', { dt: '2026-12-31', hr: '23' }));

    // Assess
    expect(compaction.code).toBe(0);
    expect(compaction.stdout).toMatch(/^bcns dt=2026-12-31\/hr=23: \d+ files -> 1, \d+ rows$/m);
    expect(compaction.stdout).not.toMatch(/dt=2027/);
    expect(manifest.keys).toHaveLength(1);
    expect(manifest.keys[0]).toContain(`/${COMPACTED_PREFIX}`);
  });

  it('answers `sdp sql` per partition and finds nothing wrong with `sdp lake verify`', async () => {
    // Prepare
    const expected = partitionCounts(await streamRows(kinesis, 'bcns'));

    // Act
    const sql = await cli([
      'sql',
      '--format',
      'json',
      "SELECT 'dt=' || dt || '/hr=' || hr AS p, count(*) AS n FROM parquet_bcns GROUP BY 1 ORDER BY 1",
    ]);
    const verify = await cli(['lake', 'verify']);

    // Assess
    expect(sql.code).toBe(0);
    expect(Object.fromEntries(JSON.parse(sql.stdout).map((r: { p: string; n: number }) => [r.p, r.n]))).toStrictEqual(
      expected,
    );
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
  });

  it.each(['period', 'hour', 'day'] as const)('reports each campaign exactly per %s', async (granularity) => {
    // Prepare
    const expected = expectedReports(await bcnsRecords(kinesis), WINDOWS, granularity);
    const campaigns = [...expected.keys()].sort((a, b) => a - b);

    // Act
    const reported = new Map<number, ReportBucket[]>();
    for (const campaign of campaigns) {
      const periods = await until(
        async () => (await report(campaign, `granularity=${granularity}`)).periods,
        (got) => isDeepStrictEqual(got, expected.get(campaign)),
        30_000,
        1_000,
      );
      reported.set(campaign, periods);
    }

    // Assess
    expect(campaigns.length).toBeGreaterThan(3);
    expect(reported).toStrictEqual(expected);
    const byDay = [...expected.values()].flat().map((b) => b.period.slice(0, 10));
    if (granularity === 'day') expect([...new Set(byDay)].sort()).toStrictEqual(['2026-12-31', '2027-01-01']);
  });

  it('reports a range across midnight with its totals', async () => {
    // Prepare
    const hours = expectedReports(await bcnsRecords(kinesis), WINDOWS, 'hour');
    const [campaign, buckets] = [...hours.entries()].find(([, b]) => b.length === 2) as [number, ReportBucket[]];

    // Act
    const answer = await report(campaign, 'granularity=day&from=2026-12-31T23:00:00Z&to=2027-01-01T00:00:00Z');

    // Assess
    const [oldYear] = buckets as [ReportBucket];
    expect(answer.periods).toStrictEqual([{ ...oldYear, period: '2026-12-31T00:00:00Z' }]);
    expect(answer.totals).toStrictEqual({
      bids: oldYear.bids,
      impressions: oldYear.impressions,
      clicks: oldYear.clicks,
      spend: oldYear.spend,
    });
  });
});
