import { manifestKey, type Partition } from '../domain/lake/lake-layout.ts';
import { STREAM_NAMES, type StreamName } from '../domain/streams.ts';
import { readManifest } from './manifest.ts';
import type { ObjectStore } from './object-store.ts';

/** What a compaction run meant to replace, written before it touches anything. */
export interface Retirement {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly createdAt: number;
}

export const RETIREMENT_PREFIX = 'compaction/retired/';

export function retirementKey(stream: StreamName, { dt, hr }: Partition, runId: string): string {
  return `${RETIREMENT_PREFIX}${stream}/dt=${dt}/hr=${hr}/${runId}.json`;
}

const RETIREMENT_KEY = new RegExp(
  `^compaction/retired/(${STREAM_NAMES.join('|')})/dt=([\\d-]+)/hr=(\\d{2})/[^/]+\\.json$`,
);

function parseRetirementKey(key: string): { stream: StreamName; partition: Partition } | undefined {
  const match = RETIREMENT_KEY.exec(key);
  return match
    ? { stream: match[1] as StreamName, partition: { dt: match[2] as string, hr: match[3] as string } }
    : undefined;
}

/**
 * Deletes the files of retirement records older than `graceMs` that no manifest refers to: the
 * inputs of a committed compaction, or the outputs of one that crashed before its commit. A file
 * still in its manifest is never deleted, whatever the record says.
 */
export async function vacuum(store: ObjectStore, now: number, graceMs: number): Promise<number> {
  let deleted = 0;
  for (const record of await store.list(RETIREMENT_PREFIX)) {
    const parsed = parseRetirementKey(record.key);
    if (!parsed) continue;
    const body = await store.getText(record.key);
    if (body) {
      const retirement = JSON.parse(body.body) as Retirement;
      // The grace runs on the compactor's clock, which wrote `createdAt`: the store's modification
      // time comes from another clock (S3's; a file system's under a faked or jumping clock).
      if (now - retirement.createdAt < graceMs) continue;
      const live = new Set((await readManifest(store, manifestKey(parsed.stream, parsed.partition))).keys);
      for (const key of [...retirement.inputs, ...retirement.outputs]) {
        if (live.has(key)) continue;
        await store.delete(key);
        deleted++;
      }
    }
    await store.delete(record.key);
  }
  return deleted;
}
