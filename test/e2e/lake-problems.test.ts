import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPrefix } from '../../lambda/domain/lake/lake-layout.ts';
import { bidRecord, makeWriterLake, type WriterLake } from '../helpers/lake-writer-fixtures.ts';
import { makeDataDir, removeDataDir, runCli } from '../helpers/local-platform.ts';

/*
 * What a user sees from `sdp lake verify` and `sdp sql` when the lake is damaged: one clear line per
 * problem and exit 1, the damaged file named instead of an engine stack, and a raw table that stays
 * readable when one of its records cannot be read.
 */

const PARTITION = { dt: '2027-01-01', hr: '00' };
let dataDir: string;
let lake: WriterLake;

const sdp = (...args: string[]) => runCli(args, 30_000, { SDP_DATA_DIR: dataDir });

beforeAll(async () => {
  dataDir = await makeDataDir();
  lake = await makeWriterLake(join(dataDir, 'lake'));
  await lake.deliver([0, 1, 2].map((i) => bidRecord(i, Date.parse('2027-01-01T00:00:01Z'))));
});

afterAll(async () => {
  await lake?.dispose();
  await removeDataDir(dataDir);
});

describe('sdp lake verify and sdp sql on a damaged lake', () => {
  it('verifies a whole lake with exit 0', async () => {
    // Act
    const run = await sdp('lake', 'verify');

    // Assess
    expect(run).toMatchObject({
      code: 0,
      stderr: '',
      stdout: 'Checked 1 partition: 1 manifest entry, 1 raw file, 0 error files.\nNo problems found.\n',
    });
  });

  it('lists a missing file with exit 1, and `sdp sql` names it instead of printing a stack', async () => {
    // Prepare
    const [file] = await lake.store.list(dataPrefix('parquet', 'bcns', PARTITION));
    await rm(lake.store.uri(file?.key as string));

    // Act
    const verify = await sdp('lake', 'verify');
    const sql = await sdp('sql', 'SELECT count(*) AS n FROM parquet_bcns');
    const other = await sdp('sql', '--format', 'csv', 'SELECT count(*) AS n FROM raw_bcns');

    // Assess
    expect(verify.code).toBe(1);
    expect(verify.stdout).toBe(
      [
        `parquet_bcns dt=2027-01-01/hr=00: the manifest lists ${file?.key}, which does not exist`,
        "parquet_bcns dt=2027-01-01/hr=00: the manifest's files hold 0 rows; the writers delivered 3",
        'Checked 1 partition: 1 manifest entry, 1 raw file, 0 error files.',
        '2 problems found.',
        '',
      ].join('\n'),
    );
    expect(sql).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `sdp sql: Cannot read the lake: ${lake.store.uri(file?.key as string)} does not exist.\nRun \`npx sdp lake verify\` to list every problem in the lake.\n`,
    });
    expect(other).toMatchObject({ code: 0, stdout: 'n\n3\n', stderr: '' });
  });

  it('answers over a raw table holding an unreadable record, with a warning naming its file', async () => {
    // Prepare: a lone surrogate escape, as the old writer stored it
    const legacy = lake.store.uri(`${dataPrefix('raw', 'bcns', PARTITION)}legacy.json.gz`);
    await mkdir(dirname(legacy), { recursive: true });
    await writeFile(legacy, gzipSync('{"tx_id":"\\ud800","type":"bid"}\n{"tx_id":"ok","type":"bid"}\n'));

    // Act
    const sql = await sdp('sql', '--format', 'csv', 'SELECT count(*) AS n FROM raw_bcns');

    // Assess
    expect(sql).toMatchObject({
      code: 0,
      stdout: 'n\n4\n',
      stderr: `warning: raw_bcns skipped 1 unreadable record in ${legacy} (\`npx sdp lake verify\` lists the lake’s problems)\n`,
    });
  });
});
