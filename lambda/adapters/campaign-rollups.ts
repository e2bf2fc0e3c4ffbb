import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Counts } from '../domain/reports/campaign-report.ts';
import {
  dayPartsBucket,
  dayTotalBucket,
  dayTotalFromParts,
  hourAttribute,
  isCounts,
  periodRangeOfHour,
  ROLLUP_KEYS,
  ROLLUP_SHARDS,
  type RollupRead,
  rollupReads,
  shardOf,
  sumCounts,
  type VersionedCounts,
} from '../domain/reports/campaign-rollup.ts';
import type { IReportStore } from './report-store.ts';

export interface ICampaignRollups {
  /**
   * Recomputes a campaign's day items from its report rows in one hour. Call it after every report
   * write of that hour, applied or stale (a retry after a crash must still reach the rollups).
   */
  refreshHour(campaignItemId: number, day: string, hour: number): Promise<void>;
  /** Every campaign's totals over `[fromMs, toMs)`, both whole UTC hours. Queries, never a Scan. */
  totals(fromMs: number, toMs: number): Promise<Map<number, Counts>>;
}

/** Queries of one range run at most this many at a time: a 92-day range is 368 of them. */
const READ_CONCURRENCY = 8;

/** The campaign rollups in DynamoDB (see campaign-rollup.ts for the layout and why it stays exact). */
export class DynamoDbCampaignRollups implements ICampaignRollups {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly reports: IReportStore,
  ) {}

  async refreshHour(campaignItemId: number, day: string, hour: number): Promise<void> {
    const { from, to } = periodRangeOfHour(day, hour);
    const hourCounts = sumCounts(await this.reports.queryPeriods(campaignItemId, from, to, { consistent: true }));
    if (hourCounts.version === 0) return;
    const shard = shardOf(campaignItemId);
    const partsKey = { [ROLLUP_KEYS.partitionKey]: dayPartsBucket(day, shard), [ROLLUP_KEYS.sortKey]: campaignItemId };
    let parts: Record<string, unknown> | undefined;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: partsKey,
          UpdateExpression: 'SET #hour = :counts',
          ConditionExpression: 'attribute_not_exists(#hour) OR #hour.#version < :version',
          ExpressionAttributeNames: { '#hour': hourAttribute(hour), '#version': 'version' },
          ExpressionAttributeValues: { ':counts': hourCounts, ':version': hourCounts.version },
          ReturnValues: 'ALL_NEW',
        }),
      );
      parts = Attributes;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      // This hour is already as new (a retry, or another writer): the day total may still lag it.
      ({ Item: parts } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: partsKey, ConsistentRead: true }),
      ));
    }
    if (!parts) throw new Error(`The day parts of campaign ${campaignItemId} on ${day} vanished`);
    await this.#putDayTotal(campaignItemId, day, shard, dayTotalFromParts(parts));
  }

  async #putDayTotal(campaignItemId: number, day: string, shard: number, total: VersionedCounts): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [ROLLUP_KEYS.partitionKey]: dayTotalBucket(day, shard),
            [ROLLUP_KEYS.sortKey]: campaignItemId,
            ...total,
          },
          ConditionExpression: 'attribute_not_exists(#version) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': total.version },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async totals(fromMs: number, toMs: number): Promise<Map<number, Counts>> {
    const totals = new Map<number, Counts>();
    const add = (campaignItemId: number, counts: Counts) => {
      const total = totals.get(campaignItemId);
      if (total) {
        total.bids += counts.bids;
        total.impressions += counts.impressions;
        total.clicks += counts.clicks;
        total.spend += counts.spend;
      } else {
        const { bids, impressions, clicks, spend } = counts;
        totals.set(campaignItemId, { bids, impressions, clicks, spend });
      }
    };
    const tasks = rollupReads(fromMs, toMs).flatMap((read) =>
      Array.from({ length: ROLLUP_SHARDS }, (_, shard) => () => this.#read(read, shard, add)),
    );
    await runLimited(tasks, READ_CONCURRENCY);
    return totals;
  }

  async #read(read: RollupRead, shard: number, add: (campaignItemId: number, counts: Counts) => void): Promise<void> {
    const hours = read.kind === 'hours' ? read.hours.map(hourAttribute) : [];
    const names: Record<string, string> = { '#bucket': ROLLUP_KEYS.partitionKey, '#id': ROLLUP_KEYS.sortKey };
    hours.forEach((name, i) => {
      names[`#h${i}`] = name;
    });
    const projection =
      read.kind === 'day'
        ? '#id, bids, impressions, clicks, spend'
        : ['#id', ...hours.map((_, i) => `#h${i}`)].join(', ');
    const bucket = read.kind === 'day' ? dayTotalBucket(read.day, shard) : dayPartsBucket(read.day, shard);
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#bucket = :bucket',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':bucket': bucket },
          ProjectionExpression: projection,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const id = item[ROLLUP_KEYS.sortKey] as number;
        if (read.kind === 'day') add(id, item as Counts);
        else {
          const inRange = sumCounts(hours.map((name) => item[name]).filter(isCounts));
          if (inRange.version > 0) add(id, inRange);
        }
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}

async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
