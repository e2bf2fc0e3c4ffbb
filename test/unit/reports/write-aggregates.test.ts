import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCampaignRollups, type ICampaignRollups } from '../../../lambda/adapters/campaign-rollups.ts';
import { DynamoDbReportStore, type IReportStore, type PutOutcome } from '../../../lambda/adapters/report-store.ts';
import type { Aggregate } from '../../../lambda/domain/aggregation/aggregation-records.ts';
import type { ReportItem } from '../../../lambda/domain/reports/report-item.ts';
import { createWriteAggregatesHandler } from '../../../lambda/reports/write-aggregates.ts';
import { ensureReportTable, ensureRollupTable } from '../../../local/dynamodb/dynamodb-client.ts';
import { aggregate, kinesisEvent, sequenceNumber } from '../../helpers/aggregate-records.ts';
import { useDynalite } from '../../helpers/dynalite.ts';
import { recordingLog, recordingMetrics } from '../../helpers/recording-ops.ts';

/*
 * The reports writer against a real DynamoDB API (dynalite on a temporary folder) for what the
 * conditional write must guarantee, and against a fake store for partial batch failures.
 */

const FIRST_WRITE = new Date(Date.UTC(2026, 10, 22, 10, 15, 14));
const SECOND_WRITE = new Date(Date.UTC(2026, 10, 22, 10, 20, 0));

const row = (value: Aggregate, at: Date): ReportItem => ({ ...value, updated_at: at.toISOString() });
const NO_FAILURES = { batchItemFailures: [] };

describe('write-aggregates on DynamoDB', () => {
  const dynalite = useDynalite();
  let client: DynamoDBDocumentClient;
  let store: DynamoDbReportStore;
  let rollups: DynamoDbCampaignRollups;
  let table: string;
  let rollupTable: string;
  let tables = 0;

  beforeAll(() => {
    client = dynalite.client();
  });

  // A fresh table per test: deleting one between tests races with creating the next.
  beforeEach(async () => {
    table = `reports-${++tables}`;
    rollupTable = `rollups-${tables}`;
    await Promise.all([ensureReportTable(client, table), ensureRollupTable(client, rollupTable)]);
    store = new DynamoDbReportStore(client, table);
    rollups = new DynamoDbCampaignRollups(client, rollupTable, store);
  });

  /** Every row of the table (a test may scan; the API never does), by campaign then period. */
  async function tableContent(): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: table }));
    return Items.sort(
      (a, b) => Number(a.campaign_item_id) - Number(b.campaign_item_id) || String(a.period).localeCompare(b.period),
    );
  }

  it('writes each aggregate of a batch as a row stamped with the write time', async () => {
    // Prepare
    const a = aggregate();
    const b = aggregate({ period: '2026-11-22T10:15:10Z', bids: 3, impressions: 1, clicks: 0, spend: 800_000 });
    const c = aggregate({ campaign_item_id: 7, bids: 1, impressions: 0, clicks: 0, spend: 0 });
    const handler = createWriteAggregatesHandler(store, rollups, () => FIRST_WRITE);

    // Act
    const response = await handler(kinesisEvent([{ data: a }, { data: b }, { data: c }]));

    // Assess
    expect(response).toStrictEqual(NO_FAILURES);
    expect(await tableContent()).toStrictEqual([row(c, FIRST_WRITE), row(a, FIRST_WRITE), row(b, FIRST_WRITE)]);
  });

  it('leaves the table identical when the same batch is delivered twice', async () => {
    // Prepare
    const event = kinesisEvent([
      { data: aggregate() },
      { data: aggregate({ campaign_item_id: 7, bids: 4, impressions: 2, clicks: 1, spend: 1_000_000 }) },
    ]);
    await createWriteAggregatesHandler(store, rollups, () => FIRST_WRITE)(event);
    const before = await tableContent();

    // Act
    const response = await createWriteAggregatesHandler(store, rollups, () => SECOND_WRITE)(event);

    // Assess
    expect(response).toStrictEqual(NO_FAILURES);
    expect(await tableContent()).toStrictEqual(before);
    expect(before).toHaveLength(2);
  });

  it('keeps the newer row when an older version arrives after it (v3 then v2)', async () => {
    // Prepare
    const v3 = aggregate({ bids: 2, impressions: 1, clicks: 0 });
    const v2 = aggregate({ bids: 2, impressions: 0, clicks: 0 });
    await createWriteAggregatesHandler(store, rollups, () => FIRST_WRITE)(kinesisEvent([{ data: v3 }]));

    // Act
    const response = await createWriteAggregatesHandler(
      store,
      rollups,
      () => SECOND_WRITE,
    )(kinesisEvent([{ data: v2 }]));

    // Assess
    expect(response).toStrictEqual(NO_FAILURES);
    expect(await tableContent()).toStrictEqual([row(v3, FIRST_WRITE)]);
  });

  it('replaces a row with a newer version of it', async () => {
    // Prepare
    const v2 = aggregate({ bids: 2, impressions: 0, clicks: 0 });
    const v3 = aggregate({ bids: 2, impressions: 1, clicks: 0 });
    await createWriteAggregatesHandler(store, rollups, () => FIRST_WRITE)(kinesisEvent([{ data: v2 }]));

    // Act
    const response = await createWriteAggregatesHandler(
      store,
      rollups,
      () => SECOND_WRITE,
    )(kinesisEvent([{ data: v3 }]));

    // Assess
    expect(response).toStrictEqual(NO_FAILURES);
    expect(await tableContent()).toStrictEqual([row(v3, SECOND_WRITE)]);
  });

  it('writes only the newest of several versions of one row in a batch, whatever their order', async () => {
    // Prepare
    const v1 = aggregate({ bids: 1, impressions: 0, clicks: 0, spend: 0 });
    const v4 = aggregate({ bids: 2, impressions: 1, clicks: 1, spend: 700_000 });
    const v2 = aggregate({ bids: 2, impressions: 0, clicks: 0, spend: 0 });
    const other = aggregate({ campaign_item_id: 7, bids: 1, impressions: 0, clicks: 0, spend: 0 });
    const puts: number[] = [];
    const spy: IReportStore = {
      putReport: (item) => {
        puts.push(item.version);
        return store.putReport(item);
      },
      queryPeriods: (...args) => store.queryPeriods(...args),
    };

    // Act
    const response = await createWriteAggregatesHandler(
      spy,
      rollups,
      () => FIRST_WRITE,
    )(kinesisEvent([{ data: v1 }, { data: v4 }, { data: other }, { data: v2 }]));

    // Assess
    expect(response).toStrictEqual(NO_FAILURES);
    expect(puts.sort()).toStrictEqual([1, 4]);
    expect(await tableContent()).toStrictEqual([row(other, FIRST_WRITE), row(v4, FIRST_WRITE)]);
  });

  it('skips records that are not aggregates, logs them, and applies the rest of the batch', async () => {
    // Prepare
    const a = aggregate();
    const b = aggregate({ campaign_item_id: 7 });
    const inconsistent = JSON.stringify({ ...aggregate({ campaign_item_id: 8 }), version: 1 });
    const logger = recordingLog();
    const metrics = recordingMetrics();

    // Act
    const response = await createWriteAggregatesHandler(store, rollups, () => FIRST_WRITE, { logger, metrics })(
      kinesisEvent([{ data: a }, { data: 'not json' }, { data: inconsistent }, { data: b }]),
    );

    // Assess
    expect(response).toStrictEqual(NO_FAILURES);
    expect(await tableContent()).toStrictEqual([row(b, FIRST_WRITE), row(a, FIRST_WRITE)]);
    expect(logger.calls).toStrictEqual([
      ['warn', 'Skipping a record that is not an aggregate', { sequenceNumber: sequenceNumber(2), data: 'not json' }],
      ['warn', 'Skipping a record that is not an aggregate', { sequenceNumber: sequenceNumber(3), data: inconsistent }],
    ]);
    expect(metrics.totals()).toStrictEqual({
      ReportRowsWritten: 2,
      ReportStaleWrites: 0,
      ReportRecordsSkipped: 2,
      ReportWriteErrors: 0,
    });
  });

  it('counts rows written and stale writes skipped per batch', async () => {
    // Prepare
    const v1 = aggregate({ bids: 1, impressions: 0, clicks: 0, spend: 0 });
    const v2 = aggregate({ bids: 2, impressions: 0, clicks: 0, spend: 0 });
    const other = aggregate({ campaign_item_id: 7 });
    const first = recordingMetrics();
    const second = recordingMetrics();
    const logger = recordingLog();
    await createWriteAggregatesHandler(store, rollups, () => FIRST_WRITE, { logger, metrics: first })(
      kinesisEvent([{ data: v2 }, { data: other }]),
    );

    // Act: a replay of v1 (older) and other (equal) changes nothing
    await createWriteAggregatesHandler(store, rollups, () => SECOND_WRITE, { logger, metrics: second })(
      kinesisEvent([{ data: v1 }, { data: other }]),
    );

    // Assess
    expect(first.totals()).toStrictEqual({
      ReportRowsWritten: 2,
      ReportStaleWrites: 0,
      ReportRecordsSkipped: 0,
      ReportWriteErrors: 0,
    });
    expect(second.totals()).toStrictEqual({
      ReportRowsWritten: 0,
      ReportStaleWrites: 2,
      ReportRecordsSkipped: 0,
      ReportWriteErrors: 0,
    });
    expect(logger.calls).toStrictEqual([]);
  });
});

describe('write-aggregates with a failing store', () => {
  /**
   * A store that keeps rows in memory and fails the writes `fail` picks: `'throw'` throws
   * synchronously, `'reject'` returns a rejected promise.
   */
  function fakeStore(fail: (item: ReportItem) => 'throw' | 'reject' | undefined) {
    const written: ReportItem[] = [];
    const store: IReportStore = {
      putReport: (item): Promise<PutOutcome> => {
        const failure = fail(item);
        if (failure === 'throw') throw new Error(`write of ${item.campaign_item_id} threw`);
        if (failure === 'reject') return Promise.reject(new Error(`write of ${item.campaign_item_id} failed`));
        written.push(item);
        return Promise.resolve('applied');
      },
      queryPeriods: () => Promise.reject(new Error('the writer never reads')),
    };
    return { store, written };
  }

  /** Rollups that accept every refresh: these tests are about the report writes. */
  const NO_ROLLUPS: ICampaignRollups = {
    refreshHour: () => Promise.resolve(),
    totals: () => Promise.reject(new Error('the writer never lists')),
  };

  const byCampaign =
    (...campaigns: number[]) =>
    (item: ReportItem) =>
      campaigns.includes(item.campaign_item_id) ? ('reject' as const) : undefined;

  let logger: ReturnType<typeof recordingLog>;
  let metrics: ReturnType<typeof recordingMetrics>;
  let ops: { logger: ReturnType<typeof recordingLog>; metrics: ReturnType<typeof recordingMetrics> };
  beforeEach(() => {
    logger = recordingLog();
    metrics = recordingMetrics();
    ops = { logger, metrics };
  });

  it('reports the sequence number of the only failed write', async () => {
    // Prepare
    const { store, written } = fakeStore(byCampaign(2));
    const handler = createWriteAggregatesHandler(store, NO_ROLLUPS, () => FIRST_WRITE, ops);

    // Act
    const response = await handler(
      kinesisEvent([1, 2, 3].map((campaign) => ({ data: aggregate({ campaign_item_id: campaign }) }))),
    );

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }] });
    expect(written.map((item) => item.campaign_item_id).sort()).toStrictEqual([1, 3]);
    expect(logger.calls).toStrictEqual([['error', 'Report write failed', new Error('write of 2 failed')]]);
    expect(metrics.totals()).toStrictEqual({
      ReportRowsWritten: 2,
      ReportStaleWrites: 0,
      ReportRecordsSkipped: 0,
      ReportWriteErrors: 1,
    });
  });

  it.each([
    {
      name: 'shorter numbers first, though they sort after longer ones as text',
      sequenceNumbers: ['100000', '99999', '1000000'],
      failing: [1, 2],
      earliest: '99999',
    },
    {
      name: 'the numerically smallest among real-length numbers',
      sequenceNumbers: [
        '49590338271490256608559692538361571095921575989136588898',
        '4959033827149025660855969253836157109592157598913658889',
        '49590338271490256608559692540785384053220826153631596546',
      ],
      failing: [1, 2],
      earliest: '4959033827149025660855969253836157109592157598913658889',
    },
    {
      name: 'the earlier of two failures of equal length',
      sequenceNumbers: [
        '49590338271490256608559692538361571095921575989136588898',
        sequenceNumber(7),
        sequenceNumber(3),
      ],
      failing: [2, 3],
      earliest: sequenceNumber(3),
    },
  ])('reports the earliest failed sequence number: $name', async ({ sequenceNumbers, failing, earliest }) => {
    // Prepare
    const { store, written } = fakeStore(byCampaign(...failing));
    const handler = createWriteAggregatesHandler(store, NO_ROLLUPS, () => FIRST_WRITE, ops);
    const event = kinesisEvent(
      sequenceNumbers.map((seq, i) => ({ data: aggregate({ campaign_item_id: i + 1 }), sequenceNumber: seq })),
    );

    // Act
    const response = await handler(event);

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: earliest }] });
    expect(written.map((item) => item.campaign_item_id)).toStrictEqual(
      [1, 2, 3].filter((campaign) => !failing.includes(campaign)),
    );
  });

  it('writes every other row when one write throws and another rejects', async () => {
    // Prepare
    const { store, written } = fakeStore((item) =>
      item.campaign_item_id === 2 ? 'throw' : item.campaign_item_id === 4 ? 'reject' : undefined,
    );
    const handler = createWriteAggregatesHandler(store, NO_ROLLUPS, () => FIRST_WRITE, ops);
    const aggregates = [1, 2, 3, 4, 5].map((campaign) => aggregate({ campaign_item_id: campaign }));

    // Act
    const response = await handler(kinesisEvent(aggregates.map((data) => ({ data }))));

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }] });
    expect(written).toStrictEqual(
      [aggregates[0], aggregates[2], aggregates[4]].map((a) => row(a as Aggregate, FIRST_WRITE)),
    );
    expect(logger.calls.map(([level, message]) => [level, message])).toStrictEqual([
      ['error', 'Report write failed'],
      ['error', 'Report write failed'],
    ]);
  });

  it('reports the record of the newest version when writing a row with several versions fails', async () => {
    // Prepare
    const { store } = fakeStore(byCampaign(1));
    const handler = createWriteAggregatesHandler(store, NO_ROLLUPS, () => FIRST_WRITE, ops);

    // Act
    const response = await handler(
      kinesisEvent([
        { data: aggregate({ campaign_item_id: 1, bids: 1, impressions: 0, clicks: 0 }) },
        { data: aggregate({ campaign_item_id: 2 }) },
        { data: aggregate({ campaign_item_id: 1, bids: 3, impressions: 1, clicks: 0 }) },
        { data: aggregate({ campaign_item_id: 1, bids: 2, impressions: 0, clicks: 0 }) },
      ]),
    );

    // Assess
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(3) }] });
  });

  it('reports no failures for a batch of only poison records', async () => {
    // Prepare
    const { store, written } = fakeStore(() => 'reject');
    const handler = createWriteAggregatesHandler(store, NO_ROLLUPS, () => FIRST_WRITE, ops);

    // Act
    const response = await handler(kinesisEvent([{ data: '{}' }, { data: '' }]));

    // Assess
    expect(response).toStrictEqual(NO_FAILURES);
    expect(written).toStrictEqual([]);
    expect(logger.calls.map(([level]) => level)).toStrictEqual(['warn', 'warn']);
  });
});
