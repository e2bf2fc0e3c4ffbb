import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partitionStart } from '../../../lambda/domain/lake/lake-layout.ts';
import { LAKE_TABLES } from '../../../lambda/domain/lake/lake-tables.ts';
import type { ObjectStore } from '../../../lambda/lake/object-store.ts';
import { requestErasure } from '../../../lambda/lake/request-erasure.ts';
import { sweepErasures } from '../../../lambda/lake/sweep-erasures.ts';
import { FileObjectStore } from '../../../local/lake/file-object-store.ts';
import { LakeSql } from '../../../local/lake/lake-sql.ts';
import { buildLake, ERASED, HOURS, keptRows, tableRows } from '../../helpers/erasure-fixtures.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

const REQUESTED_AT = partitionStart(HOURS[1] as (typeof HOURS)[number]) + 2 * 3_600_000;
const TABLES = LAKE_TABLES.map((table) => table.name);

/** A store that runs `before` ahead of every write, and dies at its n-th write as a killed process would. */
class InstrumentedStore implements ObjectStore {
  readonly writes: string[] = [];
  constructor(
    private readonly inner: FileObjectStore,
    private readonly crashAt = Number.POSITIVE_INFINITY,
    private readonly before: () => Promise<void> = async () => {},
  ) {}
  uri = (key: string) => this.inner.uri(key);
  keyOf = (uri: string) => this.inner.keyOf(uri);
  getText = (key: string) => this.inner.getText(key);
  list = (prefix: string) => this.inner.list(prefix);
  download = (key: string) => this.inner.download(key);
  putText: ObjectStore['putText'] = (key, ...rest) => this.#write(key, () => this.inner.putText(key, ...rest));
  upload: ObjectStore['upload'] = (path, key) => this.#write(key, () => this.inner.upload(path, key));
  delete: ObjectStore['delete'] = (key) => this.#write(key, () => this.inner.delete(key));

  async #write(key: string, write: () => Promise<void>): Promise<void> {
    await this.before();
    if (this.writes.length + 1 >= this.crashAt) throw new Error(`crash at write ${this.crashAt}`);
    this.writes.push(key);
    await write();
  }
}

/** The kind of a write, by the key it goes to. */
function kindOf(key: string): string {
  return (
    /^(lifecycle\/erasures|lifecycle\/audit|compaction\/retired|manifests|parquet|raw|errors)/.exec(key)?.[1] ?? key
  );
}

/** Each table's rows, parsed, split into the erased user's transactions and everyone else's. */
function split(tables: Record<string, string[]>) {
  const result: Record<string, { kept: string[]; erased: number }> = {};
  for (const [table, rows] of Object.entries(tables)) {
    const parsed = rows.map((row) => JSON.parse(row));
    const kept = keptRows(parsed).map((row) => JSON.stringify(row));
    result[table] = { kept: kept.sort(), erased: rows.length - kept.length };
  }
  return result;
}

// A template lake is built once and copied per case: each case is a sweep or two on its own copy.
describe('an erasure sweep seen by readers and cut short by a crash', { timeout: 120_000 }, async () => {
  const template = await makeLake();
  await buildLake(template);
  const copy = async () => {
    const root = await mkdtemp(join(tmpdir(), 'sdp-lake-'));
    await cp(template.root, root, { recursive: true });
    const store = new FileObjectStore(root);
    // Manifests list absolute paths locally (as they list s3:// URIs on AWS): point them at the copy.
    for (const { key } of await store.list('manifests/')) {
      const manifest = await store.getText(key);
      if (manifest) await store.putText(key, manifest.body.replaceAll(template.root, root));
    }
    await requestErasure({ store, appUids: [ERASED], now: REQUESTED_AT, streamRetentionHours: 24, deliveryMs: 0 });
    return store;
  };
  const before = split(await tableRows(template, TABLES));
  const now = () => REQUESTED_AT + 1000;

  it('queries during the sweep see every other row exactly once, before and at every write', async () => {
    // Prepare
    const store = await copy();
    const opened = await LakeSql.open(store, { dialect: 'duckdb' });
    const seen: Record<string, { kept: string[]; erased: number }>[] = [];
    const query = async (sql: LakeSql) => {
      const tables: Record<string, string[]> = {};
      for (const table of TABLES) {
        const { rows } = await sql.query(`SELECT * EXCLUDE (dt, hr) FROM ${table}`);
        tables[table] = rows.map((row) => JSON.stringify(row)).sort();
      }
      return split(tables);
    };
    const observe = async () => {
      seen.push(await query(opened));
      const fresh = await LakeSql.open(store, { dialect: 'duckdb' });
      try {
        seen.push(await query(fresh));
      } finally {
        fresh.close();
      }
    };

    // Act
    try {
      await sweepErasures({ store: new InstrumentedStore(store, undefined, observe), now, graceMs: 0 });
    } finally {
      opened.close();
    }

    // Assess
    expect(seen.length).toBeGreaterThan(40);
    for (const view of seen) {
      for (const table of TABLES) {
        expect(view[table]?.kept).toStrictEqual(before[table]?.kept);
        expect(view[table]?.erased).toBeLessThanOrEqual(before[table]?.erased as number);
      }
    }
    const after = split(await tableRows(store, TABLES));
    for (const table of TABLES) expect(after[table]).toStrictEqual({ kept: before[table]?.kept, erased: 0 });
  });

  // Crash points: the first and the last write of each kind a sweep makes.
  const probe = new InstrumentedStore(await copy());
  await sweepErasures({ store: probe, now, graceMs: 0 });
  const points = new Set<number>();
  const kinds = probe.writes.map(kindOf);
  for (const kind of new Set(kinds)) {
    points.add(kinds.indexOf(kind) + 1);
    points.add(kinds.lastIndexOf(kind) + 1);
  }

  it('makes the writes the crash points stand for', () => {
    expect([...new Set(kinds)].sort()).toStrictEqual([
      'compaction/retired',
      'errors',
      'lifecycle/audit',
      'lifecycle/erasures',
      'manifests',
      'parquet',
      'raw',
    ]);
  });

  it.each([...points].sort((a, b) => a - b))(
    'crash at write %i: nothing else is lost or doubled, and the next sweep erases everything',
    async (n) => {
      // Prepare
      const store = await copy();

      // Act
      await expect(sweepErasures({ store: new InstrumentedStore(store, n), now, graceMs: 0 })).rejects.toThrow(
        `crash at write ${n}`,
      );
      const afterCrash = split(await tableRows(store, TABLES));
      const [resumed] = await sweepErasures({ store, now, graceMs: 0 });

      // Assess
      for (const table of TABLES) expect(afterCrash[table]?.kept).toStrictEqual(before[table]?.kept);
      expect(resumed?.finished).toBe(true);
      const after = split(await tableRows(store, TABLES));
      for (const table of TABLES) expect(after[table]).toStrictEqual({ kept: before[table]?.kept, erased: 0 });
    },
  );
});
