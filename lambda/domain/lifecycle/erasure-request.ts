import { RequestError, type ValidationIssue } from '../errors.ts';
import { HOUR_MS } from '../lake/lake-layout.ts';
import type { ErasureTarget } from './erasure-match.ts';

/**
 * An erasure as the lake keeps it while it is pending: hashes only, never the ids. It is pending
 * (a tombstone) until records the user produced before the request can no longer arrive: the
 * stream retention plus the lake's delivery delay. Until then the lake writers drop matching rows
 * and every compaction run sweeps the partitions written since the last sweep.
 */
export interface ErasureRecord {
  readonly id: string;
  /** Epoch ms. */
  readonly requestedAt: number;
  /** Epoch ms: the tombstone is dropped once this has passed and a sweep after it found nothing. */
  readonly pendingUntil: number;
  /** Salted hashes of the erased `app_uid`s. */
  readonly appUids: readonly string[];
  /** Salted hashes of their transactions' `tx_id`s found so far; only grows. */
  readonly txIds: readonly string[];
  /** The sweep in progress, if one was interrupted (a deadline, a crash). */
  readonly sweep?: SweepProgress;
  /** The last finished sweep. */
  readonly swept?: { readonly startedAt: number; readonly finishedAt: number; readonly txIds: number };
  /** When the local processor dropped the transactions from its join state, and how many. */
  readonly joinStatePurged?: { readonly at: number; readonly txIds: number; readonly transactions: number };
}

export interface SweepProgress {
  readonly startedAt: number;
  /** Epoch ms of the first partition hour swept, or null for the whole lake. */
  readonly scopeFrom: number | null;
  readonly phase: 'collect' | 'rewrite';
  /** The last unit finished in this phase (see `unitKey`); units sort in this order. */
  readonly after?: string;
  /** Rows erased so far by this sweep, per table, and the files it rewrote. */
  readonly rows: Readonly<Record<string, number>>;
  readonly files: readonly string[];
}

/** Up to this many ids per request: each is a lake-wide sweep. */
export const MAX_ERASURE_IDS = 100;
const MAX_ID_LENGTH = 1024;

/** Validates the ids of an erasure request (the CLI's `--app-uid`s, the AWS request's `app_uids`). */
export function parseErasureIds(ids: unknown, path = 'app_uids'): string[] {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(ids) || ids.length === 0) {
    issues.push({ index: null, path, message: 'must be a non-empty array of app_uid strings' });
  } else if (ids.length > MAX_ERASURE_IDS) {
    issues.push({ index: null, path, message: `must hold at most ${MAX_ERASURE_IDS} ids, got ${ids.length}` });
  } else {
    ids.forEach((id, index) => {
      if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) {
        issues.push({
          index,
          path: `${path}[${index}]`,
          message: `must be a string of 1 to ${MAX_ID_LENGTH} characters`,
        });
      }
    });
  }
  if (issues.length > 0) {
    throw new RequestError(
      `Invalid erasure request: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return [...new Set(ids as string[])];
}

/**
 * How long an erasure stays pending: records produced before the request may still be on the
 * stream for its whole retention, then wait for the lake's delivery (Firehose buffering or the
 * local flush) and the compaction grace before they are in a partition a sweep reads.
 */
export function pendingUntil(requestedAt: number, streamRetentionHours: number, deliveryMs: number): number {
  return requestedAt + streamRetentionHours * HOUR_MS + deliveryMs;
}

export function erasureTarget(record: ErasureRecord, salt: string): ErasureTarget {
  return {
    salt,
    appUids: new Set(record.appUids),
    txIds: new Set(record.txIds),
    requestedAt: record.requestedAt,
  };
}

/** A new erasure's id: time-ordered and unrelated to the ids it erases. */
export function erasureId(requestedAt: number, random: string): string {
  return `${new Date(requestedAt).toISOString().replaceAll(/[-:]/g, '').slice(0, 15)}Z-${random}`;
}
