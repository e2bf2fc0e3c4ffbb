import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { scanWindows } from '../../lambda/adapters/report-windows.ts';
import type { WindowCounts } from '../../lambda/domain/lifecycle/report-drift.ts';
import { createLocalDynamoDbClient } from '../../local/dynamodb/dynamodb-client.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';
import {
  FREE_PORTS,
  get,
  killPlatform,
  makeDataDir,
  removeDataDir,
  runCli,
  type SpawnedPlatform,
  spawnPlatform,
} from '../helpers/local-platform.ts';

/*
 * `sdp replay` against a running platform fed by `sdp generate`: the recomputed windows equal the
 * live reports (no drift); three damaged windows (one inflated, one deflated with an older version,
 * one deleted) are found exactly, by how much, and `--apply` repairs them for good.
 * Short join windows (4 s) keep the correction horizon at 10 s, so windows can be repaired soon.
 */

const ENV = {
  SDP_LAKE_FLUSH_SECONDS: '1',
  SDP_COMPACTION_MINUTES: '0',
  SDP_ATTRIBUTION_WINDOW_SECONDS: '4',
  SDP_CLICK_WINDOW_SECONDS: '4',
};

interface ReplayJson {
  records: number;
  windows: number;
  drifted: number;
  events: number;
  applied: number;
  open: number;
  drifts: {
    campaign_item_id: number;
    period: string;
    live?: Record<string, number>;
    delta: Record<string, number>;
  }[];
}

let dataDir: string | undefined;
let spawned: SpawnedPlatform | undefined;

afterAll(async () => {
  await killPlatform(spawned);
  if (dataDir) await removeDataDir(dataDir);
});

describe('sdp replay', () => {
  it('finds no drift over generated traffic, then finds exactly the damaged windows and repairs them', async () => {
    // Prepare
    dataDir = await makeDataDir();
    spawned = await spawnPlatform(dataDir, ENV);
    const env = { ...FREE_PORTS, ...ENV, SDP_DATA_DIR: dataDir };
    const from = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    const generated = await runCli(
      [
        'generate',
        '--url',
        spawned.url,
        '--rate',
        '100',
        '--duration',
        '12',
        '--batch',
        '10',
        '--seed',
        '15',
        '--json',
      ],
      60_000,
      env,
    );
    expect(generated.code).toBe(0);
    const { events } = JSON.parse(generated.stdout) as { events: Record<string, { accepted: number }> };
    const sent = Object.values(events).reduce((sum, kind) => sum + kind.accepted, 0);
    const to = new Date(Date.parse(from) + 3_600_000).toISOString();
    // Every window closed past its correction horizon (10 s window + 10 s), and every record in the lake.
    await sleep(25_000);
    const store = new FileObjectStore(`${dataDir}/lake`);
    for (let waited = 0; waited < 30_000; waited += 500) {
      const sql = await LakeSql.open(store, { dialect: 'duckdb' });
      const [row] = (await sql.query('SELECT count(*) AS n FROM raw_bcns')).rows;
      sql.close();
      if (row?.n === sent) break;
      await sleep(500);
    }
    const replay = async (...flags: string[]) => {
      const run = await runCli(
        ['replay', '--from', from, '--to', to, '--url', spawned?.url as string, '--json', ...flags],
        120_000,
        env,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as ReplayJson;
    };

    // Act 1: the live reports against the lake.
    const clean = await replay();

    // Assess 1
    expect(sent).toBeGreaterThan(1000);
    expect(clean).toMatchObject({ records: sent, drifted: 0, events: 0, drifts: [] });
    expect(clean.windows).toBeGreaterThan(10);

    // Prepare 2: damage three windows of the live table directly.
    const health = (await get(spawned.url, '/health')).body as { dynamodb_endpoint: string };
    const dynamodb = createLocalDynamoDbClient(health.dynamodb_endpoint);
    const rows = (await scanWindows(dynamodb, 'reports', from, to)).filter((w) => w.impressions > 0).slice(0, 3);
    const [inflated, deflated, deleted] = rows as [WindowCounts, WindowCounts, WindowCounts];
    const before = await Promise.all(
      rows.map((row) => get(spawned?.url as string, `/reports/campaigns/${row.campaign_item_id}`)),
    );
    await dynamodb.send(
      new PutCommand({
        TableName: 'reports',
        Item: { ...inflated, bids: inflated.bids + 5, version: inflated.version + 5 },
      }),
    );
    await dynamodb.send(
      new PutCommand({
        TableName: 'reports',
        Item: { ...deflated, impressions: deflated.impressions - 1, version: deflated.version - 1 },
      }),
    );
    await dynamodb.send(
      new DeleteCommand({
        TableName: 'reports',
        Key: { campaign_item_id: deleted.campaign_item_id, period: deleted.period },
      }),
    );

    // Act 2
    const damaged = await replay();
    const applied = await replay('--apply');
    const repaired = await replay();

    // Assess 2
    const key = (row: { campaign_item_id: number; period: string }) => `${row.campaign_item_id}|${row.period}`;
    expect(damaged.drifts.map(key).sort()).toStrictEqual(rows.map(key).sort());
    const deltaOf = (row: WindowCounts) => damaged.drifts.find((d) => key(d) === key(row))?.delta;
    expect(deltaOf(inflated)).toStrictEqual({ bids: -5, impressions: 0, clicks: 0, spend: 0 });
    expect(deltaOf(deflated)).toStrictEqual({ bids: 0, impressions: 1, clicks: 0, spend: 0 });
    const { bids, impressions, clicks, spend } = deleted;
    expect(deltaOf(deleted)).toStrictEqual({ bids, impressions, clicks, spend });
    expect(damaged.events).toBe(5 + 1 + bids + impressions + clicks);
    expect(applied).toMatchObject({ drifted: 3, applied: 3, open: 0 });
    expect(repaired).toMatchObject({ drifted: 0, drifts: [] });
    const after = await Promise.all(
      rows.map((row) => get(spawned?.url as string, `/reports/campaigns/${row.campaign_item_id}`)),
    );
    expect(after.map((reply) => reply.body)).toStrictEqual(before.map((reply) => reply.body));
    const item = await dynamodb.send(
      new GetCommand({
        TableName: 'reports',
        Key: { campaign_item_id: inflated?.campaign_item_id, period: inflated?.period },
      }),
    );
    expect(item.Item?.version).toBe(inflated.version + 6);
    dynamodb.destroy();
  }, 300_000);
});
