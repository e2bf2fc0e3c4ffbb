/**
 * Where the data lifecycle keeps its state in the lake (an S3 bucket on AWS, the lake folder
 * locally), beside the data and outside every table's prefix:
 *
 *   lifecycle/erasure-salt                       the salt of every id hash, made once per lake
 *   lifecycle/erasures/<id>.json                 a pending erasure (a tombstone): hashes only
 *   lifecycle/audit/<id>/<time>-<event>.json     the audit log: what each erasure did, kept
 *   lifecycle/replay/<run>/shard-<n>.json        recomputed windows of a sharded replay
 */
export const LIFECYCLE_PREFIX = 'lifecycle/';
export const ERASURE_SALT_KEY = `${LIFECYCLE_PREFIX}erasure-salt`;
export const ERASURES_PREFIX = `${LIFECYCLE_PREFIX}erasures/`;
export const AUDIT_PREFIX = `${LIFECYCLE_PREFIX}audit/`;
export const REPLAY_PREFIX = `${LIFECYCLE_PREFIX}replay/`;

export function erasureKey(id: string): string {
  return `${ERASURES_PREFIX}${id}.json`;
}

export function erasureIdOfKey(key: string): string | undefined {
  const match = /^lifecycle\/erasures\/([^/]+)\.json$/.exec(key);
  return match?.[1];
}

/** Audit entries of one erasure sort by time: `<ISO time>-<event>.json`. */
export function auditKey(id: string, at: number, event: string): string {
  return `${AUDIT_PREFIX}${id}/${new Date(at).toISOString()}-${event}.json`;
}

export function replayShardKey(runId: string, shard: number): string {
  return `${REPLAY_PREFIX}${runId}/shard-${shard}.json`;
}
