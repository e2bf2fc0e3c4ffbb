import { describe, expect, it } from 'vitest';
import { dataPrefix, manifestKey, partitionStart } from '../../../lambda/domain/lake/lake-layout.ts';
import { parseRetention } from '../../../lambda/domain/lifecycle/retention.ts';
import { compactLake } from '../../../lambda/lake/run-compaction.ts';
import { deliver, deliverError, funnelRows, HOURS, tableRows } from '../../helpers/erasure-fixtures.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

const [OLD, NEW] = HOURS as [(typeof HOURS)[number], (typeof HOURS)[number]];

describe('compactLake with a retention', { timeout: 30_000 }, () => {
  it('removes the hours past each table’s days, Parquet through the grace period, and keeps the rest', async () => {
    // Prepare: the old hour is 3 days and a bit old when the run happens, the new one 2 days and a bit.
    const store = await makeLake();
    for (const hour of HOURS) await deliver(store, hour, 'd', funnelRows(hour));
    await deliverError(store, OLD, '{"broken"');
    const now = partitionStart(NEW) + 3 * 86_400_000 + 1;
    const retention = parseRetention('raw=3,parquet_bcns=3,errors=3', 'test');
    const run = () =>
      compactLake({
        store,
        now: () => now,
        lookbackHours: 1,
        graceMs: 60_000,
        targetBytes: 1,
        partitions: [],
        retention,
      });

    // Act
    const first = await run();
    const tables = await tableRows(store, ['raw_bcns', 'parquet_bcns', 'parquet_clicks']);
    const second = await compactLake({
      store,
      now: () => now + 60_000,
      lookbackHours: 1,
      graceMs: 60_000,
      targetBytes: 1,
      partitions: [],
      retention,
    });

    // Assess
    expect(first).toMatchObject({
      ran: true,
      deleted: 0,
      expired: [
        { table: 'raw_bcns', partitions: 1, files: 1 },
        { table: 'parquet_bcns', partitions: 1, files: 1 },
        { table: 'raw_impressions', partitions: 1, files: 1 },
        { table: 'raw_clicks', partitions: 1, files: 1 },
        { table: 'raw_aggregates', partitions: 1, files: 1 },
        { table: 'errors', partitions: 1, files: 1 },
      ],
    });
    const hourOf = (row: string) => String(JSON.parse(row).tx_id).slice(0, 13);
    expect(new Set(tables.raw_bcns?.map(hourOf))).toStrictEqual(new Set(['2027-01-01T00']));
    expect(new Set(tables.parquet_bcns?.map(hourOf))).toStrictEqual(new Set(['2027-01-01T00']));
    expect(new Set(tables.parquet_clicks?.map(hourOf))).toStrictEqual(new Set(['2026-12-31T23', '2027-01-01T00']));
    expect(await store.getText(manifestKey('bcns', OLD))).toBeUndefined();
    expect(second).toMatchObject({ ran: true, deleted: 1, expired: [] });
    expect(await store.list(dataPrefix('parquet', 'bcns', OLD))).toStrictEqual([]);
    expect((await store.list(dataPrefix('parquet', 'bcns', NEW))).length).toBe(1);
  });
});
