import {
  dataPrefix,
  HOUR_MS,
  manifestPrefix,
  type Partition,
  partitionOf,
  partitionStart,
} from '../domain/lake/lake-layout.ts';
import { STREAM_NAMES, type StreamName } from '../domain/streams.ts';
import { isManifestKey } from './manifest.ts';
import type { ObjectStore } from './object-store.ts';

/**
 * A piece of the lake an erasure sweep handles at once: one partition of one table. `raw` and
 * `errors` units are the objects under the partition's prefix; a `parquet` unit is what its
 * manifest lists, read when the unit is handled.
 */
export interface LakeUnit {
  readonly kind: 'raw' | 'parquet' | 'errors';
  readonly stream: StreamName;
  readonly partition: Partition;
  /** Objects of a raw or errors unit; empty for parquet (the manifest says). */
  readonly keys: readonly string[];
}

/** Units sort by hour, then kind and stream: a sweep's progress is the last unit key it finished. */
export function unitKey(unit: Pick<LakeUnit, 'kind' | 'stream' | 'partition'>): string {
  return `${unit.partition.dt}T${unit.partition.hr}|${unit.kind}|${unit.stream}`;
}

export const ERRORS_PREFIX = 'errors/';
const PARTITION_IN_KEY = /\/dt=(\d{4}-\d{2}-\d{2})\/hr=(\d{2})\//;
const ERROR_KEY = /^errors\/(?:raw|parquet)\/([^/]+)\//;

/**
 * Every unit of `streams` whose hour starts at or after `from` (the whole lake when null), sorted.
 * Scoped listings go day by day, so a sweep of the last hours lists only those days.
 */
export async function listUnits(
  store: ObjectStore,
  streams: readonly StreamName[],
  from: number | null,
  now: number,
): Promise<LakeUnit[]> {
  const units = new Map<string, LakeUnit>();
  const add = (kind: LakeUnit['kind'], stream: StreamName, key: string) => {
    const match = PARTITION_IN_KEY.exec(key);
    if (!match) return;
    const partition = { dt: match[1] as string, hr: match[2] as string };
    if (from !== null && partitionStart(partition) < from) return;
    const id = unitKey({ kind, stream, partition });
    const unit = units.get(id) ?? { kind, stream, partition, keys: [] };
    units.set(id, kind === 'parquet' ? unit : { ...unit, keys: [...unit.keys, key] });
  };
  const prefixes = (root: string) => (from === null ? [root] : days(from, now).map((dt) => `${root}dt=${dt}/`));
  for (const stream of streams) {
    for (const prefix of prefixes(dataPrefix('raw', stream))) {
      for (const { key } of await store.list(prefix)) add('raw', stream, key);
    }
    for (const prefix of prefixes(manifestPrefix(stream))) {
      for (const { key } of await store.list(prefix)) if (isManifestKey(key)) add('parquet', stream, key);
    }
  }
  for (const { key } of await store.list(ERRORS_PREFIX)) {
    const stream = ERROR_KEY.exec(key)?.[1] as StreamName | undefined;
    if (stream && streams.includes(stream) && STREAM_NAMES.includes(stream)) add('errors', stream, key);
  }
  return [...units.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, unit]) => unit);
}

/** The UTC dates from `from`'s to `now`'s, inclusive. */
function days(from: number, now: number): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${partitionOf(from).dt}T00:00:00Z`); t <= now; t += 24 * HOUR_MS) {
    dates.push(partitionOf(t).dt);
  }
  return dates;
}
