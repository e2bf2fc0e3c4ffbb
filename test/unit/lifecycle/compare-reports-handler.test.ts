import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbReportStore } from '../../../lambda/adapters/report-store.ts';
import { AWS_DEFAULTS } from '../../../lambda/domain/aggregation/aggregation-config.ts';
import type { Aggregate } from '../../../lambda/domain/aggregation/aggregation-records.ts';
import { replayShardKey } from '../../../lambda/domain/lifecycle/lifecycle-layout.ts';
import { DRIFT_METRICS, driftMetrics } from '../../../lambda/domain/lifecycle/reconciliation.ts';
import { createCompareReportsHandler } from '../../../lambda/lifecycle/compare-reports.ts';
import { ensureReportTable } from '../../../local/dynamodb/dynamodb-client.ts';
import type { FileObjectStore } from '../../../local/lake/file-object-store.ts';
import { useDynalite } from '../../helpers/dynalite.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

/*
 * The reconciliation's last step against a real DynamoDB API (dynalite) and a real lake store: it
 * adds up the shards, compares the live table with them, repairs what drifted when asked, emits the
 * drift as EMF metrics, and removes the shards' files only once all of that is done.
 */

const RUN = 'run-20270101T020000Z';
/** The scheduled run of 2027-01-01 02:00 UTC reconciles 2026-12-31, the UTC day before. */
const SCHEDULED = { scheduled_at: '2027-01-01T02:00:00Z' };
const NOW = Date.parse('2027-01-01T02:00:05Z');
const SHADOW_TTL_DAYS = 7;

const window = (campaign: number, period: string, bids: number, impressions: number, version = 1): Aggregate => ({
  campaign_item_id: campaign,
  period,
  bids,
  impressions,
  clicks: 0,
  spend: impressions * 1_000_000,
  version,
});

/** Shard 0 and 1 each hold part of window A; B matches the live table; C is only in the live table. */
const SHARDS: Aggregate[][] = [
  [window(1001, '2026-12-31T23:58:00Z', 3, 1), window(1002, '2026-12-31T12:00:00Z', 5, 2)],
  [window(1001, '2026-12-31T23:58:00Z', 2, 1)],
];
const LIVE: Aggregate[] = [
  window(1001, '2026-12-31T23:58:00Z', 4, 2, 3),
  window(1002, '2026-12-31T12:00:00Z', 5, 2, 1),
  window(1003, '2026-12-31T00:00:00Z', 7, 0, 2),
];
/** Outside the range: never compared, never touched. */
const NEXT_DAY = window(1001, '2027-01-01T00:00:00Z', 9, 9, 1);

describe('the compare-reports Lambda step', () => {
  const dynalite = useDynalite();
  let client: DynamoDBDocumentClient;
  let live: string;
  let shadow: string;
  let tables = 0;
  let store: FileObjectStore;
  let emitted: Record<string, unknown>[];

  beforeAll(() => {
    client = dynalite.client();
  });

  // Fresh tables per test: deleting one between tests races with creating the next.
  beforeEach(async () => {
    live = `reports-${++tables}`;
    shadow = `reports-shadow-${tables}`;
    await Promise.all([ensureReportTable(client, live), ensureReportTable(client, shadow)]);
    const reports = new DynamoDbReportStore(client, live);
    for (const row of [...LIVE, NEXT_DAY]) await reports.putReport({ ...row, updated_at: '2026-12-31T23:59:59.000Z' });
    store = await makeLake();
    emitted = [];
  });

  const handle = () =>
    createCompareReportsHandler({
      store,
      tables: { client, live, shadow, store: new DynamoDbReportStore(client, live) },
      settings: AWS_DEFAULTS,
      outOfOrdernessMs: 1_000,
      shadowTtlDays: SHADOW_TTL_DAYS,
      now: () => NOW,
      emit: (document) => emitted.push(document),
    });

  async function storeShards(shards: readonly Aggregate[][]) {
    for (const [shard, windows] of shards.entries()) {
      await store.putText(replayShardKey(RUN, shard), JSON.stringify(windows));
    }
  }

  async function rows(table: string): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: table }));
    return Items.sort(
      (a, b) => Number(a.campaign_item_id) - Number(b.campaign_item_id) || String(a.period).localeCompare(b.period),
    );
  }

  const counts = (row: Partial<Record<keyof Aggregate, unknown>>) => ({
    campaign_item_id: row.campaign_item_id,
    period: row.period,
    bids: row.bids,
    impressions: row.impressions,
    spend: row.spend,
  });

  it("reports the scheduled day's drift as metrics, changes no report and removes the shards", async () => {
    // Prepare
    await storeShards(SHARDS);
    const before = await rows(live);

    // Act
    const result = await handle()({ run_id: RUN, input: SCHEDULED, shards: 2 });

    // Assess
    // A: replayed 5 bids 2 impressions against 4 and 2 (1 event); C: 7 bids the lake has none of (7 events).
    expect(result).toStrictEqual({
      from: '2026-12-31T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
      windows: 3,
      drifted: 2,
      events: 8,
      applied: 0,
      open: 0,
    });
    expect(emitted).toStrictEqual([driftMetrics({ windows: 3, drifted: 2, events: 8 }, 0, NOW)]);
    expect(emitted[0]?.[DRIFT_METRICS.drifted]).toBe(2);
    expect(await rows(live)).toStrictEqual(before);
    expect((await rows(shadow)).map(counts)).toStrictEqual([
      counts(window(1001, '2026-12-31T23:58:00Z', 5, 2)),
      counts(window(1002, '2026-12-31T12:00:00Z', 5, 2)),
    ]);
    expect((await rows(shadow)).map((row) => row.expires_at)).toStrictEqual(
      Array(2).fill(Math.floor(NOW / 1000) + SHADOW_TTL_DAYS * 86_400),
    );
    expect(await store.getText(replayShardKey(RUN, 0))).toBeUndefined();
    expect(await store.getText(replayShardKey(RUN, 1))).toBeUndefined();
  });

  it('repairs every drifted window with apply, above the live version, and leaves other days alone', async () => {
    // Prepare
    await storeShards(SHARDS);

    // Act
    const result = await handle()({
      run_id: RUN,
      input: { from: '2026-12-31T00:00:00Z', to: '2027-01-01T00:00:00Z', apply: true },
      shards: 2,
    });

    // Assess
    expect(result).toMatchObject({ windows: 3, drifted: 2, events: 8, applied: 2, open: 0 });
    expect(emitted).toStrictEqual([driftMetrics({ windows: 3, drifted: 2, events: 8 }, 2, NOW)]);
    const after = await rows(live);
    expect(after.map(counts)).toStrictEqual([
      counts(window(1001, '2026-12-31T23:58:00Z', 5, 2)),
      counts(NEXT_DAY),
      counts(window(1002, '2026-12-31T12:00:00Z', 5, 2)),
      counts(window(1003, '2026-12-31T00:00:00Z', 0, 0)),
    ]);
    expect(after.map((row) => row.version)).toStrictEqual([4, 1, 1, 3]);
  });

  it('leaves a window the stream may still correct alone, and counts it open', async () => {
    // Prepare: the range reaches into the last minutes; A closed 2 minutes ago.
    await storeShards(SHARDS);
    const range = { from: '2026-12-31T00:00:00Z', to: '2027-01-01T00:00:00Z', apply: true };
    const soon = createCompareReportsHandler({
      store,
      tables: { client, live, shadow, store: new DynamoDbReportStore(client, live) },
      settings: AWS_DEFAULTS,
      outOfOrdernessMs: 1_000,
      shadowTtlDays: SHADOW_TTL_DAYS,
      now: () => Date.parse('2027-01-01T00:01:00Z'),
      emit: (document) => emitted.push(document),
    });

    // Act
    const result = await soon({ run_id: RUN, input: range, shards: 2 });

    // Assess
    expect(result).toMatchObject({ drifted: 2, applied: 1, open: 1 });
    expect(
      (await rows(live)).find((row) => row.campaign_item_id === 1001 && row.period === '2026-12-31T23:58:00Z'),
    ).toMatchObject({ bids: 4, impressions: 2, version: 3 });
  });

  it("fails naming a missing shard, and changes nothing so the state machine's retry can succeed", async () => {
    // Prepare
    await storeShards(SHARDS.slice(0, 1));
    const before = await rows(live);

    // Act
    const run = handle()({ run_id: RUN, input: SCHEDULED, shards: 2 });

    // Assess
    await expect(run).rejects.toThrow(`The replay of shard 1 of run ${RUN} is missing`);
    expect(await rows(live)).toStrictEqual(before);
    expect(await rows(shadow)).toStrictEqual([]);
    expect(emitted).toStrictEqual([]);
    expect(await store.getText(replayShardKey(RUN, 0))).toBeDefined();
  });
});
