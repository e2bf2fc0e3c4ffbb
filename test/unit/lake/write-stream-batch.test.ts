import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { KinesisStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestKey } from '../../../lambda/domain/lake/lake-layout.ts';
import { ParquetConverter } from '../../../lambda/lake/json-to-parquet.ts';
import { readManifest } from '../../../lambda/lake/manifest.ts';
import { createWriteLakeHandler, streamOfArn } from '../../../lambda/lake/write-lake.ts';
import { type BatchRecord, writeStreamBatch } from '../../../lambda/lake/write-stream-batch.ts';
import { bidRows, makeLake, visibleTxIds } from '../../helpers/lake-fixtures.ts';

// 2026-12-31T23:59:58Z: the batch below spans the last hour of a year and the first of the next.
const NEW_YEAR = Date.UTC(2027, 0, 1);
const SHARD = 'shardId-000000000001';

/** Records 1…n of a shard, one a second, from two seconds before midnight; sequence numbers sort. */
function records(n: number, from = 1): BatchRecord[] {
  return bidRows(from, n).map((row, i) => ({
    data: Buffer.from(JSON.stringify(row)),
    sequenceNumber: String(49_000_000_000 + from + i),
    arrivalMs: NEW_YEAR - 2000 + (from + i - 1) * 1000,
  }));
}

const txIds = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `tx-${from + i}`).sort();

describe('the lake writer function (sdp:lakeWriter "lambda")', () => {
  let converter: ParquetConverter;
  beforeAll(async () => {
    converter = await ParquetConverter.open();
  });
  afterAll(() => converter.close());

  it('writes a batch across midnight of a year as raw and Parquet files of each arrival hour, registered', async () => {
    // Prepare
    const store = await makeLake();

    // Act
    const written = await writeStreamBatch(store, converter, 'sdp-lake', {
      stream: 'bcns',
      shardId: SHARD,
      records: records(5),
    });

    // Assess
    const last = { dt: '2026-12-31', hr: '23' };
    const first = { dt: '2027-01-01', hr: '00' };
    expect(written).toStrictEqual({
      rows: 5,
      erased: 0,
      rejected: 0,
      keys: [
        `raw/bcns/dt=2026-12-31/hr=23/sdp-lake-bcns-${SHARD}-49000000001.json.gz`,
        `parquet/bcns/dt=2026-12-31/hr=23/sdp-lake-bcns-${SHARD}-49000000001.parquet`,
        `raw/bcns/dt=2027-01-01/hr=00/sdp-lake-bcns-${SHARD}-49000000003.json.gz`,
        `parquet/bcns/dt=2027-01-01/hr=00/sdp-lake-bcns-${SHARD}-49000000003.parquet`,
      ],
    });
    expect((await readManifest(store, manifestKey('bcns', last))).keys).toStrictEqual([written.keys[1]]);
    expect((await readManifest(store, manifestKey('bcns', first))).keys).toStrictEqual([written.keys[3]]);
    const raw = gunzipSync(await readFile(store.uri(written.keys[0] as string))).toString('utf8');
    expect(raw).toBe(
      `${records(2)
        .map((r) => Buffer.from(r.data).toString('utf8'))
        .join('\n')}\n`,
    );
    expect(await visibleTxIds(store)).toStrictEqual(txIds(1, 5));
  });

  it('stores every record once when a retry replays the batch it had already written', async () => {
    // Prepare
    const store = await makeLake();
    const batch = { stream: 'bcns' as const, shardId: SHARD, records: records(6) };
    const firstAttempt = await writeStreamBatch(store, converter, 'sdp-lake', batch);

    // Act
    const retry = await writeStreamBatch(store, converter, 'sdp-lake', batch);

    // Assess
    expect(retry.keys).toStrictEqual(firstAttempt.keys);
    expect(await visibleTxIds(store)).toStrictEqual(txIds(1, 6));
  });

  it('stores every record once when the retry is shorter than the failed attempt and the next batch goes on', async () => {
    // Prepare: an attempt wrote records 1-10 (both hours) and failed before Lambda checkpointed it
    const store = await makeLake();
    await writeStreamBatch(store, converter, 'sdp-lake', { stream: 'bcns', shardId: SHARD, records: records(10) });

    // Act: the retry reads 1-4 only, then the next batch reads 5-12
    await writeStreamBatch(store, converter, 'sdp-lake', { stream: 'bcns', shardId: SHARD, records: records(4) });
    await writeStreamBatch(store, converter, 'sdp-lake', { stream: 'bcns', shardId: SHARD, records: records(8, 5) });

    // Assess
    expect(await visibleTxIds(store)).toStrictEqual(txIds(1, 12));
  });

  it('puts records no reader can read under the conversion-error prefix as Firehose does, never in the tables', async () => {
    // Prepare
    const store = await makeLake();
    const good = records(1);
    const bad = ['[1,2]\nnot json', '{"tx_id":"\\ud800","type":"bid"}'].map((data, i) => ({
      data: Buffer.from(data),
      sequenceNumber: `4900000000${i + 8}`,
      arrivalMs: NEW_YEAR - 500,
    }));

    // Act
    const written = await writeStreamBatch(store, converter, 'sdp-lake', {
      stream: 'bcns',
      shardId: SHARD,
      records: [...good, ...bad],
    });

    // Assess
    expect(written.rows).toBe(1);
    expect(written.rejected).toBe(2);
    const errorKey = `errors/parquet/bcns/format-conversion-failed/dt=2026-12-31/hr=23/sdp-lake-bcns-${SHARD}-49000000001.json.gz`;
    expect(written.keys).toContain(errorKey);
    const errors = gunzipSync(await readFile(store.uri(errorKey)))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(
      errors.map((e) => [e.ErrorCode, e.ErrorMessage.split(':')[0], Buffer.from(e.rawData, 'base64')]),
    ).toStrictEqual([
      ['DataFormatConversion.MalformedData', 'multi-line', bad[0]?.data],
      ['DataFormatConversion.MalformedData', 'lone-surrogate', bad[1]?.data],
    ]);
    expect(await visibleTxIds(store)).toStrictEqual(['tx-1']);
  });

  it('splits a Lambda event by stream and shard, decoding each record', async () => {
    // Prepare
    const store = await makeLake();
    const arn = 'arn:aws:kinesis:us-east-1:123456789012:stream/sdp-bcns';
    const event = {
      Records: records(3).map((record, i) => ({
        eventSourceARN: arn,
        eventID: `${i === 2 ? 'shardId-000000000002' : SHARD}:${record.sequenceNumber}`,
        kinesis: {
          data: Buffer.from(record.data).toString('base64'),
          sequenceNumber: record.sequenceNumber,
          approximateArrivalTimestamp: record.arrivalMs / 1000,
        },
      })),
    } as unknown as KinesisStreamEvent;

    // Act
    const written = await createWriteLakeHandler(store, 'sdp-lake', async () => converter)(event);

    // Assess
    expect(written.map((batch) => batch.rows)).toStrictEqual([2, 1]);
    expect(written[1]?.keys[0]).toBe(
      'raw/bcns/dt=2027-01-01/hr=00/sdp-lake-bcns-shardId-000000000002-49000000003.json.gz',
    );
    expect(await visibleTxIds(store)).toStrictEqual(txIds(1, 3));
  });

  it('rejects records from a stream that is not the platform’s', () => {
    expect(streamOfArn('arn:aws:kinesis:us-east-1:123456789012:stream/sdp-aggregates')).toBe('aggregates');
    expect(() => streamOfArn('arn:aws:kinesis:us-east-1:123456789012:stream/other')).toThrow(
      'Records from arn:aws:kinesis:us-east-1:123456789012:stream/other, which is not one of the platform',
    );
  });
});
