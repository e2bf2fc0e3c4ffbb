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
});
