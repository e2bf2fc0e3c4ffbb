import { randomUUID } from 'node:crypto';
import { HOUR_MS, manifestKey } from '../domain/lake/lake-layout.ts';
import { parquetColumns, tableName } from '../domain/lake/lake-tables.ts';
import { ErasureMatcher } from '../domain/lifecycle/erasure-match.ts';
import { type ErasureRecord, erasureTarget, type SweepProgress } from '../domain/lifecycle/erasure-request.ts';
import { STREAM_NAMES, type StreamName } from '../domain/streams.ts';
import { erasedRows, keptRows, ownedRows } from './erasure-sql.ts';
import { erasureSalt, listErasures, updateErasure, writeAudit } from './erasure-store.ts';
import type { LakeChangeListener } from './lake-changes.ts';
import { type LakeUnit, listUnits, unitKey } from './lake-units.ts';
import { readManifest } from './manifest.ts';
import type { ObjectStore } from './object-store.ts';
import { countSelected, selectDistinct } from './parquet-files.ts';
import { rewritePartition } from './rewrite-partition.ts';
import { readLines, rewriteTextObject } from './rewrite-text-object.ts';

export interface SweepErasuresOptions {
  readonly store: ObjectStore;
  readonly now: () => number;
  /** No unit is started after this instant; the next run resumes where this one stopped. */
  readonly deadline?: number;
  /** The lake's lease: once it aborts (lost to another run), no unit is started either. */
  readonly signal?: AbortSignal;
  /** How long retired Parquet files outlive their last reader (for the audit log's record of it). */
  readonly graceMs: number;
  /**
   * A later sweep re-reads the hours from this long before the previous sweep started: records
   * that arrived meanwhile land in the hour they arrived, which a delivery may write after it ends.
   * @default 2 hours
   */
  readonly overlapMs?: number;
  /** Told of each file's change before it is made (the local delivery ledger). */
  readonly onChange?: LakeChangeListener;
}

export interface ErasureSweep {
  readonly id: string;
  /** False when the deadline stopped it; the next run goes on from where it stopped. */
  readonly finished: boolean;
  /** The erasure is no longer pending: its tombstone is gone, its audit log says so. */
  readonly completed: boolean;
  /** Rows erased by this sweep, per table (`raw_bcns`, `parquet_clicks`, `errors_bcns`, …). */
  readonly rows: Readonly<Record<string, number>>;
  /** The objects rewritten: raw and error objects in place, Parquet files replaced in their manifest. */
  readonly files: readonly string[];
}

/** Streams whose rows can hold an id; `aggregates` cannot. */
export const ERASABLE_STREAMS: readonly StreamName[] = STREAM_NAMES.filter((stream) =>
  parquetColumns(stream).some((c) => c.name === 'tx_id' || c.name === 'app_uid'),
);

/**
 * Sweeps the lake for every pending erasure, one at a time, oldest first. A sweep first collects
 * the erased users' transactions (their bids, and impressions or clicks joined to them), stores
 * them in the erasure before anything is rewritten (a crash must not lose a transaction whose bid
 * is already gone), then rewrites every affected object: raw and error objects in place, Parquet
 * files through the verified rewrite of compaction. The first sweep covers the whole lake; later
 * ones the hours written since, or the whole lake again when new transactions turned up. An
 * erasure whose pending time had passed when a sweep started is complete after that sweep.
 * Call it under the lake's lease (`withLease` on the compaction lock), like compaction.
 */
export async function sweepErasures(options: SweepErasuresOptions): Promise<ErasureSweep[]> {
  const { store } = options;
  const sweeps: ErasureSweep[] = [];
  const records = await listErasures(store);
  if (records.length === 0) return sweeps;
  const salt = await erasureSalt(store);
  for (const record of records) {
    const sweep = await sweepOne(options, record, salt);
    sweeps.push(sweep);
    if (!sweep.finished) break;
  }
  return sweeps;
}

async function sweepOne(options: SweepErasuresOptions, initial: ErasureRecord, salt: string): Promise<ErasureSweep> {
  const { store, now } = options;
  const overlapMs = options.overlapMs ?? 2 * HOUR_MS;
  let record = initial;
  const save = async (change: (current: ErasureRecord) => ErasureRecord) => {
    record = (await updateErasure(store, record.id, change)) ?? record;
  };
  if (!record.sweep) {
    const startedAt = now();
    const scopeFrom = record.swept ? record.swept.startedAt - overlapMs : null;
    await save((current) => ({ ...current, sweep: { startedAt, scopeFrom, phase: 'collect', rows: {}, files: [] } }));
  }
  const progress = () => record.sweep as SweepProgress;
  const stopped = () =>
    options.signal?.aborted === true || (options.deadline !== undefined && now() > options.deadline);
  const unfinished = (): ErasureSweep => ({
    id: record.id,
    finished: false,
    completed: false,
    rows: progress().rows,
    files: progress().files,
  });

  if (progress().phase === 'collect') {
    for (const unit of await unitsAfter(store, progress(), now())) {
      if (stopped()) return unfinished();
      const found = await collectUnit(store, unit, new ErasureMatcher(erasureTarget(record, salt)));
      const after = unitKey(unit);
      await save((current) => {
        const txIds = new Set(current.txIds);
        for (const hash of found) txIds.add(hash);
        return { ...current, txIds: [...txIds], sweep: { ...(current.sweep as SweepProgress), after } };
      });
    }
    // New transactions may have rows anywhere (an impression before its late bid): then the whole lake.
    const grew = record.swept !== undefined && record.txIds.length > record.swept.txIds;
    await save((current) => {
      const sweep = current.sweep as SweepProgress;
      const scopeFrom = current.swept === undefined || grew ? null : sweep.scopeFrom;
      return { ...current, sweep: { ...sweep, phase: 'rewrite', scopeFrom, after: undefined } };
    });
  }

  const matcher = new ErasureMatcher(erasureTarget(record, salt));
  for (const unit of await unitsAfter(store, progress(), now())) {
    if (stopped()) return unfinished();
    const { rows, files } = await rewriteUnit(store, unit, matcher, now, options.onChange);
    const after = unitKey(unit);
    await save((current) => {
      const sweep = current.sweep as SweepProgress;
      const table = unit.kind === 'errors' ? `errors_${unit.stream}` : tableName(unit.kind, unit.stream);
      const total = { ...sweep.rows, ...(rows > 0 ? { [table]: (sweep.rows[table] ?? 0) + rows } : {}) };
      return { ...current, sweep: { ...sweep, after, rows: total, files: [...sweep.files, ...files] } };
    });
  }

  const { startedAt, rows, files } = progress();
  const finishedAt = now();
  const first = record.swept === undefined;
  const completed = startedAt >= record.pendingUntil;
  if (first || files.length > 0) {
    await writeAudit(store, {
      erasure_id: record.id,
      event: 'swept',
      at: new Date(finishedAt).toISOString(),
      app_uid_hashes: record.appUids,
      transactions: record.txIds.length,
      rows,
      files_rewritten: files,
      retired_files_deleted_after: new Date(finishedAt + options.graceMs).toISOString(),
    });
  }
  if (completed) {
    await updateErasure(store, record.id, () => 'delete');
    await writeAudit(store, {
      erasure_id: record.id,
      event: 'completed',
      at: new Date(finishedAt).toISOString(),
      app_uid_hashes: record.appUids,
      note: 'no longer pending: records sent before the request can no longer arrive',
    });
  } else {
    await save((current) => ({
      ...current,
      sweep: undefined,
      swept: { startedAt, finishedAt, txIds: current.txIds.length },
    }));
  }
  return { id: record.id, finished: true, completed, rows, files };
}

async function unitsAfter(store: ObjectStore, progress: SweepProgress, now: number): Promise<LakeUnit[]> {
  const units = await listUnits(store, ERASABLE_STREAMS, progress.scopeFrom, now);
  return progress.after === undefined ? units : units.filter((unit) => unitKey(unit) > (progress.after as string));
}

/** The salted hashes of the transactions the erased users own in one unit. */
async function collectUnit(store: ObjectStore, unit: LakeUnit, matcher: ErasureMatcher): Promise<Set<string>> {
  const found = new Set<string>();
  if (unit.kind !== 'parquet') {
    for (const key of unit.keys) {
      for (const line of await readLines(store, key)) {
        const txId = matcher.ownedTxId(line);
        if (txId !== undefined) found.add(matcher.hash(txId));
      }
    }
    return found;
  }
  const owned = ownedRows(matcher.target, parquetColumns(unit.stream));
  if (!owned) return found;
  await withManifestFiles(store, unit, async (paths) => {
    for (const hash of await selectDistinct([...paths.keys()], owned.txIdHash, owned.selection)) found.add(hash);
  });
  return found;
}

/** Erases the matching rows of one unit; resolves to how many and the objects rewritten. */
async function rewriteUnit(
  store: ObjectStore,
  unit: LakeUnit,
  matcher: ErasureMatcher,
  now: () => number,
  onChange: LakeChangeListener | undefined,
): Promise<{ rows: number; files: string[] }> {
  let rows = 0;
  const files: string[] = [];
  if (unit.kind !== 'parquet') {
    for (const key of unit.keys) {
      const kind = unit.kind;
      const rewrite = await rewriteTextObject(
        store,
        key,
        (line) => matcher.lineMatches(line),
        onChange &&
          ((r) => onChange({ change: 'rewritten', stream: unit.stream, kind, key, rows: r.kept, bytes: r.bytes })),
      );
      if (!rewrite) continue;
      rows += rewrite.removed;
      files.push(key);
    }
    return { rows, files };
  }
  const erased = erasedRows(matcher.target, parquetColumns(unit.stream));
  if (!erased) return { rows, files };
  const counts = await withManifestFiles(store, unit, async (paths) => {
    const byPath = await countSelected([...paths.keys()], erased);
    return new Map([...byPath].map(([path, n]) => [paths.get(path) as string, n]));
  });
  const affected = [...counts.keys()];
  if (affected.length === 0) return { rows, files };
  for (const [key, n] of counts) await onChange?.({ change: 'erased', stream: unit.stream, key, rows: n });
  const rewrite = await rewritePartition({
    store,
    stream: unit.stream,
    partition: unit.partition,
    groups: affected.map((key) => [key]),
    keep: keptRows(erased),
    runId: `erasure-${now()}-${randomUUID().slice(0, 8)}`,
    now,
  });
  return { rows: rewrite.removed, files: [...rewrite.retired] };
}

/** Runs `work` over local copies of the files a Parquet unit's manifest lists, by path → key. */
async function withManifestFiles<T>(
  store: ObjectStore,
  unit: LakeUnit,
  work: (paths: ReadonlyMap<string, string>) => Promise<T>,
): Promise<T> {
  const { keys } = await readManifest(store, manifestKey(unit.stream, unit.partition));
  const copies = await Promise.all(keys.map(async (key) => ({ key, copy: await store.download(key) })));
  try {
    return await work(new Map(copies.map(({ key, copy }) => [copy.path, key])));
  } finally {
    await Promise.all(copies.map(({ copy }) => copy.release()));
  }
}
