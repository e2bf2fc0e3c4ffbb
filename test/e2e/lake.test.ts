import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestPrefix } from '../../lambda/domain/lake/lake-layout.ts';
import { LAKE_TABLES } from '../../lambda/domain/lake/lake-tables.ts';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { isManifestKey, readManifest } from '../../lambda/lake/manifest.ts';
import { lakeDir } from '../../local/config.ts';
import { generateTraffic, type TrafficSummary } from '../../local/generate/generate-traffic.ts';
import { readAllRecords } from '../../local/kinesis/read-stream.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';
import { get, removeDataDir, runCli, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';
import { until } from '../helpers/until.ts';

/*
 * The lake end to end: generated traffic goes through the API, the aggregation and the lake
 * writers; then every table must hold exactly what was accepted and emitted, parquet_aggregates
 * must agree with the reports API, and `sdp sql` / `sdp compact` must work on the same files.
 */

const ENV = {
  SDP_PERIOD_SECONDS: '2',
  SDP_ALLOWED_LATENESS_SECONDS: '1',
  SDP_OUT_OF_ORDERNESS_MS: '200',
  SDP_LAKE_FLUSH_SECONDS: '1',
  SDP_COMPACTION_MINUTES: '0',
};

interface Totals {
  bids: number;
  impressions: number;
  clicks: number;
}

let platform: TestPlatform;
let traffic: TrafficSummary;
let store: FileObjectStore;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const lake = await LakeSql.open(store);
  try {
    return (await lake.query(sql)).rows;
  } finally {
    lake.close();
  }
}

async function countsByTable(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of LAKE_TABLES)
    counts[table.name] = (await query(`SELECT count(*) AS n FROM ${table.name}`))[0]?.n as number;
  return counts;
}

async function reportTotals(campaign: string): Promise<Totals> {
  return ((await get(platform.url, `/reports/campaigns/${campaign}`)).body as { totals: Totals }).totals;
}

beforeAll(async () => {
  platform = await startTestPlatform(undefined, ENV);
  store = new FileObjectStore(lakeDir(platform));
  traffic = await generateTraffic({ url: platform.url, rate: 150, durationSeconds: 3, batchSize: 10, seed: 7 });
  // Reports settle once every window closed; the lake holds the aggregates a flush later.
  for (const [campaign, expected] of Object.entries(traffic.campaigns)) {
    await until(
      () => reportTotals(campaign),
      ({ bids, impressions, clicks }) => isDeepStrictEqual({ bids, impressions, clicks }, expected),
    );
  }
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await removeDataDir(platform?.dataDir);
});

describe('the local lake after a run', () => {
  it('holds exactly the accepted events and the emitted joins in all ten tables, and no failed event', async () => {
    // Prepare
    const { bid, impression, click } = traffic.events;
    const expected = (stream: { aggregates: number }) => ({
      raw_bcns: bid.accepted + impression.accepted + click.accepted,
      raw_impressions: impression.accepted,
      raw_clicks: click.accepted,
      parquet_bcns: bid.accepted + impression.accepted + click.accepted,
      parquet_impressions: impression.accepted,
      parquet_clicks: click.accepted,
      raw_aggregates: stream.aggregates,
      parquet_aggregates: stream.aggregates,
      // Generated funnels always join and nothing is late: the windows outlive the run.
      raw_failed_events: 0,
      parquet_failed_events: 0,
    });
    const aggregates = (await readAllRecords(platform.kinesis, 'aggregates')).length;

    // Act
    const counts = await until(countsByTable, (c) => isDeepStrictEqual(c, expected({ aggregates })));

    // Assess
    expect(traffic.failedRequests).toBe(0);
    expect(bid.accepted).toBeGreaterThan(300);
    expect(impression.accepted).toBeGreaterThan(50);
    expect(click.accepted).toBeGreaterThan(0);
    expect(aggregates).toBeGreaterThan(0);
    expect(counts).toStrictEqual(expected({ aggregates }));
  });

  it('counts per event type in parquet_bcns exactly as the API accepted them', async () => {
    // Act
    const rows = await query(
      'SELECT type, count(*) AS n, count(DISTINCT tx_id) AS txs FROM parquet_bcns GROUP BY type ORDER BY type',
    );

    // Assess
    expect(rows).toStrictEqual([
      { type: 'bid', n: traffic.events.bid.accepted, txs: traffic.events.bid.accepted },
      { type: 'click', n: traffic.events.click.accepted, txs: traffic.events.click.accepted },
      { type: 'imp', n: traffic.events.impression.accepted, txs: traffic.events.impression.accepted },
    ]);
  });

  it('has parquet_aggregates agree with the reports API, period by period', async () => {
    // Prepare
    const latest = await query(`
      SELECT campaign_item_id, period, bids, impressions, clicks, spend
      FROM (SELECT *, row_number() OVER (PARTITION BY campaign_item_id, period ORDER BY version DESC) AS r
            FROM parquet_aggregates)
      WHERE r = 1 ORDER BY campaign_item_id, period`);

    // Act
    const reported = [];
    for (const campaign of Object.keys(traffic.campaigns).sort((a, b) => Number(a) - Number(b))) {
      const report = (await get(platform.url, `/reports/campaigns/${campaign}?limit=1000`)).body as {
        periods: object[];
      };
      for (const p of report.periods) reported.push({ campaign_item_id: Number(campaign), ...p });
    }

    // Assess
    expect(latest).toStrictEqual(reported);
  });

  it('answers `sdp sql` with the same rows, as JSON and CSV, and a clear error for an unknown table', async () => {
    // Prepare
    const env = { SDP_DATA_DIR: platform.dataDir };

    // Act
    const json = await runCli(['sql', '--format', 'json', 'SELECT count(*) AS n FROM parquet_clicks'], 30_000, env);
    const csv = await runCli(
      ['sql', '--format', 'csv', "SELECT type, count(*) AS n FROM raw_bcns WHERE type = 'click' GROUP BY type"],
      30_000,
      env,
    );
    const unknown = await runCli(['sql', 'SELECT * FROM clicks'], 30_000, env);

    // Assess
    expect(JSON.parse(json.stdout)).toStrictEqual([{ n: traffic.events.click.accepted }]);
    expect(csv.stdout).toBe(`type,n\nclick,${traffic.events.click.accepted}\n`);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/Table with name clicks does not exist!.*\nTables: raw_bcns, /s);
  });

  it('compacts with `sdp compact --all`: one file per partition, every row kept', async () => {
    // Prepare
    const before = await countsByTable();
    const env = { SDP_DATA_DIR: platform.dataDir };

    // Act
    const run = await runCli(['compact', '--all'], 60_000, env);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^bcns dt=\d{4}-\d{2}-\d{2}\/hr=\d{2}: \d+ files -> 1, \d+ rows$/m);
    expect(await countsByTable()).toStrictEqual(before);
    for (const stream of STREAM_NAMES) {
      for (const { key } of await store.list(manifestPrefix(stream))) {
        if (isManifestKey(key)) expect((await readManifest(store, key)).keys).toHaveLength(1);
      }
    }
  });
});
