import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { LAKE_TABLES } from '../../lambda/domain/lake/lake-tables.ts';
import type { ErasureRecord } from '../../lambda/domain/lifecycle/erasure-request.ts';
import { ERASURES_PREFIX } from '../../lambda/domain/lifecycle/lifecycle-layout.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';
import { filesContaining } from '../helpers/byte-scan.ts';
import {
  FREE_PORTS,
  get,
  killPlatform,
  makeDataDir,
  PROJECT_DIR,
  post,
  removeDataDir,
  runCli,
  SDP_BIN,
  type SpawnedPlatform,
  spawnPlatform,
} from '../helpers/local-platform.ts';

/*
 * SPEC.md §10 and issue 15's "done when": after `sdp erase --app-uid X` and the grace period, no
 * byte under the data directory outside the Kinesis emulator's store holds X, every other row is
 * still there, and SQL and reports still answer. Here the platform runs throughout, a query runs
 * during the sweep, and the first `sdp erase` is killed with SIGKILL in the middle of its rewrite.
 */

const ENV = { SDP_LAKE_FLUSH_SECONDS: '1', SDP_COMPACTION_MINUTES: '0', SDP_COMPACTION_GRACE_MINUTES: '0' };
const ERASED = `erased-${randomUUID()}`;
const USERS = [ERASED, ...Array.from({ length: 4 }, (_, i) => `kept-${i}-${randomUUID()}`)];
const CAMPAIGNS = [2001, 2002, 2003];
const TABLES = LAKE_TABLES.map((table) => table.name);

let dataDir: string | undefined;
let spawned: SpawnedPlatform | undefined;
let eraser: ChildProcess | undefined;

afterAll(async () => {
  if (eraser && eraser.exitCode === null && eraser.signalCode === null) eraser.kill('SIGKILL');
  await killPlatform(spawned);
  if (dataDir) await removeDataDir(dataDir);
});

/** Sends a funnel per user: 12 bids, impressions for 8, clicks for 4; resolves to the tx_ids by user. */
async function sendTraffic(url: string, wave: string): Promise<Map<string, string[]>> {
  const txIds = new Map<string, string[]>();
  const bids = [];
  const impressions = [];
  const clicks = [];
  for (const user of USERS) {
    const mine: string[] = [];
    for (let n = 0; n < 12; n++) {
      const tx = `${wave}-${user.slice(0, 8)}-${n}-${randomUUID()}`;
      mine.push(tx);
      bids.push({ tx_id: tx, campaign_item_id: CAMPAIGNS[n % 3] as number, app_uid: user, domain: 'news.example.com' });
      if (n < 8) impressions.push({ tx_id: tx, win_price: 1_000_000 + n });
      if (n < 4) clicks.push({ tx_id: tx });
    }
    txIds.set(user, mine);
  }
  for (const [route, events] of [
    ['/bid', bids],
    ['/impression', impressions],
    ['/click', clicks],
  ] as const) {
    const reply = await post(url, route, events);
    expect(reply.status).toBe(200);
    // Another flush each: several small files per partition, so compaction has something to merge.
    await sleep(1500);
  }
  return txIds;
}

async function query(store: FileObjectStore, sql: string): Promise<Record<string, unknown>[]> {
  const session = await LakeSql.open(store, { dialect: 'duckdb' });
  try {
    return (await session.query(sql)).rows;
  } finally {
    session.close();
  }
}

/** Waits until every table of every stream holds at least `bids` bid rows and the joined rows. */
async function waitForLake(store: FileObjectStore, bids: number): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 500) {
    const [row] = await query(
      store,
      `SELECT (SELECT count(*) FROM raw_bcns WHERE type = 'bid') AS raw, (SELECT count(*) FROM parquet_bcns WHERE type = 'bid') AS parquet,
              (SELECT count(*) FROM parquet_clicks) AS clicks, (SELECT count(*) FROM raw_clicks) AS raw_clicks`,
    );
    const wanted = (bids / 12) * 4;
    if (row?.raw === bids && row?.parquet === bids && row?.clicks === wanted && row?.raw_clicks === wanted) return;
    await sleep(500);
  }
  throw new Error(`the lake did not receive ${bids} bids within a minute`);
}

/** Every table's rows that do not belong to the erased user's transactions, sorted. */
async function keptRows(store: FileObjectStore, erasedTx: ReadonlySet<string>) {
  const session = await LakeSql.open(store, { dialect: 'duckdb' });
  try {
    const tables: Record<string, { kept: string[]; erased: number }> = {};
    for (const table of TABLES) {
      const { rows } = await session.query(`SELECT * EXCLUDE (dt, hr) FROM ${table}`);
      const mine = (row: Record<string, unknown>) => row.app_uid === ERASED || erasedTx.has(row.tx_id as string);
      tables[table] = {
        kept: rows
          .filter((row) => !mine(row))
          .map((row) => JSON.stringify(row))
          .sort(),
        erased: rows.filter(mine).length,
      };
    }
    return tables;
  } finally {
    session.close();
  }
}

async function reports(url: string) {
  const bodies = [];
  for (const campaign of CAMPAIGNS) {
    const reply = await get(url, `/reports/campaigns/${campaign}`);
    expect(reply.status).toBe(200);
    bodies.push(reply.body);
  }
  return bodies;
}

async function erasures(store: FileObjectStore): Promise<ErasureRecord[]> {
  const records: ErasureRecord[] = [];
  for (const { key } of await store.list(ERASURES_PREFIX)) {
    records.push(JSON.parse(await readFile(store.uri(key), 'utf8')) as ErasureRecord);
  }
  return records;
}

describe('sdp erase on a running platform', () => {
  it('leaves no byte of the id outside the Kinesis store, keeps every other row, and SQL and reports still answer', async () => {
    // Prepare: two waves of traffic, the first compacted, the second left as delivered.
    dataDir = await makeDataDir();
    spawned = await spawnPlatform(dataDir, ENV);
    const store = new FileObjectStore(join(dataDir, 'lake'));
    const env = { ...FREE_PORTS, ...ENV, SDP_DATA_DIR: dataDir };
    const first = await sendTraffic(spawned.url, 'w1');
    await waitForLake(store, 60);
    const compacted = await runCli(['compact', '--all'], 60_000, env);
    expect(compacted.code).toBe(0);
    expect(compacted.stdout).toMatch(/Compacted [1-9]\d* partitions/);
    const second = await sendTraffic(spawned.url, 'w2');
    await waitForLake(store, 120);
    const erasedTx = new Set([...(first.get(ERASED) ?? []), ...(second.get(ERASED) ?? [])]);
    // Once every window is reported (and its aggregate in the lake), nothing changes any more.
    let reportsBefore: unknown[] = [];
    for (let waited = 0; waited < 60_000; waited += 1000) {
      reportsBefore = await reports(spawned.url);
      const totals = reportsBefore.map((r) => (r as { totals: Record<string, number> }).totals);
      const sum = (kind: string) => totals.reduce((a, t) => a + (t[kind] ?? 0), 0);
      if (sum('bids') === 120 && sum('impressions') === 80 && sum('clicks') === 40) break;
      await sleep(1000);
    }
    await sleep(3000);
    const before = await keptRows(store, erasedTx);
    expect(before.parquet_bcns?.erased).toBe(24 + 16 + 8);
    expect(before.parquet_clicks?.erased).toBe(8);
    expect(await filesContaining(dataDir, ERASED, [join(dataDir, 'kinesis')])).not.toStrictEqual([]);

    // Act: a query runs while the first erase rewrites the lake, and the first erase is killed mid-rewrite.
    const views: Awaited<ReturnType<typeof keptRows>>[] = [];
    let querying = true;
    const reader = (async () => {
      while (querying) views.push(await keptRows(store, erasedTx));
    })();
    eraser = spawn(process.execPath, [SDP_BIN, 'erase', '--app-uid', ERASED], {
      cwd: PROJECT_DIR,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const killed = new Promise<NodeJS.Signals | null>((resolve) =>
      eraser?.once('exit', (_, signal) => resolve(signal)),
    );
    for (let waited = 0; waited < 60_000; waited += 10) {
      const [record] = await erasures(store);
      if (record?.sweep?.phase === 'rewrite' && record.sweep.files.length > 0) break;
      await sleep(10);
    }
    eraser.kill('SIGKILL');
    const killSignal = await killed;
    const afterKill = await keptRows(store, erasedTx);
    const rerun = await runCli(['erase', '--app-uid', ERASED], 180_000, env);
    querying = false;
    await reader;
    const vacuum = await runCli(['compact'], 60_000, env);

    // Assess
    expect(killSignal).toBe('SIGKILL');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/^Erasure \S+: 1 app_uid, 24 transactions$/m);
    expect(rerun.stdout).toMatch(/join state: 0 transactions purged by the running platform's processor/);
    expect(vacuum.code).toBe(0);
    for (const table of TABLES) {
      expect(afterKill[table]?.kept).toStrictEqual(before[table]?.kept);
      for (const view of views) expect(view[table]?.kept).toStrictEqual(before[table]?.kept);
    }
    expect(views.length).toBeGreaterThan(0);
    const after = await keptRows(store, erasedTx);
    for (const table of TABLES) expect(after[table]).toStrictEqual({ kept: before[table]?.kept, erased: 0 });
    expect(await filesContaining(dataDir, ERASED, [join(dataDir, 'kinesis')])).toStrictEqual([]);
    const audit = await runCli(['erase', '--audit'], 30_000, env);
    const entries = audit.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; transactions?: number });
    const purged = entries.filter((e) => e.event === 'join-state-purged').map((e) => e.transactions ?? 0);
    expect(purged.reduce((a, b) => a + b, 0)).toBe(24);
    expect(audit.stdout).not.toContain(ERASED);
    expect(await reports(spawned.url)).toStrictEqual(reportsBefore);
    const sql = await runCli(['sql', '--format', 'json', 'SELECT count(*) AS n FROM parquet_bcns'], 30_000, env);
    expect(JSON.parse(sql.stdout)).toStrictEqual([{ n: 120 + 80 + 40 - 48 }]);
    // Every file the writers delivered holds what they delivered, less what the erasure told the ledger it removed.
    const verified = await runCli(['lake', 'verify'], 60_000, env);
    expect(verified.stdout).toMatch(/\nNo problems found\.\n$/);
    expect(verified.code).toBe(0);
  }, 420_000);
});
