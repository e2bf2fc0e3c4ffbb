import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbCampaignRollups } from '../../lambda/adapters/campaign-rollups.ts';
import { DynamoDbReportStore } from '../../lambda/adapters/report-store.ts';
import {
  dayPartsBucket,
  dayTotalBucket,
  hourAttribute,
  ROLLUP_SHARDS,
  shardOf,
} from '../../lambda/domain/reports/campaign-rollup.ts';
import { createListCampaignsHandler } from '../../lambda/reports/list-campaigns.ts';
import { createLocalDynamoDbClient, ensureRollupTable } from '../../local/dynamodb/dynamodb-client.ts';
import { type EmulatorService, startEmulator } from '../../local/services/emulator-service.ts';
import { makeDataDir, removeDataDir } from '../helpers/local-platform.ts';

/*
 * The campaign list with 10,000 campaigns, against dynalite: a page of the list reads one small
 * item per campaign and day of the range (or the day's hour parts at its edges) with Queries, never
 * a scan of the report rows, and answers exact sums. The items are seeded in the writer's layout.
 */

const CAMPAIGNS = 10_000;
const FIRST_ID = 5_000_000;
const TABLE = 'campaign_rollups';
const counts = (id: number, hour: number) => {
  const bids = 10 + ((id * 31 + hour) % 90);
  const impressions = Math.floor(bids / 3);
  const clicks = Math.floor(impressions / 10);
  return { bids, impressions, clicks, spend: impressions * 1_000 + id, version: bids + impressions + clicks };
};

let dataDir: string;
let dynamodb: EmulatorService;
let client: DynamoDBDocumentClient;

async function writeAll(items: Record<string, unknown>[]): Promise<void> {
  const batches = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map(async (batch) => {
        let unprocessed: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
        while (unprocessed && unprocessed.length > 0) {
          const { UnprocessedItems } = await client.send(
            new BatchWriteCommand({ RequestItems: { [TABLE]: unprocessed as never } }),
          );
          unprocessed = UnprocessedItems?.[TABLE] as Record<string, unknown>[] | undefined;
        }
      }),
    );
  }
}

beforeAll(async () => {
  dataDir = await makeDataDir();
  dynamodb = await startEmulator('dynamodb', { dataDir });
  client = createLocalDynamoDbClient(dynamodb.endpoint);
  await ensureRollupTable(client, TABLE);
  const items: Record<string, unknown>[] = [];
  for (let id = FIRST_ID; id < FIRST_ID + CAMPAIGNS; id++) {
    const shard = shardOf(id);
    // 2026-12-30: hours 20 and 23 in the parts; 2026-12-31: a whole day's total.
    items.push({
      bucket: dayPartsBucket('2026-12-30', shard),
      campaign_item_id: id,
      [hourAttribute(20)]: counts(id, 20),
      [hourAttribute(23)]: counts(id, 23),
    });
    items.push({ bucket: dayTotalBucket('2026-12-31', shard), campaign_item_id: id, ...counts(id, 0) });
  }
  await writeAll(items);
}, 240_000);

afterAll(async () => {
  client?.destroy();
  await dynamodb?.stop();
  if (dataDir) await removeDataDir(dataDir);
});

describe('GET /reports/campaigns with 10,000 campaigns', () => {
  it('answers a sorted page and exact totals from one Query per shard and day, never a Scan', async () => {
    // Prepare
    const rollups = new DynamoDbCampaignRollups(client, TABLE, new DynamoDbReportStore(client, 'reports'));
    const handler = createListCampaignsHandler(rollups);
    const send = vi.spyOn(client, 'send');
    const expected = new Map<number, number>();
    let bids = 0;
    for (let id = FIRST_ID; id < FIRST_ID + CAMPAIGNS; id++) {
      const spend = counts(id, 23).spend + counts(id, 0).spend;
      expected.set(id, spend);
      bids += counts(id, 23).bids + counts(id, 0).bids;
    }
    const top = [...expected].sort(([a, x], [b, y]) => y - x || a - b).slice(0, 50);

    // Act: hour 20 of the first day is outside the range.
    const started = performance.now();
    const result = await handler({
      queryStringParameters: { from: '2026-12-30T21:00:00Z', to: '2027-01-01T00:00:00Z', limit: '50' },
    });
    const elapsedMs = performance.now() - started;

    // Assess
    const body = JSON.parse(result.body) as {
      campaign_count: number;
      totals: { bids: number };
      campaigns: { campaign_item_id: number; spend: number }[];
    };
    expect(result.statusCode).toBe(200);
    expect(body.campaign_count).toBe(CAMPAIGNS);
    expect(body.totals.bids).toBe(bids);
    expect(body.campaigns.map((row) => [row.campaign_item_id, row.spend])).toStrictEqual(top);
    const commands = send.mock.calls.map(([command]) => command.constructor.name);
    const buckets = new Set(
      send.mock.calls.map(
        ([command]) =>
          (command.input as { ExpressionAttributeValues: Record<string, string> }).ExpressionAttributeValues[':bucket'],
      ),
    );
    expect(new Set(commands)).toStrictEqual(new Set(['QueryCommand']));
    expect(buckets).toStrictEqual(
      new Set(
        Array.from({ length: ROLLUP_SHARDS }, (_, shard) => [
          dayPartsBucket('2026-12-30', shard),
          dayTotalBucket('2026-12-31', shard),
        ]).flat(),
      ),
    );
    console.log(
      `campaign list over 10,000 campaigns: ${Math.round(elapsedMs)} ms, ${commands.length} Queries (1 MB pages)`,
    );
    send.mockRestore();
  });
});
