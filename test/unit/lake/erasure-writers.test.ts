import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saltedHash } from '../../../lambda/domain/lifecycle/erasure-match.ts';
import { dropErasedRecords } from '../../../lambda/lake/drop-erased-records.ts';
import { erasureSalt, listErasures } from '../../../lambda/lake/erasure-store.ts';
import { ParquetConverter } from '../../../lambda/lake/json-to-parquet.ts';
import { requestErasure } from '../../../lambda/lake/request-erasure.ts';
import { writeStreamBatch } from '../../../lambda/lake/write-stream-batch.ts';
import { ERASED, OTHERS, tableRows } from '../../helpers/erasure-fixtures.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

const REQUESTED_AT = Date.UTC(2027, 0, 1, 12);
const line = (record: Record<string, unknown>) => JSON.stringify(record);
const bid = (tx: string, user: string, timestamp = REQUESTED_AT - 60_000) =>
  line({ tx_id: tx, campaign_item_id: 7, app_uid: user, type: 'bid', timestamp });
const records = (lines: readonly string[]) =>
  lines.map((data, i) => ({
    data: Buffer.from(data),
    sequenceNumber: String(49_000_000_000 + i),
    arrivalMs: REQUESTED_AT + 1000,
  }));
const text = (record: { data: Uint8Array }) => Buffer.from(record.data).toString('utf8');

describe('the lake writers while an erasure is pending', () => {
  it('drop the records it covers, and add the transactions of the bids they drop to it first', async () => {
    // Prepare
    const store = await makeLake();
    await requestErasure({ store, appUids: [ERASED], now: REQUESTED_AT, streamRetentionHours: 24, deliveryMs: 0 });
    const flush = [
      {
        records: records([
          line({ tx_id: 'late', win_price: 5, type: 'imp', timestamp: REQUESTED_AT - 59_000 }),
          bid('late', ERASED),
          bid('kept', OTHERS[0]),
          // Unreadable records, bound for the error prefix: the erased one is dropped all the same.
          `{"tx_id":"late","app_uid":"${ERASED}"`,
          bid('sent-after', ERASED, REQUESTED_AT + 1),
          '{"tx_id":"other"',
        ]),
      },
    ];

    // Act
    const dropped = await dropErasedRecords(store, flush);

    // Assess
    expect(dropped).toBe(3);
    expect(flush[0]?.records.map(text)).toStrictEqual([
      bid('kept', OTHERS[0]),
      bid('sent-after', ERASED, REQUESTED_AT + 1),
      '{"tx_id":"other"',
    ]);
    const salt = await erasureSalt(store);
    expect((await listErasures(store))[0]?.txIds).toStrictEqual([saltedHash(salt, 'late')]);
  });

  it('change nothing when no erasure is pending', async () => {
    const store = await makeLake();
    const flush = [{ records: records([bid('a', ERASED)]) }];
    expect(await dropErasedRecords(store, flush)).toBe(0);
    expect(flush[0]?.records).toHaveLength(1);
  });

  describe('the Lambda lake writer (sdp:lakeWriter "lambda")', () => {
    let converter: ParquetConverter;
    beforeAll(async () => {
      converter = await ParquetConverter.open();
    });
    afterAll(() => converter.close());

    it('writes a batch without the records a pending erasure covers', async () => {
      // Prepare
      const store = await makeLake();
      await requestErasure({ store, appUids: [ERASED], now: REQUESTED_AT, streamRetentionHours: 24, deliveryMs: 0 });
      const batch = records([bid('gone', ERASED), bid('kept', OTHERS[1])]);

      // Act
      const written = await writeStreamBatch(store, converter, 'sdp-lake', {
        stream: 'bcns',
        shardId: 's-1',
        records: batch,
      });

      // Assess
      expect(written).toMatchObject({ rows: 1, erased: 1, rejected: 0 });
      const tables = await tableRows(store, ['raw_bcns', 'parquet_bcns']);
      expect(tables.raw_bcns?.map((row) => JSON.parse(row).tx_id)).toStrictEqual(['kept']);
      expect(tables.parquet_bcns?.map((row) => JSON.parse(row).tx_id)).toStrictEqual(['kept']);
    });
  });
});
