import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PeriodCounts } from '../domain/reports/campaign-report.ts';
import type { ReportItem } from '../domain/reports/report-item.ts';

/** Whether a write changed the store, or was older than (or equal to) what it already had. */
export type PutOutcome = 'applied' | 'stale';

export interface IReportStore {
  /** Writes the row only if it is newer than the stored one: replays and retries never count twice. */
  putReport(item: ReportItem): Promise<PutOutcome>;
  /**
   * A campaign's periods with `from <= period <= to`, ascending. A Query, never a Scan; `consistent`
   * reads every write acknowledged before it (the rollups need that to converge).
   */
  queryPeriods(campaignItemId: number, from: string, to: string, options?: QueryOptions): Promise<PeriodCounts[]>;
}

export interface QueryOptions {
  /** A strongly consistent read. @default false */
  readonly consistent?: boolean;
}

/** The report table: partition key `campaign_item_id` (N), sort key `period` (S, ISO-8601 UTC). */
export const REPORT_KEYS = { partitionKey: 'campaign_item_id', sortKey: 'period' } as const;

export class DynamoDbReportStore implements IReportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putReport(item: ReportItem): Promise<PutOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#version) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': item.version },
        }),
      );
      return 'applied';
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 'stale';
      throw error;
    }
  }

  async queryPeriods(
    campaignItemId: number,
    from: string,
    to: string,
    options: QueryOptions = {},
  ): Promise<PeriodCounts[]> {
    const periods: PeriodCounts[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': REPORT_KEYS.partitionKey, '#sk': REPORT_KEYS.sortKey },
          ExpressionAttributeValues: { ':pk': campaignItemId, ':from': from, ':to': to },
          ProjectionExpression: '#sk, bids, impressions, clicks, spend',
          ...(options.consistent ? { ConsistentRead: true } : {}),
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) periods.push(item as PeriodCounts);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return periods;
  }
}
