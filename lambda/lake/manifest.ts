import { MANIFEST_FILE } from '../domain/lake/lake-layout.ts';
import { type ObjectStore, PreconditionFailedError } from './object-store.ts';

/**
 * A partition's manifest: the data files a parquet_* table reads, one URI a line (the format of
 * Hive's SymlinkTextInputFormat, which Athena reads). Every change is a compare-and-swap on the
 * whole object, so concurrent writers (file registration, compaction) never lose each other's
 * changes and readers see either the old file set or the new one.
 */
export interface Manifest {
  readonly keys: readonly string[];
  /** Absent when the manifest does not exist yet. */
  readonly etag?: string;
}

const MAX_ATTEMPTS = 20;

export async function readManifest(store: ObjectStore, key: string): Promise<Manifest> {
  const object = await store.getText(key);
  if (!object) return { keys: [] };
  const keys = object.body
    .split('\n')
    .filter((line) => line !== '')
    .map((uri) => store.keyOf(uri) ?? uri);
  return { keys, etag: object.etag };
}

export function isManifestKey(key: string): boolean {
  return key.endsWith(`/${MANIFEST_FILE}`);
}

/**
 * Applies `change` to the current file list and swaps it in atomically, retrying on a lost race.
 * `change` returns undefined when there is nothing to do. Resolves to the list now stored.
 */
export async function updateManifest(
  store: ObjectStore,
  key: string,
  change: (keys: readonly string[]) => readonly string[] | undefined,
): Promise<readonly string[]> {
  for (let attempt = 1; ; attempt++) {
    const current = await readManifest(store, key);
    const next = change(current.keys);
    if (!next) return current.keys;
    const body = next.map((file) => `${store.uri(file)}\n`).join('');
    try {
      await store.putText(key, body, current.etag ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      return next;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
