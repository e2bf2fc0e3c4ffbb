import { describe, expect, it } from 'vitest';
import { partitionStart } from '../../../lambda/domain/lake/lake-layout.ts';
import { LAKE_TABLES } from '../../../lambda/domain/lake/lake-tables.ts';
import { listErasures, readAudit } from '../../../lambda/lake/erasure-store.ts';
import { requestErasure } from '../../../lambda/lake/request-erasure.ts';
import { compactLake } from '../../../lambda/lake/run-compaction.ts';
import { sweepErasures } from '../../../lambda/lake/sweep-erasures.ts';
import type { FileObjectStore } from '../../../local/lake/file-object-store.ts';
import { filesContaining } from '../../helpers/byte-scan.ts';
import {
  buildLake,
  deliver,
  ERASED,
  funnelRows,
  HOURS,
  keptRows,
  type LakeRows,
  tableRows,
} from '../../helpers/erasure-fixtures.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

const HOUR = 3_600_000;
/** The request comes an hour after the second fixture hour. */
const REQUESTED_AT = partitionStart(HOURS[1] as (typeof HOURS)[number]) + 2 * HOUR;

async function request(store: FileObjectStore, now = REQUESTED_AT, retentionHours = 24) {
  return requestErasure({ store, appUids: [ERASED], now, streamRetentionHours: retentionHours, deliveryMs: 0 });
}

/** Every table's rows, keyed by table name. */
function snapshot(store: FileObjectStore): Promise<Record<string, string[]>> {
  return tableRows(
    store,
    LAKE_TABLES.map((table) => table.name),
  );
}

/** What each table must hold after the erasure: its rows before, without the erased user's transactions. */
function expectedAfter(before: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(before).map(([table, rows]) => [
      table,
      keptRows(rows.map((row) => JSON.parse(row)))
        .map((row) => JSON.stringify(row))
        .sort(),
    ]),
  );
}

// Each test builds a lake of 32 Parquet files and reads it back, a DuckDB session per file.
describe('sweepErasures', { timeout: 30_000 }, () => {
  it('erases every row of the user’s transactions from raw and Parquet, compacted or not, and keeps every other row', async () => {
    // Prepare
    const store = await makeLake();
    const delivered = await buildLake(store);
    const before = await snapshot(store);
    const erasure = await request(store);

    // Act
    const sweeps = await sweepErasures({ store, now: () => REQUESTED_AT + 1000, graceMs: 0 });

    // Assess
    const per = (rows: LakeRows[keyof LakeRows]) => rows.length - keptRows(rows).length;
    const expectedRows = {
      raw_bcns: per(delivered.bcns),
      raw_impressions: per(delivered.impressions),
      raw_clicks: per(delivered.clicks),
      parquet_bcns: per(delivered.bcns),
      parquet_impressions: per(delivered.impressions),
      parquet_clicks: per(delivered.clicks),
      errors_bcns: 1,
    };
    expect(expectedRows).toStrictEqual({
      raw_bcns: 36,
      raw_impressions: 12,
      raw_clicks: 8,
      parquet_bcns: 36,
      parquet_impressions: 12,
      parquet_clicks: 8,
      errors_bcns: 1,
    });
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0]).toMatchObject({ id: erasure.id, finished: true, completed: false, rows: expectedRows });
    expect(await snapshot(store)).toStrictEqual(expectedAfter(before));
    expect((await snapshot(store)).raw_aggregates).toHaveLength(4);
    const [pending] = await listErasures(store);
    expect(pending?.txIds).toHaveLength(16);
    expect(pending?.swept).toStrictEqual({
      startedAt: REQUESTED_AT + 1000,
      finishedAt: REQUESTED_AT + 1000,
      txIds: 16,
    });
  });

  it('leaves no byte of the id in the lake once the retired files are deleted after the grace period', async () => {
    // Prepare
    const store = await makeLake();
    await buildLake(store);
    const holding = await filesContaining(store.root, ERASED);
    await request(store);
    const run = () =>
      compactLake({ store, lookbackHours: 1, graceMs: 0, targetBytes: 1, partitions: [], now: () => REQUESTED_AT });

    // Act
    await run();
    const afterSweep = await filesContaining(store.root, ERASED);
    await run();

    // Assess
    // Raw: 2 deliveries × 3 streams × 2 hours, and the malformed record; Parquet: the first hour's 3
    // compacted files (and the 6 they replaced, not deleted yet), the second hour's 6 delivered files.
    expect(holding).toHaveLength(28);
    expect(afterSweep).toHaveLength(9);
    expect(afterSweep.every((file) => file.startsWith('parquet/'))).toBe(true);
    expect(await filesContaining(store.root, ERASED)).toStrictEqual([]);
  });

  it('keeps what the user sent after the request', async () => {
    // Prepare
    const store = await makeLake();
    await buildLake(store);
    const later = { dt: '2027-01-01', hr: '05' };
    const sentLater = funnelRows(later);
    await deliver(store, later, 'after-request', sentLater);
    await request(store);

    // Act
    await sweepErasures({ store, now: () => REQUESTED_AT + 1000, graceMs: 0 });

    // Assess
    const bids = (await tableRows(store, ['parquet_bcns'])).parquet_bcns?.map((row) => JSON.parse(row));
    const erasedBids = bids?.filter((row) => row.app_uid === ERASED && row.type === 'bid');
    expect(erasedBids?.map((row) => row.tx_id).sort()).toStrictEqual(
      sentLater.bcns.filter((row) => row.app_uid === ERASED).map((row) => row.tx_id),
    );
    expect(bids?.filter((row) => String(row.tx_id).startsWith('2027-01-01T05-e-'))).toHaveLength(9);
  });

  it('erases records produced before the request that arrive after it, wherever their transaction is', async () => {
    // Prepare
    const store = await makeLake();
    await buildLake(store);
    await request(store);
    await sweepErasures({ store, now: () => REQUESTED_AT + 1000, graceMs: 0 });
    // A bid received before the request reaches the lake after it (stream backlog), while its
    // impression, received first, sits in an hour the first sweep has already cleaned.
    const lateBid = {
      tx_id: 'late-1',
      campaign_item_id: 1001,
      app_uid: ERASED,
      type: 'bid',
      timestamp: REQUESTED_AT - 5000,
    };
    const earlyImpression = { tx_id: 'late-1', win_price: 10, type: 'imp', timestamp: REQUESTED_AT - 6000 };
    const arrival = { dt: '2027-01-01', hr: '02' };
    await deliver(store, arrival, 'late', { bcns: [lateBid], impressions: [], clicks: [], aggregates: [] });
    await deliver(store, HOURS[1] as (typeof HOURS)[number], 'early', {
      bcns: [earlyImpression],
      impressions: [],
      clicks: [],
      aggregates: [],
    });
    const others = await tableRows(store, ['raw_bcns', 'parquet_bcns']);

    // Act
    const result = await compactLake({
      store,
      now: () => REQUESTED_AT + HOUR,
      lookbackHours: 1,
      graceMs: 0,
      targetBytes: 1,
      partitions: [],
    });

    // Assess
    expect(result).toMatchObject({ ran: true, erasures: [{ finished: true, rows: { raw_bcns: 2, parquet_bcns: 2 } }] });
    const after = await tableRows(store, ['raw_bcns', 'parquet_bcns']);
    for (const table of ['raw_bcns', 'parquet_bcns']) {
      expect(after[table]).toStrictEqual(others[table]?.filter((row) => !row.includes('late-1')));
      expect(after[table]?.some((row) => row.includes(ERASED))).toBe(false);
    }
    expect((await listErasures(store))[0]?.txIds).toHaveLength(17);
  });

  it('stays pending until records sent before the request can no longer arrive, then completes with an audit log', async () => {
    // Prepare
    const store = await makeLake();
    await buildLake(store);
    const erasure = await request(store, REQUESTED_AT, 1);

    // Act
    const first = await sweepErasures({ store, now: () => REQUESTED_AT + 1000, graceMs: 60_000 });
    const pending = await listErasures(store);
    const last = await sweepErasures({ store, now: () => REQUESTED_AT + HOUR, graceMs: 60_000 });

    // Assess
    expect(first).toMatchObject([{ id: erasure.id, finished: true, completed: false }]);
    expect(pending.map((e) => e.id)).toStrictEqual([erasure.id]);
    expect(last).toStrictEqual([{ id: erasure.id, finished: true, completed: true, rows: {}, files: [] }]);
    expect(await listErasures(store)).toStrictEqual([]);
    const audit = await readAudit(store, erasure.id);
    expect(audit.map((entry) => [entry.event, entry.at])).toStrictEqual([
      ['requested', new Date(REQUESTED_AT).toISOString()],
      ['swept', new Date(REQUESTED_AT + 1000).toISOString()],
      ['completed', new Date(REQUESTED_AT + HOUR).toISOString()],
    ]);
    expect(audit[1]).toMatchObject({
      app_uid_hashes: erasure.appUids,
      transactions: 16,
      rows: { raw_bcns: 36, parquet_bcns: 36, raw_impressions: 12, parquet_impressions: 12 },
      retired_files_deleted_after: new Date(REQUESTED_AT + 1000 + 60_000).toISOString(),
    });
    expect(audit[1]?.files_rewritten).toHaveLength(22);
    expect(JSON.stringify(audit)).not.toContain(ERASED);
    expect(await filesContaining(store.root, ERASED, [store.uri('parquet')])).toStrictEqual([]);
  });

  it('stops at its deadline and the next run goes on where it stopped, with the same result', async () => {
    // Prepare
    const store = await makeLake();
    await buildLake(store);
    const before = await snapshot(store);
    await request(store);
    let clock = REQUESTED_AT;
    const now = () => clock++;

    // Act
    const runs = [];
    for (let run = 0; run < 100; run++) {
      const [sweep] = await sweepErasures({ store, now, graceMs: 0, deadline: clock + 5 });
      runs.push(sweep);
      if (sweep?.finished) break;
    }

    // Assess
    expect(runs.length).toBeGreaterThan(3);
    expect(runs.slice(0, -1).every((sweep) => sweep?.finished === false)).toBe(true);
    expect(runs.at(-1)).toMatchObject({ finished: true, rows: { raw_bcns: 36, parquet_bcns: 36, errors_bcns: 1 } });
    expect(await snapshot(store)).toStrictEqual(expectedAfter(before));
  });
});
