import { createHash } from 'node:crypto';

/**
 * Which lake rows an erasure removes (SPEC.md §10). Ids are never kept in clear: an erasure holds
 * the salted hashes of the `app_uid`s it was asked for and of their transactions' `tx_id`s, and a
 * row matches when the hash of its own value is among them. The same rule is written in SQL for
 * Parquet (`erasureSql`), so raw and Parquet copies of a table lose the same rows.
 *
 * A row is erased when
 *   - its `app_uid` is an erased id and it was received (`bid_timestamp`, else `event_timestamp`,
 *     else `timestamp`) no later than the request: what a user sends after asking is new data;
 *   - or its `tx_id` is one of the erased transactions (an impression or click of an erased bid);
 *   - or it is kept as text (a failed event's `event`, a malformed record, Firehose's base64
 *     `rawData`) and any string in that text is an erased id or transaction.
 */

/** `sha256(salt || value)` as lowercase hex: DuckDB's `sha256(salt || value)` computes the same. */
export function saltedHash(salt: string, value: string): string {
  return createHash('sha256')
    .update(salt + value, 'utf8')
    .digest('hex');
}

/** Columns that identify a user or a transaction, and columns holding a record as text. */
export const APP_UID_COLUMN = 'app_uid';
export const TX_ID_COLUMN = 'tx_id';
export const TEXT_COLUMNS: readonly string[] = ['event'];
/** Firehose's error records carry the refused record base64-encoded here. */
export const BASE64_TEXT_FIELDS: readonly string[] = ['rawData'];
/** The receive time a row's `app_uid` match is bounded by: the first of these the row has. */
export const RECEIVE_TIME_COLUMNS: readonly string[] = ['bid_timestamp', 'event_timestamp', 'timestamp'];

/** JSON string literals, escapes included; DuckDB's `regexp_extract_all` uses the same pattern. */
export const STRING_LITERAL = /"((?:[^"\\]|\\.)*)"/g;

export interface ErasureTarget {
  readonly salt: string;
  /** Salted hashes of the erased `app_uid`s. */
  readonly appUids: ReadonlySet<string>;
  /** Salted hashes of their transactions' `tx_id`s known so far. */
  readonly txIds: ReadonlySet<string>;
  /** Epoch ms: rows received later than this are not the erased user's past data. */
  readonly requestedAt: number;
}

export class ErasureMatcher {
  readonly #target: ErasureTarget;
  readonly #cache = new Map<string, string>();

  constructor(target: ErasureTarget) {
    this.#target = target;
  }

  get target(): ErasureTarget {
    return this.#target;
  }

  /** Whether a raw lake line (JSON or not) holds a row to erase. */
  lineMatches(line: string): boolean {
    const record = parseObject(line);
    return record ? this.recordMatches(record) : this.#textMatches(line);
  }

  recordMatches(record: Readonly<Record<string, unknown>>): boolean {
    const appUid = record[APP_UID_COLUMN];
    if (typeof appUid === 'string' && this.#isAppUid(appUid) && receivedBy(record, this.#target.requestedAt)) {
      return true;
    }
    const txId = record[TX_ID_COLUMN];
    if (typeof txId === 'string' && this.#target.txIds.has(this.#hash(txId))) return true;
    for (const name of TEXT_COLUMNS) {
      const text = record[name];
      if (typeof text === 'string' && this.#textMatches(text)) return true;
    }
    for (const name of BASE64_TEXT_FIELDS) {
      const data = record[name];
      if (typeof data === 'string' && this.lineMatches(Buffer.from(data, 'base64').toString('utf8'))) return true;
    }
    return false;
  }

  /**
   * The `tx_id` of a row that is the erased user's own (their bid, or an impression or click joined
   * to it), received by the request: every other row of that transaction is then erased too.
   */
  ownedTxId(line: string): string | undefined {
    const record = parseObject(line);
    if (!record) return undefined;
    const owned = (r: Readonly<Record<string, unknown>>, txId: unknown) =>
      typeof r[APP_UID_COLUMN] === 'string' &&
      this.#isAppUid(r[APP_UID_COLUMN] as string) &&
      receivedBy(r, this.#target.requestedAt) &&
      typeof txId === 'string'
        ? txId
        : undefined;
    const direct = owned(record, record[TX_ID_COLUMN]);
    if (direct) return direct;
    for (const name of TEXT_COLUMNS) {
      const inner = typeof record[name] === 'string' ? parseObject(record[name] as string) : undefined;
      const found = inner && owned({ ...inner, ...timeOf(record) }, record[TX_ID_COLUMN] ?? inner[TX_ID_COLUMN]);
      if (found) return found;
    }
    for (const name of BASE64_TEXT_FIELDS) {
      if (typeof record[name] === 'string') {
        const found = this.ownedTxId(Buffer.from(record[name] as string, 'base64').toString('utf8'));
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The salted hash of a value, memoised: the same tx_id recurs on every line of its transaction. */
  hash(value: string): string {
    return this.#hash(value);
  }

  #isAppUid(value: string): boolean {
    return this.#target.appUids.has(this.#hash(value));
  }

  #textMatches(text: string): boolean {
    for (const match of text.matchAll(STRING_LITERAL)) {
      const hashed = this.#hash(match[1] as string);
      if (this.#target.appUids.has(hashed) || this.#target.txIds.has(hashed)) return true;
    }
    return false;
  }

  #hash(value: string): string {
    let hashed = this.#cache.get(value);
    if (hashed === undefined) {
      hashed = saltedHash(this.#target.salt, value);
      if (this.#cache.size > 100_000) this.#cache.clear();
      this.#cache.set(value, hashed);
    }
    return hashed;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function timeOf(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const column = RECEIVE_TIME_COLUMNS.find((name) => typeof record[name] === 'number');
  return column ? { [column]: record[column] } : {};
}

/** A row without any receive time (a record a stage could not read) counts as received by the request. */
function receivedBy(record: Readonly<Record<string, unknown>>, requestedAt: number): boolean {
  const column = RECEIVE_TIME_COLUMNS.find((name) => typeof record[name] === 'number');
  return column === undefined || (record[column] as number) <= requestedAt;
}
