import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataPrefix, manifestKey, partitionOf } from '../../../lambda/domain/lake/lake-layout.ts';
import { parseRetention } from '../../../lambda/domain/lifecycle/retention.ts';
import type { LakeChangeListener } from '../../../lambda/lake/lake-changes.ts';
import { readManifest } from '../../../lambda/lake/manifest.ts';
import { requestErasure } from '../../../lambda/lake/request-erasure.ts';
import { compactLake } from '../../../lambda/lake/run-compaction.ts';
import { ledgerChanges } from '../../../local/lake/delivery-ledger.ts';
import { describeLakeVerification, verifyLake } from '../../../local/lake/verify-lake.ts';
import { bidRows, deliverParquet } from '../../helpers/lake-fixtures.ts';
import { bidRecord, makeWriterLake, type WriterLake } from '../../helpers/lake-writer-fixtures.ts';

/*
 * `sdp lake verify` on lakes the writer delivered across New Year, then damaged the ways the old
 * writer and a crash could damage them: each damage is named, with its file, and nothing else is.
 */

const OLD_YEAR = partitionOf(Date.parse('2026-12-31T23:00:00Z'));
const NEW_YEAR = partitionOf(Date.parse('2027-01-01T00:00:00Z'));
const SECOND = Date.parse('2026-12-31T23:59:59.000Z');

let lake: WriterLake;

beforeEach(async () => {
  lake = await makeWriterLake();
  // Two flushes: one spans midnight (2 rows each side), the next is all new year's (4 rows).
  await lake.deliver([0, 1, 2, 3].map((i) => bidRecord(i, SECOND + i * 500)));
  await lake.deliver([0, 1, 2, 3, 4, 5, 6, 7].map((i) => bidRecord(i, SECOND + i * 500)));
});

afterEach(() => lake.dispose());

/** The delivered files of a kind in a partition, as the lake lists them. */
async function files(format: 'raw' | 'parquet', partition = NEW_YEAR): Promise<string[]> {
  return (await lake.store.list(dataPrefix(format, 'bcns', partition))).map((o) => o.key);
}

const problems = async () => (await verifyLake(lake.store)).problems;

describe('verifyLake', () => {
  it('finds nothing wrong with a lake the writer delivered across midnight, before and after compaction', async () => {
    // Act
    const delivered = await verifyLake(lake.store);
    await compactLake({
      store: lake.store,
      lookbackHours: 1,
      graceMs: 0,
      targetBytes: 1 << 26,
      partitions: [NEW_YEAR],
    });
    const compacted = await verifyLake(lake.store);

    // Assess
    expect(delivered).toStrictEqual({
      problems: [],
      notes: [],
      checked: { partitions: 2, manifestEntries: 3, rawFiles: 3, errorFiles: 0 },
    });
    expect(compacted).toStrictEqual({
      problems: [],
      notes: [],
      checked: { partitions: 2, manifestEntries: 2, rawFiles: 3, errorFiles: 0 },
    });
    expect(describeLakeVerification(compacted)).toBe(
      'Checked 2 partitions: 2 manifest entries, 3 raw files, 0 error files.\nNo problems found.',
    );
  });

  it('names a manifest entry whose file is gone, and the rows the partition lost', async () => {
    // Prepare
    const [gone] = await files('parquet');
    await rm(lake.store.uri(gone as string));

    // Act
    const found = await problems();

    // Assess
    expect(found).toStrictEqual([
      {
        table: 'parquet_bcns',
        partition: 'dt=2027-01-01/hr=00',
        message: `the manifest lists ${gone}, which does not exist`,
      },
      {
        table: 'parquet_bcns',
        partition: 'dt=2027-01-01/hr=00',
        message: "the manifest's files hold 4 rows; the writers delivered 6",
      },
    ]);
  });

  it('names a Parquet file that cannot be read', async () => {
    // Prepare
    const [broken] = await files('parquet', OLD_YEAR);
    await writeFile(lake.store.uri(broken as string), 'PAR1 not really');

    // Act
    const found = await problems();

    // Assess
    expect(found.map((p) => p.message)).toStrictEqual([
      expect.stringMatching(new RegExp(`^${broken} cannot be read: .+`)),
      "the manifest's files hold 0 rows; the writers delivered 2",
    ]);
  });

  it('names a data file no manifest lists and a raw file the writers did not deliver', async () => {
    // Prepare
    const [parquet] = await files('parquet');
    const [raw] = await files('raw');
    const strayParquet = `${dataPrefix('parquet', 'bcns', NEW_YEAR)}stray.parquet`;
    const strayRaw = `${dataPrefix('raw', 'bcns', NEW_YEAR)}stray.json.gz`;
    await copyFile(lake.store.uri(parquet as string), lake.store.uri(strayParquet));
    await copyFile(lake.store.uri(raw as string), lake.store.uri(strayRaw));

    // Act
    const found = await problems();

    // Assess
    expect(found).toStrictEqual([
      {
        table: 'raw_bcns',
        partition: 'dt=2027-01-01/hr=00',
        message: `${strayRaw} is not a file the writers delivered`,
      },
      {
        table: 'parquet_bcns',
        partition: 'dt=2027-01-01/hr=00',
        message: `${strayParquet} is in no manifest: parquet_bcns does not read it`,
      },
    ]);
  });

  it('names rows filed under an hour before they were received, as the old writer filed them', async () => {
    // Prepare: the new year's first raw file (received 23:59:59.995 and 00:00:00.495) moved under the
    // old year, where the old writer put it
    const [moved] = await files('raw');
    const misfiled = (moved as string).replace(
      `dt=${NEW_YEAR.dt}/hr=${NEW_YEAR.hr}`,
      `dt=${OLD_YEAR.dt}/hr=${OLD_YEAR.hr}`,
    );
    await mkdir(dirname(lake.store.uri(misfiled)), { recursive: true });
    await rename(lake.store.uri(moved as string), lake.store.uri(misfiled));

    // Act
    const found = await problems();

    // Assess
    expect(found).toStrictEqual([
      {
        table: 'raw_bcns',
        partition: 'dt=2026-12-31/hr=23',
        message: `${misfiled} is not a file the writers delivered`,
      },
      {
        table: 'raw_bcns',
        partition: 'dt=2026-12-31/hr=23',
        message: `${misfiled} holds 1 row received after the partition's hour`,
      },
      { table: 'raw_bcns', partition: 'dt=2027-01-01/hr=00', message: `${moved} (2 rows) is missing` },
    ]);
  });

  it('names a raw file whose bytes are not those the writer recorded', async () => {
    // Prepare
    const [raw] = await files('raw', OLD_YEAR);
    await writeFile(
      lake.store.uri(raw as string),
      Buffer.concat([await readFile(lake.store.uri(raw as string)), Buffer.from('x')]),
    );

    // Act
    const found = await problems();

    // Assess
    expect(found[0]).toStrictEqual({
      table: 'raw_bcns',
      partition: 'dt=2026-12-31/hr=23',
      message: expect.stringMatching(new RegExp(`^${raw} has \\d+ bytes; the writer recorded \\d+$`)),
    });
  });

  it('checks a lake from before the ledger for what it can, and says what it could not', async () => {
    // Prepare
    const legacy = await makeWriterLake();
    const rows = bidRows(0, 3);
    const partition = partitionOf(rows[0]?.timestamp as number);
    await deliverParquet(legacy.store, 'old', rows, partition);

    // Act
    const verification = await verifyLake(legacy.store);
    await legacy.dispose();

    // Assess
    expect(verification).toStrictEqual({
      problems: [],
      notes: [
        `bcns dt=${partition.dt}/hr=${partition.hr}: no delivery ledger (written before the writers recorded their files); row counts not checked`,
      ],
      checked: { partitions: 1, manifestEntries: 1, rawFiles: 0, errorFiles: 0 },
    });
    expect((await readManifest(lake.store, manifestKey('bcns', NEW_YEAR))).keys).toHaveLength(2);
  });
});

describe('verifyLake after the lake’s own maintenance', () => {
  const ERASED = 'erased-user-5e1f';
  const REQUESTED_AT = Date.parse('2027-01-01T00:30:00Z');
  const erasedBid = (index: number, arrival: number) =>
    bidRecord(
      index,
      arrival,
      JSON.stringify({
        tx_id: `tx-${index}`,
        campaign_item_id: 7,
        app_uid: ERASED,
        type: 'bid',
        timestamp: arrival - 5,
      }),
    );

  /** A third flush with the erased user's bids, readable and not, then an erasure run with `onChange` or without. */
  async function erase(onChange?: LakeChangeListener) {
    await lake.deliver([
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => bidRecord(i, SECOND + i * 500)),
      erasedBid(8, SECOND + 8 * 500),
      bidRecord(9, SECOND + 9 * 500),
      erasedBid(10, SECOND + 10 * 500),
      bidRecord(11, SECOND + 11 * 500, `{"app_uid":"${ERASED}","tx_id":"tx-11"`),
    ]);
    await requestErasure({
      store: lake.store,
      appUids: [ERASED],
      now: REQUESTED_AT,
      streamRetentionHours: 24,
      deliveryMs: 0,
    });
    const options = { store: lake.store, lookbackHours: 1, graceMs: 0, targetBytes: 1 << 26, partitions: [] };
    return compactLake({ ...options, now: () => REQUESTED_AT + 60_000, onChange });
  }

  it('finds nothing wrong after an erasure rewrote raw, error and Parquet files, the ledger told of each change', async () => {
    // Act
    const run = await erase(ledgerChanges(lake.store));

    // Assess: 2 bids of each copy and the unreadable record erased; every other row checked.
    expect(run.ran && run.erasures[0]?.rows).toStrictEqual({ raw_bcns: 2, parquet_bcns: 2, errors_bcns: 1 });
    expect(await verifyLake(lake.store)).toStrictEqual({
      problems: [],
      notes: [],
      checked: { partitions: 2, manifestEntries: 4, rawFiles: 4, errorFiles: 1 },
    });
  });

  it('names the files an erasure changed when the ledger was not told (the check can fail)', async () => {
    // Act
    await erase();

    // Assess
    const found = (await problems()).map(
      (p) => `${p.table}: ${p.message.replace(/\S+\/bcns-\d+-[0-9a-f]{8}-/g, 'bcns-<flush>-')}`,
    );
    expect(found).toStrictEqual([
      "parquet_bcns: the manifest's files hold 7 rows; the writers delivered 9",
      'raw_bcns: bcns-<flush>-2027010100.json.gz has 101 bytes; the writer recorded 139',
      // The error record holds the time it was refused, so its gzip size varies by a byte or two.
      expect.stringMatching(
        /^errors\/parquet\/bcns: bcns-<flush>-2027010100\.json\.gz has 20 bytes; the writer recorded 3\d\d$/,
      ),
      'raw_bcns: bcns-<flush>-2027010100.json.gz holds 1 row; the writer recorded 3',
    ]);
  });

  it('finds nothing wrong after retention removed the raw hours, the ledger told of it', async () => {
    // Act
    await compactLake({
      store: lake.store,
      lookbackHours: 1,
      graceMs: 0,
      targetBytes: 1 << 26,
      partitions: [],
      now: () => Date.parse('2027-01-09T00:00:00Z'),
      retention: parseRetention('raw=7', 'SDP_RETENTION_DAYS'),
      onChange: ledgerChanges(lake.store),
    });

    // Assess
    expect(await files('raw')).toStrictEqual([]);
    expect(await verifyLake(lake.store)).toStrictEqual({
      problems: [],
      notes: [],
      checked: { partitions: 2, manifestEntries: 3, rawFiles: 0, errorFiles: 0 },
    });
  });
});
