import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { WindowCounts } from '../domain/lifecycle/report-drift.ts';
import { REPORT_KEYS } from './report-store.ts';

/**
 * Whole-range reads and writes of a report table for replay and reconciliation: every campaign's
 * windows of a time range. These are Scans, which the reports API never makes (it Queries one
 * campaign); an operator's replay or the daily reconciliation reads each row of the range once.
 */

/** Every window with `from <= period < to` (ISO-8601 periods compare as text). */
export async function scanWindows(
  client: DynamoDBDocumentClient,
  tableName: string,
  from: string,
  to: string,
): Promise<WindowCounts[]> {
  const windows: WindowCounts[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#sk >= :from AND #sk < :to',
        ExpressionAttributeNames: { '#pk': REPORT_KEYS.partitionKey, '#sk': REPORT_KEYS.sortKey },
        ExpressionAttributeValues: { ':from': from, ':to': to },
        ProjectionExpression: '#pk, #sk, bids, impressions, clicks, spend, version',
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) windows.push(item as WindowCounts);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return windows;
}

/** DynamoDB's BatchWriteItem takes at most 25 requests. */
const BATCH = 25;

/**
 * Makes a shadow report table hold exactly `windows` for the range `from`–`to`: what a replay
 * recomputed, beside the live table, to be diffed. Rows expire after `ttlSeconds` on AWS.
 */
export async function replaceShadowWindows(
  client: DynamoDBDocumentClient,
  tableName: string,
  from: string,
  to: string,
  windows: readonly WindowCounts[],
  expiresAt?: number,
): Promise<void> {
  const keep = new Set(windows.map((w) => `${w.campaign_item_id}|${w.period}`));
  const stale = (await scanWindows(client, tableName, from, to)).filter(
    (w) => !keep.has(`${w.campaign_item_id}|${w.period}`),
  );
  const requests = [
    ...stale.map((w) => ({
      DeleteRequest: { Key: { [REPORT_KEYS.partitionKey]: w.campaign_item_id, [REPORT_KEYS.sortKey]: w.period } },
    })),
    ...windows.map((w) => ({
      PutRequest: {
        Item: {
          campaign_item_id: w.campaign_item_id,
          period: w.period,
          bids: w.bids,
          impressions: w.impressions,
          clicks: w.clicks,
          spend: w.spend,
          version: w.version,
          ...(expiresAt === undefined ? {} : { expires_at: expiresAt }),
        },
      },
    })),
  ];
  for (let i = 0; i < requests.length; i += BATCH) {
    let pending: Record<string, (typeof requests)[number][]> = { [tableName]: requests.slice(i, i + BATCH) };
    for (let attempt = 0; Object.keys(pending).length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = (UnprocessedItems ?? {}) as typeof pending;
    }
  }
}
