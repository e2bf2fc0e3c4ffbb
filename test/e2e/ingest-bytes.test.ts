import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeDir } from '../../local/config.ts';
import { readAllRecords } from '../../local/kinesis/read-stream.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';
import { post, removeDataDir, startTestPlatform, type TestPlatform } from '../helpers/local-platform.ts';

/*
 * Bytes a client can throw at the ingestion API (issue 12): each is refused with a 4xx and nothing of it
 * reaches bcns or the lake; a gzip body is decoded, not ignored; and a key given twice is stored once, with
 * the value the validator checked, which is then all that every reader can see.
 */

let platform: TestPlatform;
const RUN = randomUUID();

beforeAll(async () => {
  platform = await startTestPlatform(undefined, { SDP_LAKE_FLUSH_SECONDS: '1', SDP_COMPACTION_MINUTES: '0' });
});

afterAll(async () => {
  await platform?.stop();
  if (platform) await removeDataDir(platform.dataDir);
});

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

const clickWith = (marker: string, ...raw: number[]) => bytes(`{"tx_id":"${marker}-`, raw, '"}');

const refusal = (status: number, message: string) => ({
  status,
  body: { message, errors: [{ index: null, path: '', message }] },
});

const invalidText = (path: string, message: string) => ({
  status: 400,
  body: { message: 'Invalid click event: 1 error', errors: [{ index: null, path, message }] },
});

/** The 400 for a body whose first ill-formed sequence is `bad`. */
const notUtf8At = (body: Buffer, bad: number[]) =>
  refusal(
    400,
    `Request body is not valid UTF-8 (JSON text is UTF-8, RFC 8259 §8.1): bad byte sequence at byte ${body.indexOf(Buffer.from(bad))}`,
  );

/** Every record on bcns whose data mentions `marker`. */
async function storedWith(marker: string): Promise<string[]> {
  return (await readAllRecords(platform.kinesis, 'bcns')).map((r) => r.data).filter((data) => data.includes(marker));
}

async function lakeRows(sql: string): Promise<Record<string, unknown>[]> {
  const lake = await LakeSql.open(new FileObjectStore(lakeDir(platform)));
  try {
    return (await lake.query(sql)).rows;
  } finally {
    lake.close();
  }
}

describe('bytes the ingestion API refuses, storing nothing', () => {
  const marker = `refused-${RUN}`;
  const cases = [
    {
      name: 'a Latin-1 byte (invalid UTF-8) in a string',
      body: clickWith(`${marker}-latin1`, 0x63, 0x61, 0x66, 0xe9),
      headers: {},
      expected: notUtf8At(clickWith(`${marker}-latin1`, 0x63, 0x61, 0x66, 0xe9), [0xe9]),
    },
    {
      name: 'an overlong "/" (C0 AF) in a string',
      body: clickWith(`${marker}-overlong`, 0xc0, 0xaf),
      headers: {},
      expected: notUtf8At(clickWith(`${marker}-overlong`, 0xc0, 0xaf), [0xc0, 0xaf]),
    },
    {
      name: 'a UTF-8-encoded surrogate (ED A0 80) in a string',
      body: clickWith(`${marker}-cesu`, 0xed, 0xa0, 0x80),
      headers: {},
      expected: notUtf8At(clickWith(`${marker}-cesu`, 0xed, 0xa0, 0x80), [0xed, 0xa0, 0x80]),
    },
    {
      name: 'a lone surrogate escape in a string',
      body: bytes(`{"tx_id":"${marker}-surrogate-\\ud800"}`),
      headers: {},
      expected: invalidText(
        'tx_id',
        'must be well-formed Unicode, got a lone surrogate (an unpaired \\ud800-\\udfff escape)',
      ),
    },
    {
      name: 'an escaped U+FFFD in a string',
      body: bytes(`{"tx_id":"${marker}-replacement-\\ufffd"}`),
      headers: {},
      expected: invalidText(
        'tx_id',
        'must not contain U+FFFD, the replacement character: the text was not valid UTF-8 before it was sent',
      ),
    },
    {
      name: 'Content-Encoding: gzip on a plain body',
      body: bytes(`{"tx_id":"${marker}-plain-gzip"}`),
      headers: { 'content-encoding': 'gzip' },
      expected: refusal(415, 'Request body is not gzip data, as its Content-Encoding says'),
    },
    {
      name: 'Content-Encoding: br',
      body: bytes(`{"tx_id":"${marker}-br"}`),
      headers: { 'content-encoding': 'br' },
      expected: refusal(415, 'Content-Encoding must be gzip, deflate or identity, got br'),
    },
    {
      name: 'charset=iso-8859-1 with a Latin-1 byte',
      body: clickWith(`${marker}-iso`, 0x63, 0x61, 0x66, 0xe9),
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      expected: refusal(415, 'Content-Type charset must be utf-8 (JSON text is UTF-8, RFC 8259 §8.1), got iso-8859-1'),
    },
  ];

  it.each(cases.map((row) => [row.name, row] as const))('refuses %s', async (_name, { body, headers, expected }) => {
    // Act
    const { 'content-type': contentType = 'application/json', ...rest } = headers as Record<string, string>;
    const reply = await post(platform.url, '/click', body, contentType, rest);

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual(expected);
  });

  it('stored none of them on bcns', async () => {
    // Act: every refused body above carries the marker.
    const stored = await storedWith(marker);

    // Assess
    expect(stored).toStrictEqual([]);
  });
});

describe('a gzip body', () => {
  it('is decoded and stored exactly as the same body sent plain', async () => {
    // Prepare
    const txId = `gzip-${RUN}`;
    const text = `[{"tx_id":"${txId}-1"},{"tx_id":"${txId}-2"}]`;

    // Act
    const reply = await post(platform.url, '/click', gzipSync(text), 'application/json', {
      'content-encoding': 'gzip',
    });

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({
      status: 200,
      body: { accepted: 2, failed: 0, failures: [] },
    });
    const stored = (await storedWith(txId)).map((data) => JSON.parse(data) as { tx_id: string }).map((r) => r.tx_id);
    expect(stored.sort()).toStrictEqual([`${txId}-1`, `${txId}-2`]);
  });
});

describe('a key given twice in one object', () => {
  it('is stored once, with the last value, the one the validator checked; the lake reads that value', async () => {
    // Prepare: an invalid first campaign_item_id that a reader of the raw body might have picked.
    const txId = `duplicate-${RUN}`;
    const body = `{"tx_id":"${txId}-first","campaign_item_id":"not a number","app_uid":"app-1","tx_id":"${txId}","campaign_item_id":7}`;

    // Act
    const reply = await post(platform.url, '/bid', body);

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({
      status: 200,
      body: { accepted: 1, failed: 0, failures: [] },
    });
    const [record, ...others] = await storedWith(txId);
    expect(others).toStrictEqual([]);
    const timestamp = (JSON.parse(record ?? '{}') as { timestamp: number }).timestamp;
    expect(record).toBe(
      `{"tx_id":"${txId}","campaign_item_id":7,"app_uid":"app-1","type":"bid","timestamp":${timestamp}}`,
    );
    const sql = `SELECT tx_id, campaign_item_id FROM %s WHERE tx_id LIKE '${txId}%'`;
    let rows: { raw: unknown; parquet: unknown } = { raw: [], parquet: [] };
    for (let waited = 0; waited < 30_000; waited += 500) {
      rows = {
        raw: await lakeRows(sql.replace('%s', 'raw_bcns')),
        parquet: await lakeRows(sql.replace('%s', 'parquet_bcns')),
      };
      if ((rows.raw as unknown[]).length > 0 && (rows.parquet as unknown[]).length > 0) break;
      await sleep(500);
    }
    expect(rows).toStrictEqual({
      raw: [{ tx_id: txId, campaign_item_id: 7 }],
      parquet: [{ tx_id: txId, campaign_item_id: 7 }],
    });
  });
});
