import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ICampaignRollups } from '../../lambda/adapters/campaign-rollups.ts';
import { REPORT_KEYS } from '../../lambda/adapters/report-store.ts';
import { hourOfPeriod, ROLLUP_KEYS } from '../../lambda/domain/reports/campaign-rollup.ts';

/** Marks a rollup table as complete for every report row written before the writer kept it up to date. */
const REBUILT_MARKER = { [ROLLUP_KEYS.partitionKey]: 'meta#rebuilt-from-reports', [ROLLUP_KEYS.sortKey]: 0 };

/**
 * A data directory from before the campaign rollups has report rows and no rollups: this scans the
 * report table once (never again: the marker says it is done) and refreshes every campaign-hour it
 * holds. Refreshes are idempotent, so a run cut short by a crash is simply repeated on the next start.
 * Answers how many campaign-hours it refreshed.
 */
export async function rebuildRollupsOnce(
  client: DynamoDBDocumentClient,
  reportTable: string,
  rollupTable: string,
  rollups: ICampaignRollups,
): Promise<number> {
  const { Item } = await client.send(
    new GetCommand({ TableName: rollupTable, Key: REBUILT_MARKER, ConsistentRead: true }),
  );
  if (Item) return 0;
  const hours = new Set<string>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: reportTable,
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#pk': REPORT_KEYS.partitionKey, '#sk': REPORT_KEYS.sortKey },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const { day, hour } = hourOfPeriod(item[REPORT_KEYS.sortKey] as string);
      hours.add(`${item[REPORT_KEYS.partitionKey]}|${day}|${hour}`);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  for (const key of hours) {
    const [campaign, day, hour] = key.split('|') as [string, string, string];
    await rollups.refreshHour(Number(campaign), day, Number(hour));
  }
  await client.send(
    new PutCommand({ TableName: rollupTable, Item: { ...REBUILT_MARKER, at: new Date().toISOString() } }),
  );
  return hours.size;
}
