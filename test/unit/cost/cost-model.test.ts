import { describe, expect, it } from 'vitest';
import { type CostEstimate, estimateCost, monthlyFloor, totalsBy } from '../../../cost/cost-model.ts';
import type { Deployment } from '../../../cost/deployment.ts';
import { resolveWorkload } from '../../../cost/traffic-profile.ts';

/*
 * Every line item against a case computed by hand. The deployment is written out (no synthesis):
 * a small platform with one of each kind of resource. The traffic: 10 events/s in requests of 5,
 * half bids, 3,000-byte events (so the 1 KiB, 5 KB and 25 KB roundings all show), 2 campaigns.
 */

const S = 730 * 3600; // seconds a month
const GIB = 1024 ** 3;
const TIB = 1024 ** 4;
const DAYS = 730 / 24; // days a month

const deployment: Deployment = {
  stacks: ['App'],
  streams: [
    {
      stack: 'App',
      logicalId: 'Bcns',
      name: 'bcns',
      mode: 'ON_DEMAND',
      retentionHours: 48,
      consumers: 2,
      customerManagedKey: false,
    },
    {
      stack: 'App',
      logicalId: 'Impressions',
      name: 'impressions',
      mode: 'PROVISIONED',
      shards: 3,
      retentionHours: 24,
      consumers: 1,
      customerManagedKey: true,
    },
    {
      stack: 'App',
      logicalId: 'Aggregates',
      name: 'aggregates',
      mode: 'PROVISIONED',
      shards: 2,
      retentionHours: 24,
      consumers: 2,
      customerManagedKey: true,
    },
  ],
  restApis: [
    {
      stack: 'App',
      logicalId: 'Ingest',
      kind: 'ingestion',
      accessLogRetentionDays: 30,
      accessLogLineBytes: 200,
      tracing: true,
    },
    { stack: 'App', logicalId: 'Reports', kind: 'reports', tracing: false },
  ],
  firehoses: [
    { stack: 'App', logicalId: 'BcnsParquet', source: 'bcns', conversion: true, bufferSeconds: 300, bufferMiB: 128 },
  ],
  flinkApps: [
    {
      stack: 'App',
      logicalId: 'Job',
      parallelism: 2,
      parallelismPerKpu: 1,
      autoScaling: false,
      snapshots: true,
      periodSeconds: 60,
    },
  ],
  functions: [
    {
      stack: 'App',
      logicalId: 'Writer',
      memoryMiB: 512,
      architecture: 'arm64',
      tracing: false,
      role: { kind: 'reportsWriter', batchSize: 100 },
    },
    {
      stack: 'App',
      logicalId: 'GetReport',
      memoryMiB: 256,
      architecture: 'arm64',
      tracing: true,
      role: { kind: 'api', api: 'reports' },
    },
    {
      stack: 'App',
      logicalId: 'Compact',
      memoryMiB: 3008,
      architecture: 'x86_64',
      tracing: false,
      role: { kind: 'compaction', everyMinutes: 60 },
    },
    {
      stack: 'App',
      logicalId: 'Starter',
      memoryMiB: 256,
      architecture: 'arm64',
      tracing: false,
      role: { kind: 'retrainStarter', scheduledRunsPerMonth: 30, dataChecksPerMonth: 2920, minNewBids: 1e9 },
    },
    {
      stack: 'App',
      logicalId: 'Provider',
      memoryMiB: 128,
      architecture: 'x86_64',
      tracing: false,
      role: { kind: 'deployOnly' },
    },
  ],
  tables: [
    { stack: 'App', logicalId: 'Table', kind: 'reports', onDemand: true, pointInTimeRecovery: true },
    { stack: 'App', logicalId: 'Rollups', kind: 'rollups', onDemand: true, pointInTimeRecovery: false },
  ],
  pipelines: [
    {
      stack: 'App',
      logicalId: 'Pipeline',
      training: { instanceType: 'ml.m5.large', instanceCount: 1 },
      transforms: [{ instanceType: 'ml.c5.large', instanceCount: 1 }],
      endpoint: { kind: 'serverless', memoryMiB: 2048, maxConcurrency: 5 },
      athenaQueries: 1,
      states: 20,
    },
  ],
  rawRetentionDays: 10,
  athenaScanCutoffBytes: 10 * GIB,
  lakeBucket: { stack: 'App', logicalId: 'Lake' },
  catalogObjects: 9,
  alarms: [{ stack: 'App', logicalId: 'Alarm' }],
  customerManagedKeys: [{ stack: 'App', logicalId: 'Key' }],
};

const workload = resolveWorkload({
  eventsPerSecond: 10,
  eventsPerRequest: 5,
  mix: { bids: 0.5, impressions: 0.4, clicks: 0.1 },
  eventBytes: 3000,
  campaigns: 2,
  reportQueriesPerDay: 100,
  predictionsPerDay: 1000,
  athenaQueriesPerDay: 2,
  athenaGiBPerQuery: 0.001,
  retentionDays: 30,
});

// The volumes, by hand.
const events = 10 * S; // 26,280,000
const requests = events / 5; // 5,256,000
const reportQueries = 100 * DAYS;
const predictions = 1000 * DAYS;
const windows = S / 60; // 43,800
const aggregates = windows * Math.min(2, 10 * 0.5 * 60) * 1.05; // 2.1 a window
const impressions = events * 0.4;

function monthly(estimate: CostEstimate, service: string, resource: string, item: string): number {
  const found = estimate.lines.filter(
    (l) => l.service === service && l.resource === resource && l.item.startsWith(item),
  );
  expect(found, `${service} / ${resource} / ${item}`).toHaveLength(1);
  return found[0]?.monthly as number;
}

describe('the cost model, line by line', () => {
  const estimate = estimateCost(deployment, workload);
  const at = (service: string, resource: string, item: string) => monthly(estimate, service, resource, item);

  it('prices REST calls in the account-wide tier, responses out, access logs and sampled stage traces', () => {
    // Both APIs' calls fall in the first tier, $3.50 a million.
    expect(at('API Gateway', 'ingestion API', 'REST API calls')).toBeCloseTo((requests / 1e6) * 3.5, 9);
    expect(at('API Gateway', 'reports API', 'REST API calls')).toBeCloseTo((reportQueries / 1e6) * 3.5, 9);
    expect(at('Data transfer', 'ingestion API', 'responses')).toBeCloseTo(((requests * 60) / GIB) * 0.09, 9);
    // A report response: 60 periods of 70 bytes plus 120 bytes of totals.
    expect(at('Data transfer', 'reports API', 'responses')).toBeCloseTo(
      ((reportQueries * (60 * 70 + 120)) / GIB) * 0.09,
      9,
    );
    const logGB = (requests * 200) / GIB;
    expect(at('CloudWatch', 'ingestion API', 'access logs ingested')).toBeCloseTo(logGB * 0.5, 9);
    expect(at('CloudWatch', 'ingestion API', 'access logs stored')).toBeCloseTo(logGB * (30 / DAYS) * 0.03, 9);
    // 2 requests a second: the first each second and 5% of the second are traced.
    expect(at('X-Ray', 'ingestion API', 'stage traces')).toBeCloseTo(((1 + 0.05 * 1) * S * 5) / 1e6, 9);
    expect(estimate.lines.filter((l) => l.resource === 'reports API' && l.service === 'X-Ray')).toStrictEqual([]);
  });

  it('prices an on-demand stream by stream-hour and GB written and read, records rounded up to 1 KiB', () => {
    const written = (events * 3072) / GIB; // 3,000 bytes bill as 3 KiB
    expect(at('Kinesis Data Streams', 'bcns stream', 'stream-hours')).toBeCloseTo(730 * 0.04, 9);
    expect(at('Kinesis Data Streams', 'bcns stream', 'GB written')).toBeCloseTo(written * 0.08, 9);
    expect(at('Kinesis Data Streams', 'bcns stream', 'GB read by 2 consumers')).toBeCloseTo(written * 2 * 0.04, 9);
    // 48 h retention: 24 h of the month's data kept beyond the included day.
    expect(at('Kinesis Data Streams', 'bcns stream', 'GB-months kept beyond 24 h')).toBeCloseTo(
      written * (24 / 730) * 0.1,
      9,
    );
  });

  it('prices a provisioned stream by shard-hour and 25 KB PUT payload units', () => {
    expect(at('Kinesis Data Streams', 'impressions stream', 'shard-hours (3 provisioned)')).toBeCloseTo(
      3 * 730 * 0.015,
      9,
    );
    // A 330-byte joined impression is one payload unit.
    expect(at('Kinesis Data Streams', 'impressions stream', 'PUT payload units')).toBeCloseTo(
      (impressions / 1e6) * 0.014,
      9,
    );
    expect(at('Kinesis Data Streams', 'aggregates stream', 'PUT payload units')).toBeCloseTo(
      (aggregates / 1e6) * 0.014,
      9,
    );
    expect(estimate.lines.filter((l) => l.item.startsWith('extended retention'))).toStrictEqual([]);
  });

  it('bills every record Firehose reads as at least 5 KB, and converts that volume to Parquet', () => {
    const billed = (events * 5120) / GIB; // 3,000 bytes bill as 5 KB
    expect(at('Data Firehose', 'bcns → Parquet', 'GB ingested (5 KB rounding)')).toBeCloseTo(billed * 0.029, 9);
    expect(at('Data Firehose', 'bcns → Parquet', 'GB converted to Parquet')).toBeCloseTo(billed * 0.018, 9);
  });

  it('prices the Flink job’s KPUs with the orchestration KPU, 50 GB of storage a KPU and its snapshots', () => {
    expect(
      at('Managed Service for Apache Flink', 'aggregation job', 'KPU-hours (2 KPU + 1 orchestration)'),
    ).toBeCloseTo(3 * 730 * 0.11, 9);
    expect(at('Managed Service for Apache Flink', 'aggregation job', 'running application storage')).toBeCloseTo(
      2 * 50 * 0.1,
      9,
    );
    expect(at('Managed Service for Apache Flink', 'aggregation job', 'snapshots')).toBeCloseTo(1 * 0.023, 9);
  });

  it('prices the report table’s conditional puts, eventually consistent queries, storage and PITR', () => {
    expect(at('DynamoDB', 'report table', 'write request units')).toBeCloseTo((aggregates / 1e6) * 0.625, 9);
    // 60 periods × 150 bytes = 9,000 bytes: three 4 KB units, halved for eventual consistency.
    expect(at('DynamoDB', 'report table', 'read request units (report queries)')).toBeCloseTo(
      ((reportQueries * 1.5) / 1e6) * 0.125,
      9,
    );
    // The writer re-reads an hour of 60-second windows, 30 on average: 4,500 bytes, two strongly consistent units.
    expect(at('DynamoDB', 'report table', 'read request units (the writer')).toBeCloseTo(
      ((aggregates * 2) / 1e6) * 0.125,
      9,
    );
    // 2 campaigns × 1,440 windows a day × 30 days, 150 bytes plus 100 of item overhead each.
    const stored = (2 * 1440 * 30 * 250) / GIB;
    expect(at('DynamoDB', 'report table', 'storage')).toBeCloseTo(stored * 0.25, 9);
    expect(at('DynamoDB', 'report table', 'point-in-time recovery')).toBeCloseTo(stored * 0.2, 9);
  });

  it('prices the campaign rollups: a day-parts update and a day-total put per aggregate, a day of hours stored', () => {
    // Half a day of 70-byte hours plus 60 bytes of keys (900 bytes) and a 130-byte total: a unit each.
    expect(at('DynamoDB', 'campaign rollup table', 'write request units')).toBeCloseTo(
      ((aggregates * 2) / 1e6) * 0.625,
      9,
    );
    // 2 campaigns × 30 days, each day 24 hours of 70 bytes, keys, the total and two items' overhead.
    const stored = (2 * 30 * (24 * 70 + 60 + 130 + 200)) / GIB;
    expect(at('DynamoDB', 'campaign rollup table', 'storage')).toBeCloseTo(stored * 0.25, 9);
    // Without point-in-time recovery there is no line for it.
    expect(estimate.lines.filter((l) => l.resource === 'campaign rollup table').map((l) => l.item)).toStrictEqual([
      'write request units (hour and day updates)',
      'storage (30 days of campaign days)',
    ]);
  });

  it('prices each function by its trigger: requests, GB-seconds at its architecture, logs and traces', () => {
    // The writer: 2.1 aggregates a window on 2 shards, one batch each: 2 invocations a window.
    const writer = 2 * windows;
    expect(at('Lambda', 'Writer (reportsWriter)', 'requests')).toBeCloseTo((writer / 1e6) * 0.2, 9);
    expect(at('Lambda', 'Writer (reportsWriter)', 'compute')).toBeCloseTo(writer * 0.12 * 0.5 * 0.0000133334, 9);
    expect(at('CloudWatch', 'Writer (reportsWriter)', 'function logs')).toBeCloseTo(((writer * 600) / GIB) * 0.5, 9);
    // GET /reports: 60 ms at 256 MB, every call traced (well under one a second).
    expect(at('Lambda', 'GetReport (api)', 'compute')).toBeCloseTo(reportQueries * 0.06 * 0.25 * 0.0000133334, 9);
    expect(at('X-Ray', 'GetReport (api)', 'function traces')).toBeCloseTo((reportQueries / 1e6) * 5, 9);
    // Compaction on x86: 730 hourly runs of 5 s plus 15 s per GiB of the month's Parquet.
    const parquetGiB = ((events * 3000 + impressions * 330 + aggregates * 140) * 0.2) / GIB;
    const seconds = 5 + (15 * parquetGiB) / 730;
    expect(at('Lambda', 'Compact (compaction)', 'compute')).toBeCloseTo(
      730 * seconds * (3008 / 1024) * 0.0000166667,
      9,
    );
    // The starter runs for the schedule and every data check.
    expect(at('Lambda', 'Starter (retrainStarter)', 'compute')).toBeCloseTo(2950 * 3 * 0.25 * 0.0000133334, 9);
    // A custom-resource handler costs nothing outside deployments.
    expect(estimate.lines.filter((l) => l.resource.startsWith('Provider'))).toStrictEqual([]);
  });

  it('prices retraining runs (the schedule plus bids over the threshold), the serverless endpoint and the pipeline’s queries', () => {
    // 13.14 million bids against a threshold of a billion: 0.01314 runs more than the schedule's 30.
    const runs = 30 + (events * 0.5) / 1e9;
    expect(at('SageMaker', 'retraining pipeline', 'training')).toBeCloseTo(runs * (8 / 60) * 0.115, 9);
    expect(at('SageMaker', 'retraining pipeline', 'batch transform 1 (ml.c5.large')).toBeCloseTo(
      runs * (6 / 60) * 0.102,
      9,
    );
    expect(at('SageMaker', 'predictions endpoint', 'serverless compute')).toBeCloseTo(
      predictions * 0.03 * 2 * 0.00002,
      9,
    );
    expect(at('SageMaker', 'predictions endpoint', 'serverless data')).toBeCloseTo(
      ((predictions * 400) / GIB) * 0.016,
      9,
    );
    // 20 states, plus 3 transitions a minute of an endpoint update in half the runs.
    expect(at('Step Functions', 'retraining state machine', 'state transitions')).toBeCloseTo(
      ((runs * 35) / 1000) * 0.025,
      9,
    );
    // The training set: 7 days of bcns Parquet (3,000 × 0.2 bytes an event), under the 10 GiB cutoff.
    const trainingBytes = ((events * 3000 * 0.2) / DAYS) * 7;
    expect(at('Athena', 'training-set query', 'TB scanned')).toBeCloseTo(((runs * trainingBytes) / TIB) * 5, 9);
    // Each of 2,920 data checks scans Athena's 10 MB minimum.
    expect(at('Athena', 'new-data check', 'TB scanned')).toBeCloseTo(((2920 * 10 * 1024 ** 2) / TIB) * 5, 9);
  });

  it('prices the lake’s storage at steady state and ad-hoc queries at Athena’s 10 MB minimum; the catalog stays free', () => {
    const json = events * 3000 + impressions * 330 + events * 0.1 * 370 + aggregates * 140 + events * 0.001 * 600;
    expect(at('S3', 'lake bucket', 'raw gzip JSON stored (10 days)')).toBeCloseTo(
      ((json * 0.15 * 10) / DAYS / GIB) * 0.023,
      9,
    );
    expect(at('S3', 'lake bucket', 'Parquet stored (30 days)')).toBeCloseTo(
      ((json * 0.2 * 30) / DAYS / GIB) * 0.023,
      9,
    );
    expect(at('Athena', 'ad-hoc queries', 'TB scanned')).toBeCloseTo(((2 * DAYS * 10 * 1024 ** 2) / TIB) * 5, 9);
    expect(at('Glue', 'Data Catalog', 'catalog objects')).toBe(0);
  });

  it('prices alarms and customer-managed keys by the month', () => {
    expect(at('CloudWatch', 'Alarm', 'alarm')).toBeCloseTo(0.1, 9);
    expect(at('KMS', 'stream key', 'customer-managed key')).toBeCloseTo(1, 9);
  });

  it('adds the lines up, per million events, per stack and per service', () => {
    const sum = estimate.lines.reduce((total, l) => total + l.monthly, 0);
    expect(estimate.monthly).toBeCloseTo(sum, 9);
    expect(estimate.eventsPerMonth).toBe(events);
    expect(estimate.perMillionEvents).toBeCloseTo(sum / 26.28, 9);
    expect(totalsBy(estimate, 'stack')).toStrictEqual([{ name: 'App', monthly: estimate.monthly }]);
    expect(totalsBy(estimate, 'service')[0]?.name).toBe('Managed Service for Apache Flink');
    expect(estimate.warnings).toStrictEqual([]);
  });

  it('gives the floor as the cost with no traffic: stream and shard hours, KPUs, alarms and keys', () => {
    // Act
    const floor = monthlyFloor(deployment, workload);

    // Assess: a serverless endpoint and the lake cost nothing without traffic; the starter and the
    // hourly compaction (5 s on x86 at 3008 MB) run on their schedules.
    const scheduled = (runs: number, seconds: number, gb: number, perGbSecond: number) =>
      runs * seconds * gb * perGbSecond + (runs / 1e6) * 0.2 + ((runs * 600) / GIB) * 0.5;
    expect(floor.monthly).toBeCloseTo(
      730 * 0.04 + // the on-demand stream
        5 * 730 * 0.015 + // five provisioned shards
        3 * 730 * 0.11 + // two KPUs and the orchestration KPU
        2 * 50 * 0.1 + // their running storage
        0.023 + // a GiB of snapshots
        0.1 + // the alarm
        1 + // the key
        scheduled(2950, 3, 0.25, 0.0000133334) + // the retraining starter
        scheduled(730, 5, 3008 / 1024, 0.0000166667), // compaction
      9,
    );
    expect(floor.perMillionEvents).toBeUndefined();
  });

  it('warns when the deployment cannot carry the traffic', () => {
    // Act: 60,000 events/s on 3 impression shards and an unscaled 2-KPU job, 50 million predictions a day on 5 serverless slots
    const busy = estimateCost(
      deployment,
      resolveWorkload({ ...workload.traffic, eventsPerSecond: 60_000, predictionsPerDay: 50_000_000 }),
    );

    // Assess
    expect(busy.warnings).toStrictEqual([
      // 24,000 impressions/s of 330 bytes: 7.92 MB/s against 1 MiB/s a shard, read by one consumer at 2 MiB/s.
      'impressions has 3 provisioned shard(s); the average traffic alone needs 24 for its records written, 8 for its bytes written, 4 for its bytes read by 1 consumer(s): it would be throttled',
      'The aggregation job has 2 KPU(s) without autoscaling; 60000 events/s need 3',
      // 578.7 predictions/s × 30 ms = 17.4 at once.
      'Serverless Inference averages 17.4 concurrent invocations against a maximum of 5: peaks would be throttled',
    ]);
  });
});
