import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalKinesisClient } from '../../local/kinesis/kinesis-client.ts';
import { readAllRecords } from '../../local/kinesis/read-stream.ts';
import {
  get,
  killPlatform,
  PROJECT_DIR,
  post,
  SDP_BIN,
  type SpawnedPlatform,
  spawnPlatform,
} from '../helpers/local-platform.ts';
import { until } from '../helpers/until.ts';

const execFileAsync = promisify(execFile);

/*
 * The disk fills up under a running platform, then space is freed (issue 12). The platform runs in its own
 * user and mount namespace (`unshare -rm`, no root needed where unprivileged namespaces are allowed) with its
 * data directory on a 64 MiB tmpfs, so the disk that fills is a real one: the kernel answers ENOSPC to
 * LevelDB's and the lake writers' own writes, which no injection at the Node level could reach (LevelDB
 * writes from C++). The test fills the tmpfs with a file through /proc/<pid>/root, and frees it by deleting
 * that file. Where namespaces are not available the test is skipped, except in CI, where it must run.
 */

const MOUNT = mkdtempSync(join(tmpdir(), 'sdp-disk-full-'));
const DATA_DIR = join(MOUNT, 'data');
const canMount =
  spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs "$0"', MOUNT], { stdio: 'ignore' })
    .status === 0;
if (!canMount && process.env.CI) throw new Error('CI must run the disk-full test: `unshare -rm` + tmpfs failed');

const ENV = {
  SDP_DATA_DIR: DATA_DIR,
  SDP_LAKE_FLUSH_SECONDS: '1',
  SDP_COMPACTION_MINUTES: '0',
  SDP_RETRAIN_BIDS: '0',
  SDP_PERIOD_SECONDS: '2',
  SDP_ALLOWED_LATENESS_SECONDS: '1',
};
const RUN = randomUUID().slice(0, 8);

let platform: SpawnedPlatform;
/** The platform's view of MOUNT, from outside its mount namespace. */
let inside: string;

beforeAll(async () => {
  if (!canMount) return;
  platform = await spawnPlatform(DATA_DIR, ENV, {
    wrap: (argv) => [
      'unshare',
      '-rm',
      'sh',
      '-c',
      'mount -t tmpfs -o size=64m tmpfs "$0" && mkdir -p "$0/data" && exec "$@"',
      MOUNT,
      ...argv,
    ],
  });
  inside = `/proc/${platform.child.pid}/root${MOUNT}`;
});

afterAll(async () => {
  await killPlatform(platform);
  rmSync(MOUNT, { recursive: true, force: true });
});

interface Health {
  status: string;
  failing?: string[];
  components: Record<string, { status: string; error?: string }>;
  kinesis_endpoint: string;
}

const health = async () => {
  const reply = await get(platform.url, '/health');
  return { code: reply.status, body: reply.body as Health };
};

let batchNo = 0;
/** POSTs a batch of 100 clicks with fresh tx_ids; the tx_ids if the API accepted them. */
async function postBatch(): Promise<{ status: number; txIds: string[] }> {
  const txIds = Array.from({ length: 100 }, (_, i) => `disk-${RUN}-${batchNo}-${i}`);
  batchNo++;
  const reply = await post(
    platform.url,
    '/click',
    txIds.map((tx_id) => ({ tx_id })),
  );
  return { status: reply.status, txIds };
}

/** Writes 1 MiB chunks into `path` until the file system refuses; returns the bytes written. */
function fillUp(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1024 * 1024, 1);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}

/** Rows and distinct tx_ids of this run in raw_bcns and parquet_bcns, by `sdp sql` inside the namespace. */
async function lakeCounts(): Promise<{ raw: unknown; parquet: unknown }> {
  const count = async (table: string) => {
    const query = `SELECT count(*) AS rows, count(DISTINCT tx_id) AS tx_ids FROM ${table} WHERE tx_id LIKE 'disk-${RUN}-%'`;
    const { stdout } = await execFileAsync(
      'nsenter',
      [
        '-t',
        String(platform.child.pid),
        '-m',
        '-U',
        '--preserve-credentials',
        process.execPath,
        SDP_BIN,
        'sql',
        '--format',
        'json',
        query,
      ],
      { env: { ...process.env, SDP_DATA_DIR: DATA_DIR }, cwd: PROJECT_DIR },
    );
    return (JSON.parse(stdout) as unknown[])[0];
  };
  return { raw: await count('raw_bcns'), parquet: await count('parquet_bcns') };
}

describe.skipIf(!canMount)('a full disk', () => {
  const accepted: string[] = [];

  it('fails ingestion with 503 and /health with 503 naming the failing components', async () => {
    // Prepare: traffic that is stored, then a disk with no room left.
    for (let i = 0; i < 10; i++) {
      const { status, txIds } = await postBatch();
      expect(status).toBe(200);
      accepted.push(...txIds);
    }
    expect(fillUp(join(inside, 'filler'))).toBeGreaterThan(0);

    // Act: keep sending until the stream refuses.
    let refused = 0;
    for (let i = 0; i < 50 && refused === 0; i++) {
      const { status, txIds } = await postBatch();
      if (status === 200) accepted.push(...txIds);
      else {
        expect(status).toBe(503);
        refused++;
      }
    }
    const full = await until(health, ({ code }) => code === 503, 10_000);

    // Assess
    expect(refused).toBe(1);
    expect(full.code).toBe(503);
    expect(full.body.status).toBe('failing');
    expect(full.body.failing).toContain('kinesis');
    expect(full.body.components.kinesis).toMatchObject({
      status: 'failing',
      error: expect.stringMatching(/No space left on device/),
    });
    expect((await postBatch()).status).toBe(503);
  });

  it('recovers on its own once space is freed: /health ok and ingestion accepted again', async () => {
    // Act
    unlinkSync(join(inside, 'filler'));
    const recovered = await until(health, ({ code }) => code === 200, 30_000);
    const after = [];
    for (let i = 0; i < 5; i++) after.push(await postBatch());

    // Assess
    expect(recovered).toMatchObject({ code: 200, body: { status: 'ok' } });
    // Stages that have not run yet (no compaction, no model) are idle, not failing.
    expect(
      Object.values(recovered.body.components).every((component) => ['ok', 'idle'].includes(component.status)),
    ).toBe(true);
    expect(after.map(({ status }) => status)).toStrictEqual([200, 200, 200, 200, 200]);
    for (const { txIds } of after) accepted.push(...txIds);
  });

  it('lost nothing it accepted: every accepted event once on bcns and in raw_bcns and parquet_bcns', async () => {
    // Prepare
    const kinesis = createLocalKinesisClient((await health()).body.kinesis_endpoint);
    const expected = [...accepted].sort();

    // Act
    const onStream = await until(
      async () =>
        (await readAllRecords(kinesis, 'bcns')).map((r) => r.partitionKey).filter((k) => k.startsWith(`disk-${RUN}-`)),
      (keys) => keys.length >= expected.length,
    );
    const inLake = await until(
      lakeCounts,
      (counts) =>
        JSON.stringify(counts) ===
        JSON.stringify({
          raw: { rows: expected.length, tx_ids: expected.length },
          parquet: { rows: expected.length, tx_ids: expected.length },
        }),
    );
    kinesis.destroy();

    // Assess: exactly the accepted events (the refused batch was not stored), each once, in both tables.
    expect(onStream.sort()).toStrictEqual(expected);
    expect(inLake).toStrictEqual({
      raw: { rows: expected.length, tx_ids: expected.length },
      parquet: { rows: expected.length, tx_ids: expected.length },
    });
  });
});
