import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_CAMPAIGN_ID } from '../../lambda/domain/ops/canary.ts';
import { lakeDir } from '../../local/config.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';
import { REPORT_TABLE } from '../../local/platform.ts';
import { get, post, removeDataDir, runCli, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';
import { until } from '../helpers/until.ts';

/*
 * Operating the local platform: the freshness canary traced to its report row and its lake row,
 * its latency on /metrics and in `sdp status`, failed events counted by reason, and /health turning
 * 503 once a stage is stuck (the report table deleted under the running writer).
 */

const ENV = {
  SDP_PERIOD_SECONDS: '2',
  SDP_ALLOWED_LATENESS_SECONDS: '1',
  SDP_ATTRIBUTION_WINDOW_SECONDS: '2',
  SDP_CLICK_WINDOW_SECONDS: '2',
  SDP_OUT_OF_ORDERNESS_MS: '200',
  SDP_LAKE_FLUSH_SECONDS: '1',
  SDP_COMPACTION_MINUTES: '0',
  SDP_CANARY_SECONDS: '2',
  SDP_CANARY_TIMEOUT_SECONDS: '8',
  SDP_STUCK_SECONDS: '3',
};

let platform: TestPlatform;

async function metricsText(): Promise<string> {
  const response = await fetch(new URL('/metrics', platform.url));
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

const sample = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

beforeAll(async () => {
  platform = await startTestPlatform(undefined, ENV);
  expect((await post(platform.url, '/impression', { tx_id: 'orphan-ops-1', win_price: 5 })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  if (platform) await removeDataDir(platform.dataDir);
});

describe('operating the local platform', () => {
  it('reports the canary’s end-to-end latency and failed events by reason on /metrics', async () => {
    // Act
    const text = await until(
      metricsText,
      (t) =>
        sample(t, 'CanaryLatency') !== undefined && sample(t, 'FailedEvents{Reason="impression_without_bid"}') === 1,
    );

    // Assess: a 2 s window, 1 s lateness and 0.2 s watermark delay bound the latency from below
    const latency = sample(text, 'CanaryLatency') as number;
    expect(latency).toBeGreaterThanOrEqual(1_000);
    expect(latency).toBeLessThan(8_000);
    expect(sample(text, 'CanaryMisses')).toBe(0);
    expect(sample(text, 'FailedEvents{Reason="impression_without_bid"}')).toBe(1);
    expect(sample(text, 'ReportRowsWritten')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'HealthDegraded')).toBe(0);
    expect(text).toContain('# HELP CanaryLatency Freshness canary: its bid sent to its report row written');
    expect(text).toContain('# TYPE ReportRowsWritten counter');
  });

  it('answers /health 200 with every stage, and sdp status prints them with the last hour’s failed events', async () => {
    // Act
    const health = await get(platform.url, '/health');
    // The failed event reaches the lake on the failed_events writer's next flush, after /metrics counts it
    const json = await until(
      () => runCli(['status', '--url', platform.url, '--format', 'json'], 30_000, { SDP_DATA_DIR: platform.dataDir }),
      (run) => run.code !== 0 || run.stdout.includes('impression_without_bid'),
    );
    const table = await runCli(['status', '--url', platform.url], 30_000, { SDP_DATA_DIR: platform.dataDir });

    // Assess
    expect(health.status).toBe(200);
    const stages = (health.body as { components: Record<string, { status: string }> }).components;
    expect(Object.keys(stages).sort()).toStrictEqual(
      [
        'kinesis',
        'dynamodb',
        'aggregation',
        'reports_writer',
        'lake_bcns',
        'lake_impressions',
        'lake_clicks',
        'lake_aggregates',
        'lake_failed_events',
        'compaction',
        'lake',
        'model',
        'canary',
      ].sort(),
    );
    expect(stages.aggregation?.status).toBe('ok');
    expect(stages.canary?.status).toBe('ok');
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout) as { status: string; failedEventsLastHour: Record<string, number> };
    expect(status.status).toBe('ok');
    expect(status.failedEventsLastHour).toStrictEqual({ impression_without_bid: 1 });
    expect(table.stdout).toMatch(/^canary +ok +latency ms \d+; probed at \d{4}-/m);
    expect(table.stdout).toMatch(/^aggregation +ok +lag ms \d+; records \d+; last window closed \d{4}-/m);
    expect(table.stdout).toContain('Failed events in the last hour: 1 (impression_without_bid 1)');
  });

  it('traces canary bids to the lake, and keeps the canary’s campaign out of the reports API', async () => {
    // Act
    const rows = await until(
      async () => {
        const lake = await LakeSql.open(new FileObjectStore(lakeDir(platform)));
        try {
          return (
            await lake.query(
              `SELECT tx_id FROM parquet_bcns WHERE campaign_item_id = ${CANARY_CAMPAIGN_ID} AND type = 'bid'`,
            )
          ).rows;
        } finally {
          lake.close();
        }
      },
      (r) => r.length > 0,
    );
    const report = await get(platform.url, `/reports/campaigns/${CANARY_CAMPAIGN_ID}`);

    // Assess
    for (const row of rows) expect(row.tx_id).toMatch(/^canary-\d{13}$/);
    expect(report.status).toBe(404);
  });

  it('answers /health 503 naming the failing stage once the reports writer fails every write', async () => {
    // Act: the report table disappears under the running writer
    await platform.dynamodb.send(new DeleteTableCommand({ TableName: REPORT_TABLE }));
    const health = await until(
      () => get(platform.url, '/health'),
      (h) => h.status === 503,
      30_000,
    );
    const status = await runCli(['status', '--url', platform.url], 30_000, { SDP_DATA_DIR: platform.dataDir });

    // Assess
    expect(health.status).toBe(503);
    const body = health.body as {
      status: string;
      failing: string[];
      components: Record<string, { status: string; error?: string; since?: string }>;
    };
    expect(body.status).toBe('failing');
    expect(body.failing).toContain('reports_writer');
    expect(body.components.reports_writer).toMatchObject({
      status: 'failing',
      error: expect.stringMatching(/\S/),
      since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^reports_writer +failing +.+ \(since \d{4}-/m);
  });
});
