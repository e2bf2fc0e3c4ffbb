import { mkdir, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { _Record } from '@aws-sdk/client-kinesis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataPrefix, manifestKey, partitionOf } from '../../../lambda/domain/lake/lake-layout.ts';
import { readManifest } from '../../../lambda/lake/manifest.ts';
import { ledgerKey, readDeliveries } from '../../../local/lake/delivery-ledger.ts';
import type { FileObjectStore } from '../../../local/lake/file-object-store.ts';
import { UnpublishedFileError } from '../../../local/lake/stream-lake-writer.ts';
import { bidRecord, makeWriterLake, type WriterLake } from '../../helpers/lake-writer-fixtures.ts';

/*
 * The lake writer against a stream whose arrival times the test chooses (kinesalite stamps its own
 * clock; the e2e tests run it under libfaketime). One flush holds records of two hours, days or
 * years: each must land once, in the partition of its arrival hour, in raw_* and parquet_* alike.
 */

let lake: WriterLake;
let store: FileObjectStore;
let stateDir: string;

beforeEach(async () => {
  lake = await makeWriterLake();
  ({ store, stateDir } = lake);
});

afterEach(() => lake.dispose());

const writerOn = (records: readonly _Record[]) => lake.writer(records);
const drain = (records: readonly _Record[]) => lake.deliver(records);
const bid = bidRecord;

/** Each partition of a table with its rows' tx_ids, sorted. */
async function rowsBy(table: string): Promise<{ dt: unknown; hr: unknown; tx_ids: string[] }[]> {
  const rows = await lake.query(
    `SELECT dt, hr, array_join(array_agg(tx_id ORDER BY tx_id), ',') AS tx_ids FROM ${table} GROUP BY dt, hr ORDER BY dt, hr`,
  );
  return rows.map(({ dt, hr, tx_ids }) => ({ dt, hr, tx_ids: String(tx_ids).split(',') }));
}

describe('StreamLakeWriter across a boundary', () => {
  it.each([
    ['an hour', '2026-03-10T10:59:59.000Z'],
    ['a day', '2026-03-10T23:59:59.000Z'],
    ['a year', '2026-12-31T23:59:59.000Z'],
  ])('puts the records of one flush that spans %s each in its arrival hour, once', async (_, before) => {
    // Prepare: three records in the hour that ends, two in the next
    const start = Date.parse(before);
    const arrivals = [start, start + 500, start + 999, start + 1000, start + 1500];
    const records = arrivals.map((arrival, i) => bid(i, arrival));
    const [first, second] = [partitionOf(start), partitionOf(start + 1000)];

    // Act
    await drain(records);

    // Assess
    const expected = [
      { ...first, tx_ids: ['tx-0', 'tx-1', 'tx-2'] },
      { ...second, tx_ids: ['tx-3', 'tx-4'] },
    ];
    expect(await rowsBy('parquet_bcns')).toStrictEqual(expected);
    expect(await rowsBy('raw_bcns')).toStrictEqual(expected);
    for (const partition of [first, second]) {
      const manifest = await readManifest(store, manifestKey('bcns', partition));
      expect(manifest.keys).toHaveLength(1);
      expect((await store.list(dataPrefix('parquet', 'bcns', partition))).map((o) => o.key)).toStrictEqual(
        manifest.keys,
      );
    }
    expect(await readdir(join(stateDir, 'staging', 'bcns'))).toStrictEqual([]);
  });

  it('records every delivered file, with its rows and bytes, in its partition’s ledger', async () => {
    // Prepare
    const start = Date.parse('2026-12-31T23:59:59.000Z');
    const records = [bid(0, start), bid(1, start + 1000), bid(2, start + 1001, '{"tx_id": "\\ud800"}')];

    // Act
    await drain(records);

    // Assess
    const before = await readDeliveries(store, ledgerKey('bcns', partitionOf(start)));
    const after = await readDeliveries(store, ledgerKey('bcns', partitionOf(start + 1000)));
    expect(before.map(({ kind, rows }) => ({ kind, rows }))).toStrictEqual([
      { kind: 'raw', rows: 1 },
      { kind: 'parquet', rows: 1 },
    ]);
    expect(after.map(({ kind, rows }) => ({ kind, rows }))).toStrictEqual([
      { kind: 'raw', rows: 1 },
      { kind: 'parquet', rows: 1 },
      { kind: 'errors', rows: 1 },
    ]);
    for (const delivery of [...before, ...after]) {
      expect((await readFile(store.uri(delivery.key))).length).toBe(delivery.bytes);
    }
  });
});

describe('StreamLakeWriter after a crash while publishing', () => {
  const start = Date.parse('2026-12-31T23:59:58.000Z');
  const records = [bid(0, start), bid(1, start + 1000), bid(2, start + 2000), bid(3, start + 2500)];
  const newYear = partitionOf(start + 2000);

  /**
   * Leaves the state a crash in the middle of publishing leaves: the flush is committed, the old
   * year's files and the new year's raw file are published, the new year's Parquet file is still
   * staged (its partition folder cannot be made: a file stands in its way).
   */
  async function crashMidPublish(): Promise<string> {
    const blocker = store.uri(`parquet/bcns/dt=${newYear.dt}`);
    await mkdir(dirname(blocker), { recursive: true });
    await writeFile(blocker, 'not a folder');
    const writer = writerOn(records);
    await writer.start();
    while (writer.stats.records < records.length) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(writer.stop()).rejects.toThrow(/ENOTDIR|EEXIST/);
    await rm(blocker);
    return readFile(join(stateDir, 'bcns.json'), 'utf8');
  }

  it('publishes the rest on restart, proving the files already moved are whole at their targets', async () => {
    // Prepare
    await crashMidPublish();

    // Act
    const restarted = writerOn(records);
    await restarted.start();
    await restarted.stop();

    // Assess
    const expected = [
      { ...partitionOf(start), tx_ids: ['tx-0', 'tx-1'] },
      { ...newYear, tx_ids: ['tx-2', 'tx-3'] },
    ];
    expect(await rowsBy('parquet_bcns')).toStrictEqual(expected);
    expect(await rowsBy('raw_bcns')).toStrictEqual(expected);
    expect(JSON.parse(await readFile(join(stateDir, 'bcns.json'), 'utf8')).pending).toStrictEqual([]);
  });

  it('fails loudly, without advancing the checkpoint, when a committed file is neither staged nor published', async () => {
    // Prepare
    const committed = await crashMidPublish();
    const staged = await readdir(join(stateDir, 'staging', 'bcns'));
    expect(staged).toHaveLength(1);
    await rm(join(stateDir, 'staging', 'bcns', staged[0] as string));

    // Act
    const restart = writerOn(records).start();

    // Assess
    await expect(restart).rejects.toThrow(UnpublishedFileError);
    await expect(restart).rejects.toThrow(
      /cannot publish parquet\/bcns\/dt=2027-01-01\/hr=00\/\S+ \(2 parquet rows, \d+ bytes\): it is neither staged nor in the lake/,
    );
    expect(await readFile(join(stateDir, 'bcns.json'), 'utf8')).toBe(committed);
  });

  it('fails loudly when the file at a published name is not the one it staged', async () => {
    // Prepare
    const committed = await crashMidPublish();
    const { pending } = JSON.parse(committed) as { pending: { key: string; kind: string }[] };
    const published = pending.find((file) => file.kind === 'raw' && file.key.includes(`dt=${newYear.dt}`));
    await truncate(store.uri(published?.key as string), 3);

    // Act
    const restart = writerOn(records).start();

    // Assess
    await expect(restart).rejects.toThrow(/the lake holds 3 bytes under its name/);
    expect(await readFile(join(stateDir, 'bcns.json'), 'utf8')).toBe(committed);
  });
});

describe('StreamLakeWriter with records no reader can read', () => {
  const at = Date.parse('2027-01-01T00:00:01.000Z');
  const good = (i: number) => bid(i, at);
  const bad: [string, string | Uint8Array, RegExp][] = [
    ['a lone surrogate escape', '{"tx_id":"\\ud800","type":"bid","timestamp":1}', /^lone-surrogate: tx_id holds/],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), /^invalid-utf8:/],
    ['an overlong UTF-8 form', Buffer.from('{"tx_id":"\xc0\xaf"}', 'latin1'), /^invalid-utf8:/],
    ['text that is not JSON', 'hello', /^not-json:/],
    ['a JSON array', '[1,2]', /^not-object: the record is JSON array/],
    ['an object without any column', '{"other":1}', /^no-table-column:/],
    ['a string for a bigint column', '{"tx_id":"x","timestamp":"noon"}', /^rejected-by-converter: .*noon/],
    ['a duplicate key', '{"tx_id":"a","tx_id":"b","type":"bid"}', /^rejected-by-converter: .*duplicate/],
  ];

  it('sends each to the error prefix with its reason, and keeps raw and Parquet rows equal', async () => {
    // Prepare
    const records = [good(0), ...bad.map(([, data], i) => bid(i + 1, at, data)), good(bad.length + 1)];

    // Act
    const writer = await drain(records);

    // Assess
    const rows = [{ dt: '2027-01-01', hr: '00', tx_ids: ['tx-0', `tx-${bad.length + 1}`] }];
    expect(await rowsBy('parquet_bcns')).toStrictEqual(rows);
    expect(await rowsBy('raw_bcns')).toStrictEqual(rows);
    expect(writer.stats).toStrictEqual({
      records: records.length,
      erased: 0,
      bids: 2,
      rows: 2,
      rejected: bad.length,
      files: 3,
    });
    const [errorFile] = await store.list('errors/parquet/bcns/format-conversion-failed/dt=2027-01-01/hr=00/');
    const errors = gunzipSync(await readFile(store.uri(errorFile?.key as string)))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(errors.map((e) => e.sequenceNumber)).toStrictEqual(bad.map((_, i) => String(i + 1)));
    bad.forEach(([, data, reason], i) => {
      expect(errors[i].ErrorCode).toBe('DataFormatConversion.MalformedData');
      expect(errors[i].ErrorMessage).toMatch(reason);
      expect(Buffer.from(errors[i].rawData, 'base64')).toStrictEqual(Buffer.from(data));
      expect(errors[i].arrivalTimestamp).toBe(at);
    });
  });
});
