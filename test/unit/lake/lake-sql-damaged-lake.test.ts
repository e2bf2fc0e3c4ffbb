import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataPrefix } from '../../../lambda/domain/lake/lake-layout.ts';
import { LakeFileError } from '../../../local/lake/lake-file-errors.ts';
import { LakeSql } from '../../../local/lake/lake-sql.ts';
import type { UnreadableRecords } from '../../../local/lake/tolerant-raw-source.ts';
import { bidRecord, makeWriterLake, type WriterLake } from '../../helpers/lake-writer-fixtures.ts';

/*
 * SQL over a lake that is not as its writers left it: a file gone or damaged fails the query with
 * the file's name and a pointer to `sdp lake verify`; a raw record no reader can read (as the old
 * writer stored a lone surrogate escape) is skipped and reported, and the table stays readable.
 */

const AT = Date.parse('2027-01-01T00:00:01.000Z');
const PARTITION = { dt: '2027-01-01', hr: '00' };

let lake: WriterLake;

beforeEach(async () => {
  lake = await makeWriterLake();
  await lake.deliver([0, 1, 2].map((i) => bidRecord(i, AT)));
});

afterEach(() => lake.dispose());

async function run(sql: string, skipped: UnreadableRecords[] = []): Promise<Record<string, unknown>[]> {
  const session = await LakeSql.open(lake.store, { onUnreadable: (s) => skipped.push(...s) });
  try {
    return (await session.query(sql)).rows;
  } finally {
    session.close();
  }
}

const [parquetFile, rawFile] = [
  async () => (await lake.store.list(dataPrefix('parquet', 'bcns', PARTITION)))[0]?.key as string,
  async () => (await lake.store.list(dataPrefix('raw', 'bcns', PARTITION)))[0]?.key as string,
];

describe('LakeSql over a damaged lake', () => {
  it('rejects a query over a manifest entry whose file is gone, naming it and `sdp lake verify`', async () => {
    // Prepare
    const gone = lake.store.uri(await parquetFile());
    await rm(gone);

    // Act
    const query = run('SELECT count(*) AS n FROM parquet_bcns');

    // Assess
    await expect(query).rejects.toThrow(LakeFileError);
    await expect(query).rejects.toThrow(
      `Cannot read the lake: ${gone} does not exist.\nRun \`npx sdp lake verify\` to list every problem in the lake.`,
    );
  });

  it('rejects a query over a file that is not Parquet, naming it', async () => {
    // Prepare
    const broken = lake.store.uri(await parquetFile());
    await writeFile(broken, 'PAR1');

    // Act
    const query = run('SELECT count(*) AS n FROM parquet_bcns');

    // Assess
    await expect(query).rejects.toThrow(
      new RegExp(`^Cannot read the lake: ${broken} cannot be read \\(.+\\)\\.\\nRun \`npx sdp lake verify\``),
    );
    expect(await run('SELECT count(*) AS n FROM raw_bcns')).toStrictEqual([{ n: 3 }]);
  });

  it('rejects a query over a raw file that is not gzip, naming it', async () => {
    // Prepare
    const broken = lake.store.uri(await rawFile());
    await writeFile(broken, 'plain text');

    // Act
    const query = run('SELECT count(*) AS n FROM raw_bcns');

    // Assess
    await expect(query).rejects.toThrow(new RegExp(`^Cannot read the lake: ${broken} cannot be read \\(.*GZIP`));
  });

  it('skips the raw records no reader can read, reports them per file, and answers the rest', async () => {
    // Prepare: a raw file as the old writer stored a lone surrogate escape and a non-object
    const legacy = lake.store.uri(`${dataPrefix('raw', 'bcns', PARTITION)}legacy.json.gz`);
    await mkdir(dirname(legacy), { recursive: true });
    const lines = ['{"tx_id":"ok-1","type":"bid"}', '{"tx_id":"\\ud800","type":"bid"}', '[1]', '{"tx_id":"ok-2"}'];
    await writeFile(legacy, gzipSync(`${lines.join('\n')}\n`));
    const skipped: UnreadableRecords[] = [];

    // Act
    const rows = await run('SELECT tx_id, dt, hr FROM raw_bcns ORDER BY tx_id', skipped);

    // Assess
    expect(rows).toStrictEqual(
      ['ok-1', 'ok-2', 'tx-0', 'tx-1', 'tx-2'].map((tx_id) => ({ tx_id, dt: '2027-01-01', hr: '00' })),
    );
    expect(skipped).toStrictEqual([{ table: 'raw_bcns', file: legacy, records: 2 }]);
    expect(await run('SELECT count(*) AS n FROM parquet_bcns')).toStrictEqual([{ n: 3 }]);
  });

  it('reads strictly, and reports nothing, while every record is readable', async () => {
    // Prepare
    const skipped: UnreadableRecords[] = [];

    // Act
    const rows = await run('SELECT count(*) AS n FROM raw_bcns', skipped);

    // Assess
    expect(rows).toStrictEqual([{ n: 3 }]);
    expect(skipped).toStrictEqual([]);
  });
});
