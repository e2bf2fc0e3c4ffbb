import { COMPACTED_PREFIX, manifestKey, parseParquetKey } from '../domain/lake/lake-layout.ts';
import { updateManifest } from './manifest.ts';
import type { ObjectStore } from './object-store.ts';

/**
 * Adds newly delivered Parquet files to their partitions' manifests, which makes them visible to
 * parquet_* queries. Idempotent, so a redelivered event or a replayed commit adds nothing twice.
 * Keys that are not delivered Parquet data files are ignored. Returns how many files were newly added.
 */
export async function registerDataFiles(store: ObjectStore, keys: readonly string[]): Promise<number> {
  const byManifest = new Map<string, string[]>();
  for (const key of keys) {
    const parsed = parseParquetKey(key);
    // Compaction outputs enter their manifest only through the compactor's own swap; listing one
    // earlier would show its rows twice.
    if (!parsed || parsed.file.startsWith(COMPACTED_PREFIX)) continue;
    const manifest = manifestKey(parsed.stream, parsed.partition);
    byManifest.set(manifest, [...(byManifest.get(manifest) ?? []), key]);
  }
  let added = 0;
  for (const [manifest, files] of byManifest) {
    let fresh: string[] = [];
    await updateManifest(store, manifest, (current) => {
      const known = new Set(current);
      fresh = [...new Set(files)].filter((file) => !known.has(file));
      return fresh.length > 0 ? [...current, ...fresh] : undefined;
    });
    added += fresh.length;
  }
  return added;
}
