import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbCampaignRollups, type ICampaignRollups } from '../../../lambda/adapters/campaign-rollups.ts';
import { DynamoDbReportStore } from '../../../lambda/adapters/report-store.ts';
import type { Aggregate } from '../../../lambda/domain/aggregation/aggregation-records.ts';
import type { Counts } from '../../../lambda/domain/reports/campaign-report.ts';
import { toReportItem } from '../../../lambda/domain/reports/report-item.ts';
import { createWriteAggregatesHandler } from '../../../lambda/reports/write-aggregates.ts';
import { ensureReportTable, ensureRollupTable } from '../../../local/dynamodb/dynamodb-client.ts';
import { rebuildRollupsOnce } from '../../../local/dynamodb/rebuild-rollups.ts';
import { aggregate, kinesisEvent, sequenceNumber } from '../../helpers/aggregate-records.ts';
import { useDynalite } from '../../helpers/dynalite.ts';
import { recordingLog, recordingMetrics } from '../../helpers/recording-ops.ts';

/*
 * The campaign rollups against a real DynamoDB API (dynalite): the per-day items the writer keeps
 * must always add up to the report rows, exactly, whatever retries, reorderings and concurrent
 * writers do, and a campaign list must read them with a few Queries, never a Scan.
 */

const NOW = () => new Date(Date.UTC(2027, 0, 1, 0, 5));
const at = (iso: string) => Date.parse(iso);

/** Counts as the rollups answer them, from the newest version of each report row. */
function expectedTotals(rows: readonly Aggregate[], fromMs: number, toMs: number): Map<number, Counts> {
  const newest = new Map<string, Aggregate>();
  for (const row of rows) {
    const key = `${row.campaign_item_id}|${row.period}`;
    if ((newest.get(key)?.version ?? -1) < row.version) newest.set(key, row);
  }
  const totals = new Map<number, Counts>();
  for (const row of [...newest.values()].sort((a, b) => a.campaign_item_id - b.campaign_item_id)) {
    const ms = Date.parse(row.period);
    if (ms < fromMs || ms >= toMs) continue;
    const total = totals.get(row.campaign_item_id) ?? { bids: 0, impressions: 0, clicks: 0, spend: 0 };
    total.bids += row.bids;
    total.impressions += row.impressions;
    total.clicks += row.clicks;
    total.spend += row.spend;
    totals.set(row.campaign_item_id, total);
  }
  return totals;
}

const sorted = (totals: Map<number, Counts>) => new Map([...totals].sort(([a], [b]) => a - b));

/** A deterministic pseudo-random sequence (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('campaign rollups on DynamoDB', () => {
  const dynalite = useDynalite();
  let client: DynamoDBDocumentClient;
  let store: DynamoDbReportStore;
  let rollups: DynamoDbCampaignRollups;
  let reportTable: string;
  let rollupTable: string;
  let tables = 0;

  beforeAll(() => {
    client = dynalite.client();
  });

  beforeEach(async () => {
    reportTable = `reports-${++tables}`;
    rollupTable = `rollups-${tables}`;
    await Promise.all([ensureReportTable(client, reportTable), ensureRollupTable(client, rollupTable)]);
    store = new DynamoDbReportStore(client, reportTable);
    rollups = new DynamoDbCampaignRollups(client, rollupTable, store);
  });

  it('totals the report rows of whole days and of single hours across an hour, a day and a year boundary', async () => {
    // Prepare
    const rows = [
      aggregate({
        campaign_item_id: 5,
        period: '2026-12-31T22:59:50Z',
        bids: 4,
        impressions: 2,
        clicks: 1,
        spend: 700,
      }),
      aggregate({
        campaign_item_id: 5,
        period: '2026-12-31T23:00:00Z',
        bids: 3,
        impressions: 1,
        clicks: 0,
        spend: 300,
      }),
      aggregate({
        campaign_item_id: 5,
        period: '2026-12-31T23:59:50Z',
        bids: 2,
        impressions: 2,
        clicks: 2,
        spend: 900,
      }),
      aggregate({
        campaign_item_id: 5,
        period: '2027-01-01T00:00:00Z',
        bids: 6,
        impressions: 3,
        clicks: 1,
        spend: 1100,
      }),
      aggregate({ campaign_item_id: 8, period: '2026-12-31T00:00:00Z', bids: 1, impressions: 0, clicks: 0, spend: 0 }),
      aggregate({
        campaign_item_id: 8,
        period: '2027-01-01T00:59:50Z',
        bids: 9,
        impressions: 4,
        clicks: 2,
        spend: 4000,
      }),
    ];
    const handler = createWriteAggregatesHandler(store, rollups, NOW);

    // Act
    const response = await handler(kinesisEvent(rows.map((data) => ({ data }))));

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(sorted(await rollups.totals(at('2026-12-31T00:00:00Z'), at('2027-01-01T00:00:00Z')))).toStrictEqual(
      new Map([
        [5, { bids: 9, impressions: 5, clicks: 3, spend: 1900 }],
        [8, { bids: 1, impressions: 0, clicks: 0, spend: 0 }],
      ]),
    );
    expect(sorted(await rollups.totals(at('2026-12-31T23:00:00Z'), at('2027-01-01T01:00:00Z')))).toStrictEqual(
      new Map([
        [5, { bids: 11, impressions: 6, clicks: 3, spend: 2300 }],
        [8, { bids: 9, impressions: 4, clicks: 2, spend: 4000 }],
      ]),
    );
    expect(sorted(await rollups.totals(at('2026-12-31T22:00:00Z'), at('2026-12-31T23:00:00Z')))).toStrictEqual(
      new Map([[5, { bids: 4, impressions: 2, clicks: 1, spend: 700 }]]),
    );
    expect(await rollups.totals(at('2027-01-01T01:00:00Z'), at('2027-01-02T00:00:00Z'))).toStrictEqual(new Map());
  });

  it.each([1, 2, 3, 4])(
    'converges to the exact sums under redelivery, reordering and concurrent writers (seed %i)',
    async (seed) => {
      // Prepare: per row a chain of growing versions, as late events correct a window.
      const next = random(seed);
      const campaigns = [4, 5, 8, 13];
      const periods = ['2026-12-31T23:59:30Z', '2026-12-31T23:59:50Z', '2027-01-01T00:00:00Z', '2027-01-01T00:10:10Z'];
      const records: Aggregate[] = [];
      for (const campaign of campaigns) {
        for (const period of periods) {
          let counts = { bids: 1 + Math.floor(next() * 5), impressions: 0, clicks: 0, spend: 0 };
          for (let version = 0; version < 1 + Math.floor(next() * 4); version++) {
            records.push(aggregate({ campaign_item_id: campaign, period, ...counts }));
            const won = Math.floor(next() * 3);
            counts = {
              bids: counts.bids + Math.floor(next() * 2),
              impressions: counts.impressions + won,
              clicks: counts.clicks + Math.floor(next() * (counts.impressions + won + 1)),
              spend: counts.spend + won * 250,
            };
            counts.clicks = Math.min(counts.clicks, counts.impressions);
          }
        }
      }
      const numbered = records.map((data, i) => ({ data, sequenceNumber: sequenceNumber(i + 1) }));
      const deliveries = [...numbered, ...numbered.filter(() => next() < 0.3)].sort(() => next() - 0.5);
      const batches: (typeof numbered)[] = [];
      for (let i = 0; i < deliveries.length; i += 7) batches.push(deliveries.slice(i, i + 7));
      const handler = createWriteAggregatesHandler(store, rollups, NOW);

      // Act: three Lambda invocations at a time, as with three shards.
      for (let i = 0; i < batches.length; i += 3) {
        const responses = await Promise.all(batches.slice(i, i + 3).map((batch) => handler(kinesisEvent(batch))));
        expect(responses).toStrictEqual(responses.map(() => ({ batchItemFailures: [] })));
      }

      // Assess
      for (const [from, to] of [
        ['2026-12-31T00:00:00Z', '2027-01-01T00:00:00Z'],
        ['2026-12-31T23:00:00Z', '2027-01-01T01:00:00Z'],
        ['2027-01-01T00:00:00Z', '2027-01-02T00:00:00Z'],
        ['2026-12-30T00:00:00Z', '2027-01-03T00:00:00Z'],
      ] as const) {
        expect(sorted(await rollups.totals(at(from), at(to)))).toStrictEqual(expectedTotals(records, at(from), at(to)));
      }
    },
  );

  it('completes the rollups on the retry when the refresh after a report write failed', async () => {
    // Prepare
    const rows = [
      aggregate({ campaign_item_id: 5, period: '2026-11-22T10:15:00Z', bids: 3, impressions: 1, clicks: 0 }),
      aggregate({ campaign_item_id: 5, period: '2026-11-22T10:15:10Z', bids: 2, impressions: 1, clicks: 1 }),
      aggregate({ campaign_item_id: 6, period: '2026-11-22T10:15:10Z', bids: 1, impressions: 0, clicks: 0 }),
    ];
    let failures = 1;
    const flaky: ICampaignRollups = {
      refreshHour: (campaign, day, hour) =>
        campaign === 5 && failures-- > 0
          ? Promise.reject(new Error('throttled'))
          : rollups.refreshHour(campaign, day, hour),
      totals: (from, to) => rollups.totals(from, to),
    };
    const logger = recordingLog();
    const handler = createWriteAggregatesHandler(store, flaky, NOW, { logger, metrics: recordingMetrics() });
    const event = kinesisEvent(rows.map((data) => ({ data })));
    const day = [at('2026-11-22T00:00:00Z'), at('2026-11-23T00:00:00Z')] as const;

    // Act
    const first = await handler(event);
    const before = await rollups.totals(...day);
    const retry = await handler(event);

    // Assess
    expect(first).toStrictEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
    expect(before).toStrictEqual(new Map([[6, { bids: 1, impressions: 0, clicks: 0, spend: 4_900_000 }]]));
    expect(retry).toStrictEqual({ batchItemFailures: [] });
    expect(sorted(await rollups.totals(...day))).toStrictEqual(expectedTotals(rows, ...day));
    expect(logger.calls.map(([level, message]) => [level, message])).toStrictEqual([
      ['error', 'Campaign rollup refresh failed'],
    ]);
  });

  it('completes the day total on the retry when the write after the hour part failed', async () => {
    // Prepare: the first write of a day total is throttled, after its hour part was written.
    const rows = [
      aggregate({ campaign_item_id: 5, period: '2026-11-22T10:15:00Z', bids: 3, impressions: 1, clicks: 0 }),
    ];
    const send = client.send.bind(client);
    let throttled = false;
    const spy = vi.spyOn(client, 'send').mockImplementation(((command: PutCommand) => {
      if (!throttled && command instanceof PutCommand && command.input.TableName === rollupTable) {
        throttled = true;
        return Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      }
      return send(command);
    }) as typeof client.send);
    const logger = recordingLog();
    const handler = createWriteAggregatesHandler(store, rollups, NOW, { logger, metrics: recordingMetrics() });
    const event = kinesisEvent(rows.map((data) => ({ data })));
    const day = [at('2026-11-22T00:00:00Z'), at('2026-11-23T00:00:00Z')] as const;

    // Act
    const first = await handler(event);
    const before = await rollups.totals(...day);
    const retry = await handler(event);

    // Assess
    expect(first).toStrictEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
    expect(before).toStrictEqual(new Map());
    expect(retry).toStrictEqual({ batchItemFailures: [] });
    expect(await rollups.totals(...day)).toStrictEqual(expectedTotals(rows, ...day));
    expect(logger.calls.map(([level, message]) => [level, message])).toStrictEqual([
      ['error', 'Campaign rollup refresh failed'],
    ]);
    spy.mockRestore();
  });

  it('reads a range with one Query per shard and day it touches, never a Scan', async () => {
    // Prepare
    await createWriteAggregatesHandler(
      store,
      rollups,
      NOW,
    )(kinesisEvent([{ data: aggregate({ campaign_item_id: 5, period: '2026-11-22T10:15:00Z' }) }]));
    const send = vi.spyOn(client, 'send');

    // Act
    const totals = await rollups.totals(at('2026-11-21T20:00:00Z'), at('2026-11-23T00:00:00Z'));

    // Assess
    expect(totals).toStrictEqual(new Map([[5, { bids: 12, impressions: 5, clicks: 2, spend: 4_900_000 }]]));
    const commands = send.mock.calls.map(([command]) => ({
      name: command.constructor.name,
      table: (command.input as { TableName: string }).TableName,
      bucket: (command.input as { ExpressionAttributeValues: Record<string, unknown> }).ExpressionAttributeValues[
        ':bucket'
      ],
    }));
    expect(commands.sort((a, b) => String(a.bucket).localeCompare(String(b.bucket)))).toStrictEqual(
      [
        ...[0, 1, 2, 3].map((shard) => `day#2026-11-22#${shard}`),
        ...[0, 1, 2, 3].map((shard) => `hours#2026-11-21#${shard}`),
      ].map((bucket) => ({ name: 'QueryCommand', table: rollupTable, bucket })),
    );
    send.mockRestore();
  });

  it('builds the rollups of report rows written before they existed, once', async () => {
    // Prepare
    const rows = [
      aggregate({ campaign_item_id: 5, period: '2026-11-22T10:15:00Z' }),
      aggregate({ campaign_item_id: 5, period: '2026-11-22T11:00:00Z', bids: 1, impressions: 1, clicks: 1 }),
      aggregate({ campaign_item_id: 9, period: '2026-11-23T00:00:00Z', bids: 2, impressions: 0, clicks: 0 }),
    ];
    for (const row of rows) await store.putReport(toReportItem(row, NOW()));
    const range = [at('2026-11-22T00:00:00Z'), at('2026-11-24T00:00:00Z')] as const;

    // Act
    const built = await rebuildRollupsOnce(client, reportTable, rollupTable, rollups);
    await client.send(
      new PutCommand({ TableName: reportTable, Item: toReportItem(aggregate({ campaign_item_id: 77 }), NOW()) }),
    );
    const again = await rebuildRollupsOnce(client, reportTable, rollupTable, rollups);

    // Assess
    expect(built).toBe(3);
    expect(again).toBe(0);
    expect(sorted(await rollups.totals(...range))).toStrictEqual(expectedTotals(rows, ...range));
  });
});
