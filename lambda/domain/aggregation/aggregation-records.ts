import { parseJsonObject } from '../json-object.ts';

/** Records the aggregation reads from `bcns` and writes to `impressions`, `clicks` and `aggregates`. */

export interface BidRecord {
  readonly type: 'bid';
  readonly tx_id: string;
  readonly timestamp: number;
  readonly campaign_item_id: number;
  readonly app_uid: string;
  readonly domain?: string;
  readonly creative_id?: string;
  readonly creative_category?: string;
  readonly win_price?: number;
}

export interface ImpressionRecord {
  readonly type: 'imp';
  readonly tx_id: string;
  readonly timestamp: number;
  readonly win_price: number;
}

export interface ClickRecord {
  readonly type: 'click';
  readonly tx_id: string;
  readonly timestamp: number;
}

export type BcnsRecord = BidRecord | ImpressionRecord | ClickRecord;

/** An impression joined to its bid: what the `impressions` stream carries. Absent bid fields are null. */
export interface JoinedImpression {
  readonly tx_id: string;
  readonly campaign_item_id: number;
  readonly app_uid: string;
  readonly domain: string | null;
  readonly creative_id: string | null;
  readonly creative_category: string | null;
  /** The bid's offered price. */
  readonly bid_price: number | null;
  /** The clearing price. */
  readonly win_price: number;
  readonly bid_timestamp: number;
  readonly timestamp: number;
}

/** A click joined to its impression and bid: what the `clicks` stream carries. */
export interface JoinedClick extends Omit<JoinedImpression, 'timestamp'> {
  readonly impression_timestamp: number;
  readonly timestamp: number;
}

/**
 * One campaign × window with absolute counts. `version` grows with every change (it is the sum of
 * the counts), so a store can apply aggregates idempotently and in order.
 */
export interface Aggregate {
  readonly campaign_item_id: number;
  /** Window start, ISO-8601 UTC with whole seconds, e.g. 2026-11-22T10:15:00Z. */
  readonly period: string;
  readonly bids: number;
  readonly impressions: number;
  readonly clicks: number;
  /** Sum of the counted impressions' clearing prices, micro-units. */
  readonly spend: number;
  readonly version: number;
}

export function formatPeriod(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** A Kinesis partition key holds at most 256 characters; a longer tx_id could never be written back. */
export const MAX_TX_ID_LENGTH = 256;
/** 9999-12-31T23:59:59.999Z: later instants have no four-digit-year ISO-8601 period. */
export const MAX_TIMESTAMP = 253_402_300_799_999;

/**
 * Parses one `bcns` record defensively: the stream may carry anything a producer wrote, and one bad
 * record must never stop the aggregation. Returns undefined for a record it cannot use.
 */
export function parseBcnsRecord(data: string): BcnsRecord | undefined {
  const r = parseJsonObject(data);
  if (!r) return undefined;
  if (typeof r.tx_id !== 'string' || r.tx_id === '' || r.tx_id.length > MAX_TX_ID_LENGTH) return undefined;
  if (!isCount(r.timestamp) || r.timestamp > MAX_TIMESTAMP) return undefined;
  switch (r.type) {
    case 'bid':
      if (!isCount(r.campaign_item_id) || typeof r.app_uid !== 'string') return undefined;
      if (!optional(r.domain, isString) || !optional(r.creative_id, isString)) return undefined;
      if (!optional(r.creative_category, isString) || !optional(r.win_price, isCount)) return undefined;
      return r as unknown as BidRecord;
    case 'imp':
      return isCount(r.win_price) ? (r as unknown as ImpressionRecord) : undefined;
    case 'click':
      return r as unknown as ClickRecord;
    default:
      return undefined;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}
