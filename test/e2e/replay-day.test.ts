import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDbCampaignRollups } from '../../lambda/adapters/campaign-rollups.ts';
import { DynamoDbReportStore } from '../../lambda/adapters/report-store.ts';
import { scanWindows } from '../../lambda/adapters/report-windows.ts';
import { aggregationConfig, LOCAL_DEFAULTS } from '../../lambda/domain/aggregation/aggregation-config.ts';
import { dataPrefix, partitionOf, RAW_SUFFIX } from '../../lambda/domain/lake/lake-layout.ts';
import { mergeShards } from '../../lambda/domain/lifecycle/report-replay.ts';
import { replayReports } from '../../lambda/lake/replay-reports.ts';
import { reconcileReports } from '../../lambda/reports/reconcile-reports.ts';
import { createWriteAggregatesHandler } from '../../lambda/reports/write-aggregates.ts';
import {
  createLocalDynamoDbClient,
  ensureReportTable,
  ensureRollupTable,
} from '../../local/dynamodb/dynamodb-client.ts';
import { createCatalog, planTransaction, seededRandom } from '../../local/generate/traffic-model.ts';
import { createLocalKinesisClient, ensureStreams } from '../../local/kinesis/kinesis-client.ts';
import { FileObjectStore } from '../../local/lake/file-object-store.ts';
import { AggregationProcessor } from '../../local/processor/aggregation-processor.ts';
import { startEmulator } from '../../local/services/emulator-service.ts';
import { LambdaStreamConsumer } from '../../local/streams/lambda-stream-consumer.ts';
import { makeDataDir, removeDataDir } from '../helpers/local-platform.ts';

/*
 * A day of generated traffic, across New Year, through the platform's own aggregation processor
 * and reports writer (on the local Kinesis and DynamoDB emulators), and into the lake as the lake
 * writer lays it out (arrival hours, files in delivery order). The records carry their server
 * timestamps directly: the API would stamp them with today's clock. The replay of that day then
 * finds no drift, and its transaction shards add up to it.
 */

const DAY_START = Date.UTC(2025, 11, 31, 12);
const DAY_END = DAY_START + 24 * 3_600_000;
const TRANSACTIONS = 2_400;
const FLUSH_MS = 600_000;

interface Event {
  readonly data: string;
  readonly txId: string;
  readonly timestamp: number;
}

/** One transaction every 36 s on average; 5 % of bids retried 300 ms later (a new server timestamp). */
function dayOfTraffic(): Event[] {
  const random = seededRandom(20251231);
  const catalog = createCatalog(random, 12);
  const events: Event[] = [];
  const add = (record: Record<string, unknown>, timestamp: number) =>
    events.push({ data: JSON.stringify({ ...record, timestamp }), txId: record.tx_id as string, timestamp });
  for (let i = 0; i < TRANSACTIONS; i++) {
    const t = DAY_START + Math.floor(((i + random()) * (DAY_END - DAY_START)) / TRANSACTIONS);
    const { bid, impression, clicked } = planTransaction(random, catalog);
    add({ ...bid, type: 'bid' }, t);
    if (random() < 0.05) add({ ...bid, type: 'bid' }, t + 300);
    if (!impression) continue;
    const shown = t + 100 + Math.floor(random() * 900);
    add({ ...impression, type: 'imp' }, shown);
    if (clicked) add({ tx_id: bid.tx_id, type: 'click' }, shown + 200 + Math.floor(random() * 1800));
  }
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** The lake writer's layout: a file per flush and arrival hour, in delivery order. */
async function writeRawLake(store: FileObjectStore, events: readonly Event[]): Promise<void> {
  const files = new Map<string, string[]>();
  for (const event of events) {
    const flush = Math.floor(event.timestamp / FLUSH_MS) * FLUSH_MS + FLUSH_MS;
    const key = `${dataPrefix('raw', 'bcns', partitionOf(event.timestamp))}bcns-${flush}-day${RAW_SUFFIX}`;
    files.set(key, [...(files.get(key) ?? []), event.data]);
  }
  for (const [key, lines] of files) {
    await mkdir(dirname(store.uri(key)), { recursive: true });
    await writeFile(store.uri(key), gzipSync(`${lines.join('\n')}\n`));
  }
}

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

describe('replay of a day of traffic', () => {
  it('equals what the stream reported for every window of the day, and its shards add up to it', async () => {
    // Prepare: the streams and the report table, the processor and the reports writer.
    const dataDir = await makeDataDir();
    stops.push(() => removeDataDir(dataDir));
    const kinesisService = await startEmulator('kinesis', { dataDir });
    stops.push(() => kinesisService.stop());
    const dynamodbService = await startEmulator('dynamodb', { dataDir });
    stops.push(() => dynamodbService.stop());
    const kinesis = createLocalKinesisClient(kinesisService.endpoint);
    const dynamodb = createLocalDynamoDbClient(dynamodbService.endpoint);
    stops.push(async () => {
      kinesis.destroy();
      dynamodb.destroy();
    });
    await ensureStreams(kinesis, { bcns: 2, impressions: 1, clicks: 1, aggregates: 1 });
    await ensureReportTable(dynamodb, 'reports');
    await ensureReportTable(dynamodb, 'reports_shadow');
    await ensureRollupTable(dynamodb, 'campaign_rollups');
    const config = aggregationConfig(LOCAL_DEFAULTS);
    const events = dayOfTraffic();
    for (let i = 0; i < events.length; i += 500) {
      const chunk = events.slice(i, i + 500);
      const { FailedRecordCount } = await kinesis.send(
        new PutRecordsCommand({
          StreamName: 'bcns',
          Records: chunk.map((e) => ({ Data: Buffer.from(e.data), PartitionKey: e.txId })),
        }),
      );
      expect(FailedRecordCount).toBe(0);
    }
    const processor = await AggregationProcessor.start({
      client: kinesis,
      config,
      statePath: join(dataDir, 'processor'),
      outOfOrdernessMs: 500,
    });
    stops.push(() => processor.stop());
    const store = new DynamoDbReportStore(dynamodb, 'reports');
    const writer = new LambdaStreamConsumer({
      client: kinesis,
      streamName: 'aggregates',
      handler: createWriteAggregatesHandler(store, new DynamoDbCampaignRollups(dynamodb, 'campaign_rollups', store)),
      checkpointPath: join(dataDir, 'consumers', 'reports-writer.json'),
    });
    writer.start();
    stops.push(() => writer.stop());
    const lake = new FileObjectStore(join(dataDir, 'lake'));
    await writeRawLake(lake, events);
    const from = new Date(DAY_START).toISOString().replace('.000Z', 'Z');
    const to = new Date(DAY_END).toISOString().replace('.000Z', 'Z');
    let live = await scanWindows(dynamodb, 'reports', from, to);
    for (let stable = 0, waited = 0; stable < 3 && waited < 120_000; waited += 2000) {
      await sleep(2000);
      const now = await scanWindows(dynamodb, 'reports', from, to);
      stable =
        processor.stats.records === events.length && JSON.stringify(now) === JSON.stringify(live) ? stable + 1 : 0;
      live = now;
    }

    // Act
    const range = { fromMs: DAY_START, toMs: DAY_END };
    const replayed = await replayReports({ store: lake, config, range, outOfOrdernessMs: 500 });
    const shards = await Promise.all(
      [0, 1, 2, 3].map((index) =>
        replayReports({ store: lake, config, range, outOfOrdernessMs: 500, shard: { index, count: 4 } }),
      ),
    );
    const reconciliation = await reconcileReports({
      tables: { client: dynamodb, live: 'reports', shadow: 'reports_shadow', store },
      config,
      outOfOrdernessMs: 500,
      range,
      replayed: replayed.windows,
      apply: false,
      now: Date.now,
    });

    // Assess
    expect(processor.stats).toMatchObject({ records: events.length, lateDropped: 0 });
    expect(replayed.records).toBe(events.length);
    expect(replayed.files).toBe(144);
    const bids = live.reduce((sum, w) => sum + w.bids, 0);
    expect(bids).toBe(TRANSACTIONS);
    expect(live.length).toBeGreaterThan(2000);
    expect(reconciliation.drifts).toStrictEqual([]);
    expect(reconciliation.summary).toStrictEqual({ windows: live.length, drifted: 0, events: 0 });
    expect(mergeShards(shards.map((shard) => shard.windows))).toStrictEqual(replayed.windows);
    expect(shards.map((shard) => shard.records).reduce((a, b) => a + b, 0)).toBe(events.length);
  }, 300_000);
});
