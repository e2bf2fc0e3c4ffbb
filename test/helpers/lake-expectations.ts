import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { partitionOf } from '../../lambda/domain/lake/lake-layout.ts';
import type { StreamName } from '../../lambda/domain/streams.ts';
import { readAllRecords } from '../../local/kinesis/read-stream.ts';
import type { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { LakeSql } from '../../local/lake/lake-sql.ts';

/*
 * What the lake and the reports must hold, computed from the streams themselves: the stream is the
 * reference for the lake (a request cut off by a kill may or may not have reached it), and the
 * bcns stream, with the aggregation's join rules, is the reference for the reports.
 */

/** Identity of a record of each stream, as SQL over its table and as the stream holds it. */
const IDENTITY: Record<StreamName, { sql: string; of: (record: Record<string, unknown>) => string }> = {
  bcns: {
    sql: `type || '|' || tx_id || '|' || CAST("timestamp" AS VARCHAR)`,
    of: (r) => `${r.type}|${r.tx_id}|${r.timestamp}`,
  },
  impressions: { sql: `tx_id || '|' || CAST("timestamp" AS VARCHAR)`, of: (r) => `${r.tx_id}|${r.timestamp}` },
  clicks: { sql: `tx_id || '|' || CAST("timestamp" AS VARCHAR)`, of: (r) => `${r.tx_id}|${r.timestamp}` },
  aggregates: {
    sql: `CAST(campaign_item_id AS VARCHAR) || '|' || period || '|' || CAST(version AS VARCHAR)`,
    of: (r) => `${r.campaign_item_id}|${r.period}|${r.version}`,
  },
  failed_events: {
    sql: `reason || '|' || coalesce(tx_id, '') || '|' || CAST("timestamp" AS VARCHAR)`,
    of: (r) => `${r.reason}|${r.tx_id ?? ''}|${r.timestamp}`,
  },
};

/** Every record of a stream as `<identity>@dt=…/hr=…` of its arrival hour, sorted (duplicates kept). */
export async function streamRows(kinesis: KinesisClient, stream: StreamName): Promise<string[]> {
  return (await readAllRecords(kinesis, stream))
    .map((record) => {
      const { dt, hr } = partitionOf(record.arrival);
      return `${IDENTITY[stream].of(JSON.parse(record.data))}@dt=${dt}/hr=${hr}`;
    })
    .sort();
}

/** Every row of a lake table as `<identity>@dt=…/hr=…` of the partition holding it, sorted. */
export async function lakeRows(store: FileObjectStore, table: `${'raw' | 'parquet'}_${StreamName}`): Promise<string[]> {
  const stream = table.slice(table.indexOf('_') + 1) as StreamName;
  const sql = await LakeSql.open(store);
  try {
    const { rows } = await sql.query(
      `SELECT ${IDENTITY[stream].sql} || '@dt=' || dt || '/hr=' || hr AS k FROM ${table} ORDER BY k`,
    );
    return rows.map((row) => row.k as string);
  } finally {
    sql.close();
  }
}

/** The partitions `rows` (from {@link streamRows} or {@link lakeRows}) fall in, oldest first, with their counts. */
export function partitionCounts(rows: readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const partition = row.slice(row.indexOf('@') + 1);
    counts.set(partition, (counts.get(partition) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

export interface ReportBucket {
  period: string;
  bids: number;
  impressions: number;
  clicks: number;
  spend: number;
}

export interface JoinWindows {
  readonly periodSeconds: number;
  readonly attributionWindowMs: number;
  readonly clickWindowMs: number;
}

interface BcnsRecord {
  readonly type: 'bid' | 'imp' | 'click';
  readonly tx_id: string;
  readonly timestamp: number;
  readonly campaign_item_id?: number;
  readonly win_price?: number;
}

/**
 * Each campaign's report buckets for a granularity, from the bcns records alone (SPEC.md §5): a
 * bid counts once in the window of its timestamp; an impression once, for its bid's campaign, if
 * within the attribution window of the bid; a click once if within the click window of a counted
 * impression; each in the window of its own timestamp.
 */
export function expectedReports(
  records: readonly BcnsRecord[],
  windows: JoinWindows,
  granularity: 'period' | 'hour' | 'day',
): Map<number, ReportBucket[]> {
  const first = (type: BcnsRecord['type']) => {
    const byTx = new Map<string, BcnsRecord>();
    for (const r of records) {
      const seen = byTx.get(r.tx_id);
      if (r.type === type && (!seen || r.timestamp < seen.timestamp)) byTx.set(r.tx_id, r);
    }
    return byTx;
  };
  const [bids, imps, clicks] = [first('bid'), first('imp'), first('click')];
  const buckets = new Map<string, { campaign: number; bucket: ReportBucket }>();
  const add = (campaign: number, timestamp: number, kind: 'bids' | 'impressions' | 'clicks', spend = 0) => {
    const period = bucketOf(timestamp, windows.periodSeconds, granularity);
    const id = `${campaign}|${period}`;
    const entry = buckets.get(id) ?? {
      campaign,
      bucket: { period, bids: 0, impressions: 0, clicks: 0, spend: 0 },
    };
    entry.bucket[kind]++;
    entry.bucket.spend += spend;
    buckets.set(id, entry);
  };
  for (const bid of bids.values()) add(bid.campaign_item_id as number, bid.timestamp, 'bids');
  for (const imp of imps.values()) {
    const bid = bids.get(imp.tx_id);
    if (!bid || Math.abs(imp.timestamp - bid.timestamp) > windows.attributionWindowMs) continue;
    add(bid.campaign_item_id as number, imp.timestamp, 'impressions', imp.win_price ?? 0);
    const click = clicks.get(imp.tx_id);
    if (click && Math.abs(click.timestamp - imp.timestamp) <= windows.clickWindowMs) {
      add(bid.campaign_item_id as number, click.timestamp, 'clicks');
    }
  }
  const reports = new Map<number, ReportBucket[]>();
  for (const { campaign, bucket } of buckets.values())
    reports.set(campaign, [...(reports.get(campaign) ?? []), bucket]);
  for (const list of reports.values()) list.sort((a, b) => a.period.localeCompare(b.period));
  return reports;
}

function bucketOf(timestamp: number, periodSeconds: number, granularity: 'period' | 'hour' | 'day'): string {
  const unit = granularity === 'period' ? periodSeconds * 1000 : granularity === 'hour' ? 3_600_000 : 86_400_000;
  return `${new Date(Math.floor(timestamp / unit) * unit).toISOString().slice(0, 19)}Z`;
}

/** The bcns stream's records, parsed. */
export async function bcnsRecords(kinesis: KinesisClient): Promise<BcnsRecord[]> {
  return (await readAllRecords(kinesis, 'bcns')).map((record) => JSON.parse(record.data) as BcnsRecord);
}
