import type { BidInfo } from '../aggregation/tx-joiner.ts';

/**
 * Why a stage refused a record after ingestion (SPEC.md §7). The TypeScript processor and the Flink
 * job (FailedEvent.java) use the same codes, checked by the shared vectors in test/fixtures/aggregation.
 */
export const FAILED_EVENT_REASONS = [
  /** The record is not a valid bcns event (the parser rejected it). */
  'malformed',
  /** Its window had passed the correction horizon: no aggregate can change any more. */
  'too_late',
  /** An impression no bid joined within the attribution window, once that window passed. */
  'impression_without_bid',
  /** A click no counted impression joined within the click window, once that window passed. */
  'click_without_impression',
  /** The reports writer gave up on an aggregate after its retries: Lambda sent it to the DLQ. */
  'report_write_failed',
] as const;
export type FailedEventReason = (typeof FAILED_EVENT_REASONS)[number];

/** The stage that refused the record: the aggregation (Flink or the local processor) or the reports writer. */
export type FailedEventStage = 'aggregation' | 'reports';

/** One record of the `failed_events` stream and of the `raw_failed_events`/`parquet_failed_events` tables. */
export interface FailedEvent {
  readonly reason: FailedEventReason;
  readonly stage: FailedEventStage;
  /** The record's transaction, when it has one (null for malformed records and aggregates). */
  readonly tx_id: string | null;
  /** bid, imp, click or aggregate; null for a malformed record. */
  readonly type: string | null;
  /** The record's own event time, epoch ms; null for a malformed record and aggregates. */
  readonly event_timestamp: number | null;
  /** The original record as JSON text (a malformed one exactly as it was on the stream). */
  readonly event: string;
  /** When the stage refused it, epoch ms (the wall clock of the stage). */
  readonly timestamp: number;
}

/** What the pure aggregation decides; the stage running it stamps the time. */
export type FailedEventDraft = Omit<FailedEvent, 'timestamp'>;

export function malformed(raw: string): FailedEventDraft {
  return { reason: 'malformed', stage: 'aggregation', tx_id: null, type: null, event_timestamp: null, event: raw };
}

/**
 * The aggregation keeps the fields of a transaction's events, not their text: the event is
 * rebuilt from them, in the order of the schema, exactly as FailedEvent.java rebuilds it.
 */
export function bidEvent(txId: string, bid: BidInfo): string {
  return JSON.stringify({
    tx_id: txId,
    type: 'bid',
    timestamp: bid.t,
    campaign_item_id: bid.campaign,
    app_uid: bid.app_uid,
    ...(bid.domain === null ? {} : { domain: bid.domain }),
    ...(bid.creative_id === null ? {} : { creative_id: bid.creative_id }),
    ...(bid.creative_category === null ? {} : { creative_category: bid.creative_category }),
    ...(bid.bid_price === null ? {} : { win_price: bid.bid_price }),
  });
}

export function impressionEvent(txId: string, t: number, price: number): string {
  return JSON.stringify({ tx_id: txId, type: 'imp', timestamp: t, win_price: price });
}

export function clickEvent(txId: string, t: number): string {
  return JSON.stringify({ tx_id: txId, type: 'click', timestamp: t });
}

export function aggregationFailure(
  reason: Exclude<FailedEventReason, 'malformed' | 'report_write_failed'>,
  txId: string,
  type: 'bid' | 'imp' | 'click',
  eventTimestamp: number,
  event: string,
): FailedEventDraft {
  return { reason, stage: 'aggregation', tx_id: txId, type, event_timestamp: eventTimestamp, event };
}

/** An aggregate the reports writer could not apply (read back from the stream after Lambda's DLQ). */
export function reportWriteFailed(event: string, timestamp: number): FailedEvent {
  return {
    reason: 'report_write_failed',
    stage: 'reports',
    tx_id: null,
    type: 'aggregate',
    event_timestamp: null,
    event,
    timestamp,
  };
}

/** The failed event's Kinesis partition key: its transaction, else a hash of its text (as Java's hashCode). */
export function failedEventPartitionKey(event: FailedEventDraft): string {
  if (event.tx_id !== null) return event.tx_id;
  let hash = 0;
  for (let i = 0; i < event.event.length; i++) hash = (Math.imul(31, hash) + event.event.charCodeAt(i)) | 0;
  return (hash >>> 0).toString(16);
}
