import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { COMPACTED_PREFIX, dataPrefix, manifestKey, partitionOf } from '../../../lambda/domain/lake/lake-layout.ts';
import { readManifest } from '../../../lambda/lake/manifest.ts';
import type { ObjectStore } from '../../../lambda/lake/object-store.ts';
import {
  COMPACTION_LOCK_KEY,
  type CompactLakeOptions,
  compactLake,
  IncompleteCompactionError,
} from '../../../lambda/lake/run-compaction.ts';
import type { FileObjectStore } from '../../../local/lake/file-object-store.ts';
import { bidRows, deliverParquet, makeLake, PARTITION, visibleTxIds } from '../../helpers/lake-fixtures.ts';

const MANIFEST = manifestKey('bcns', PARTITION);

function options(store: ObjectStore, overrides: Partial<CompactLakeOptions> = {}): CompactLakeOptions {
  return { store, lookbackHours: 1, graceMs: 0, targetBytes: 64 * 1024 * 1024, partitions: [PARTITION], ...overrides };
}

/** A lake with `files` small Parquet files of 50 bids each in PARTITION; returns the rows' tx_ids. */
async function smallFiles(store: FileObjectStore, files: number): Promise<string[]> {
  for (let i = 0; i < files; i++) await deliverParquet(store, `delivery-${i}`, bidRows(i * 50, 50));
  return visibleTxIds(store);
}

async function dataFiles(store: FileObjectStore): Promise<string[]> {
  return (await store.list(dataPrefix('parquet', 'bcns', PARTITION))).map((o) => o.key);
}

describe('compactLake', () => {
  it('merges the small files of a partition into one and keeps every row', async () => {
    // Prepare
    const store = await makeLake();
    const before = await smallFiles(store, 6);

    // Act
    const result = await compactLake(options(store));

    // Assess
    expect(result).toStrictEqual({
      ran: true,
      expired: [],
      erasures: [],
      deleted: 0,
      compacted: [{ stream: 'bcns', partition: PARTITION, inputs: 6, outputs: 1, rows: 300 }],
    });
    const manifest = await readManifest(store, MANIFEST);
    expect(manifest.keys).toHaveLength(1);
    expect(manifest.keys[0]).toMatch(new RegExp(`/${COMPACTED_PREFIX}[^/]+\\.parquet$`));
    expect(await visibleTxIds(store)).toStrictEqual(before);
    expect(before).toHaveLength(300);
  });

  it('deletes the merged files on a later run, never before, and only those', async () => {
    // Prepare
    const store = await makeLake();
    await smallFiles(store, 4);
    await compactLake(options(store));
    const afterCompaction = await dataFiles(store);

    // Act
    const second = await compactLake(options(store));

    // Assess
    expect(afterCompaction).toHaveLength(5);
    expect(second).toStrictEqual({ ran: true, deleted: 4, compacted: [], expired: [], erasures: [] });
    expect(await dataFiles(store)).toStrictEqual([...(await readManifest(store, MANIFEST)).keys]);
  });

  it('keeps retired files while queries may still read them (the grace period)', async () => {
    // Prepare
    const store = await makeLake();
    await smallFiles(store, 3);
    await compactLake(options(store, { graceMs: 60_000 }));

    // Act
    const second = await compactLake(options(store, { graceMs: 60_000 }));

    // Assess
    expect(second).toStrictEqual({ ran: true, deleted: 0, compacted: [], expired: [], erasures: [] });
    expect(await dataFiles(store)).toHaveLength(4);
  });

  it('merges files that arrive after the hour was compacted', async () => {
    // Prepare
    const store = await makeLake();
    await smallFiles(store, 3);
    await compactLake(options(store));
    await deliverParquet(store, 'late-1', bidRows(1000, 20));
    await deliverParquet(store, 'late-2', bidRows(2000, 30));
    const before = await visibleTxIds(store);

    // Act
    const result = await compactLake(options(store));

    // Assess
    expect(result).toStrictEqual({
      ran: true,
      expired: [],
      erasures: [],
      deleted: 3,
      compacted: [{ stream: 'bcns', partition: PARTITION, inputs: 3, outputs: 1, rows: 200 }],
    });
    expect((await readManifest(store, MANIFEST)).keys).toHaveLength(1);
    expect(await visibleTxIds(store)).toStrictEqual(before);
    expect(before).toHaveLength(200);
  });

  it('leaves a partition alone when it has one file or only files at the target size', async () => {
    // Prepare
    const single = await makeLake();
    await smallFiles(single, 1);
    const large = await makeLake();
    await smallFiles(large, 3);

    // Act
    const results = [await compactLake(options(single)), await compactLake(options(large, { targetBytes: 100 }))];

    // Assess
    expect(results).toStrictEqual([
      { ran: true, deleted: 0, compacted: [], expired: [], erasures: [] },
      { ran: true, deleted: 0, compacted: [], expired: [], erasures: [] },
    ]);
    expect((await readManifest(large, MANIFEST)).keys).toHaveLength(3);
  });

  it('splits a partition larger than the target into several outputs', async () => {
    // Prepare
    const store = await makeLake();
    const before = await smallFiles(store, 4);
    const sizes = (await store.list(dataPrefix('parquet', 'bcns', PARTITION))).map((o) => o.size);
    const target = Math.max(...sizes) * 2 + 1;

    // Act
    const result = await compactLake(options(store, { targetBytes: target }));

    // Assess
    expect(result).toStrictEqual({
      ran: true,
      expired: [],
      erasures: [],
      deleted: 0,
      compacted: [{ stream: 'bcns', partition: PARTITION, inputs: 4, outputs: 2, rows: 200 }],
    });
    expect(await visibleTxIds(store)).toStrictEqual(before);
  });

  it('runs one compaction at a time', async () => {
    // Prepare
    const store = await makeLake();
    await smallFiles(store, 4);

    // Act
    const results = await Promise.all([compactLake(options(store)), compactLake(options(store))]);

    // Assess
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.find((r) => !r.ran)).toStrictEqual({
      ran: false,
      reason: expect.stringMatching(/^another compaction holds the lock until \d{4}-/),
    });
    expect((await readManifest(store, MANIFEST)).keys).toHaveLength(1);
  });

  it('takes over the lock a crashed run left once its lease expired', async () => {
    // Prepare
    const store = await makeLake();
    await smallFiles(store, 2);
    await store.putText(COMPACTION_LOCK_KEY, JSON.stringify({ owner: 'crashed', expiresAt: Date.now() - 1 }));

    // Act
    const result = await compactLake(options(store));

    // Assess
    expect(result.ran).toBe(true);
    expect(await store.getText(COMPACTION_LOCK_KEY)).toBeUndefined();
  });
});

describe('compactLake on its own clock', () => {
  const NEW_YEAR = Date.parse('2027-01-01T00:00:00Z');
  const OLD_HOUR = { dt: '2026-12-31', hr: '23' };
  const MINUTE = 60_000;

  it.each([
    ['the grace has not passed since midnight', NEW_YEAR + 5 * MINUTE - 1, []],
    ['the grace has passed since midnight', NEW_YEAR + 5 * MINUTE, [OLD_HOUR]],
  ])('compacts the hour before New Year only once it closed and %s', async (_, now, expected) => {
    // Prepare
    const store = await makeLake();
    for (let i = 0; i < 2; i++) await deliverParquet(store, `old-${i}`, bidRows(i * 10, 10), OLD_HOUR);
    for (let i = 0; i < 2; i++)
      await deliverParquet(store, `new-${i}`, bidRows(100 + i * 10, 10), partitionOf(NEW_YEAR));

    // Act
    const result = await compactLake({
      store,
      now: () => now,
      lookbackHours: 48,
      graceMs: 5 * MINUTE,
      targetBytes: 64 * 1024 * 1024,
    });

    // Assess
    expect(result.ran && result.compacted.map((c) => c.partition)).toStrictEqual(expected);
  });

  it('keeps retired files for the grace period of its own clock, whatever the files’ times say', async () => {
    // Prepare: the compactor's clock is a month ahead of the file system's
    const store = await makeLake();
    await smallFiles(store, 3);
    const grace = 15 * MINUTE;
    const at = (now: number) => options(store, { graceMs: grace, now: () => now });
    await compactLake(at(NEW_YEAR));

    // Act
    const early = await compactLake(at(NEW_YEAR + grace - 1));
    const due = await compactLake(at(NEW_YEAR + grace));

    // Assess
    expect(early).toStrictEqual({ ran: true, deleted: 0, compacted: [], expired: [], erasures: [] });
    expect(due).toStrictEqual({ ran: true, deleted: 3, compacted: [], expired: [], erasures: [] });
  });

  it('fails, naming the file, for a partition whose manifest lists a file that is gone, and compacts the others', async () => {
    // Prepare
    const store = await makeLake();
    const other = { dt: '2026-11-20', hr: '08' };
    const [gone] = [
      await deliverParquet(store, 'gone', bidRows(0, 5)),
      await deliverParquet(store, 'kept', bidRows(5, 5)),
    ];
    for (let i = 0; i < 2; i++) await deliverParquet(store, `other-${i}`, bidRows(20 + i * 5, 5), other);
    await store.delete(gone);

    // Act
    const run = compactLake(options(store, { partitions: [PARTITION, other] }));

    // Assess
    await expect(run).rejects.toThrow(IncompleteCompactionError);
    await expect(run).rejects.toThrow(
      `Compaction left 1 partition as it was: ${MANIFEST} lists ${gone}, which does not exist`,
    );
    expect(await readManifest(store, MANIFEST).then((m) => m.keys)).toHaveLength(2);
    const compactedOther = (await readManifest(store, manifestKey('bcns', other))).keys;
    expect(compactedOther).toHaveLength(1);
    expect(compactedOther[0]).toContain(COMPACTED_PREFIX);
  });
});

/**
 * A store that dies at its n-th write: that write and every later one fail, as when the process is
 * killed there. Reads keep working, as they would for the next run.
 */
class CrashingStore implements ObjectStore {
  writes = 0;
  constructor(
    private readonly inner: FileObjectStore,
    private readonly crashAt: number,
  ) {}
  uri = (key: string) => this.inner.uri(key);
  keyOf = (uri: string) => this.inner.keyOf(uri);
  getText = (key: string) => this.inner.getText(key);
  list = (prefix: string) => this.inner.list(prefix);
  download = (key: string) => this.inner.download(key);
  putText: ObjectStore['putText'] = (...args) => this.#write(() => this.inner.putText(...args));
  upload: ObjectStore['upload'] = (...args) => this.#write(() => this.inner.upload(...args));
  delete: ObjectStore['delete'] = (...args) => this.#write(() => this.inner.delete(...args));

  async #write(write: () => Promise<void>): Promise<void> {
    if (++this.writes >= this.crashAt) throw new Error(`crash at write ${this.crashAt}`);
    await write();
  }
}

describe('compactLake after a crash at any write', async () => {
  // Counts the writes of a whole run: lock, retirement record, upload, manifest swap, unlock.
  const probe = await makeLake();
  await smallFiles(probe, 3);
  const counter = new CrashingStore(probe, Number.POSITIVE_INFINITY);
  await compactLake(options(counter));
  const writes = Array.from({ length: counter.writes }, (_, i) => i + 1);

  it.each(writes)('crash at write %i: readers never see rows missing or doubled, the next run finishes', async (n) => {
    // Prepare
    const store = await makeLake();
    const before = await smallFiles(store, 3);

    // Act
    await expect(compactLake(options(new CrashingStore(store, n), { leaseMs: 1 }))).rejects.toThrow(
      `crash at write ${n}`,
    );
    const seenAfterCrash = await visibleTxIds(store);
    await sleep(5);
    await compactLake(options(store));
    await compactLake(options(store));

    // Assess
    expect(seenAfterCrash).toStrictEqual(before);
    expect(await visibleTxIds(store)).toStrictEqual(before);
    const manifest = (await readManifest(store, MANIFEST)).keys;
    expect(manifest).toHaveLength(1);
    expect(await dataFiles(store)).toStrictEqual([...manifest]);
    expect(await store.list('compaction/')).toStrictEqual([]);
  });
});
