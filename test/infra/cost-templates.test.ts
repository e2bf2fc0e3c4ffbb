import { describe, expect, it } from 'vitest';
import { type CostEstimate, estimateCost, monthlyFloor } from '../../cost/cost-model.ts';
import { readDeployment } from '../../cost/deployment.ts';
import { synthesizeTemplates } from '../../cost/synthesize.ts';
import { resolveWorkload } from '../../cost/traffic-profile.ts';

/*
 * The cost model prices what the synthesized templates say: the app is synthesized in-process with
 * a context change, and the answer moves by exactly what the price table says about that change.
 */

const workload = resolveWorkload({ eventsPerSecond: 1000, eventsPerRequest: 100 });
const price = (context: Record<string, string>) => {
  const deployment = readDeployment(synthesizeTemplates(context));
  return { deployment, estimate: estimateCost(deployment, workload), floor: monthlyFloor(deployment, workload) };
};
const service = (estimate: CostEstimate, name: string) =>
  estimate.lines.filter((l) => l.service === name).reduce((sum, l) => sum + l.monthly, 0);
const withoutService = (estimate: CostEstimate, name: string) => estimate.monthly - service(estimate, name);

describe('the cost model reads the synthesized templates', () => {
  const base = price({});

  it('finds the default deployment’s billed resources', () => {
    // Assess
    const { deployment } = base;
    expect(deployment.streams.map((s) => [s.name, s.mode, s.consumers])).toStrictEqual([
      ['bcns', 'ON_DEMAND', 3], // two Firehoses and the Flink job
      ['impressions', 'ON_DEMAND', 2],
      ['clicks', 'ON_DEMAND', 2],
      ['aggregates', 'ON_DEMAND', 3], // two Firehoses and the reports writer
      ['failed_events', 'ON_DEMAND', 2],
    ]);
    expect(deployment.firehoses.map((f) => `${f.source}:${f.conversion ? 'parquet' : 'raw'}`)).toStrictEqual([
      'bcns:raw',
      'bcns:parquet',
      'impressions:raw',
      'impressions:parquet',
      'clicks:raw',
      'clicks:parquet',
      'aggregates:raw',
      'aggregates:parquet',
      'failed_events:raw',
      'failed_events:parquet',
    ]);
    expect(deployment.restApis.map((api) => [api.kind, api.tracing, api.accessLogLineBytes])).toStrictEqual([
      ['ingestion', true, 276],
      ['predictions', true, 276],
      ['reports', true, 276],
      ['erasure', true, 276], // SdpLifecycle's operator API
    ]);
    expect(
      deployment.flinkApps.map((f) => [f.parallelism, f.parallelismPerKpu, f.autoScaling, f.periodSeconds]),
    ).toStrictEqual([[1, 1, true, 60]]);
    expect(deployment.pipelines.map((p) => [p.training, p.transforms.length, p.endpoint])).toStrictEqual([
      [
        { instanceType: 'ml.m5.large', instanceCount: 1 },
        2,
        { kind: 'instance', instanceType: 'ml.m5.large', instanceCount: 1 },
      ],
    ]);
    expect(deployment.functions.map((f) => f.role.kind).sort()).toStrictEqual([
      'api',
      'api',
      'api', // the erasure API's function
      'canary',
      'compaction',
      // The Flink start custom resource, and the SageMaker teardown with its provider framework.
      'deployOnly',
      'deployOnly',
      'deployOnly',
      'deployOnly', // the recorder of dead-lettered report writes runs only on failures
      // CDK's auto-delete handlers of the catalog and ML stacks: they empty a bucket on cdk destroy.
      'deployOnly',
      'deployOnly',
      // The campaign list's function: the traffic profile says nothing of dashboard refreshes.
      'deployOnly',
      'fileRegistration',
      'pipelineTask',
      'pipelineTask',
      'pipelineTask',
      // SdpLifecycle's state machine steps: the erasure sweep, the reconciliation's replay and comparison.
      'pipelineTask',
      'pipelineTask',
      'pipelineTask',
      'reportsWriter',
      'retrainStarter',
    ]);
    expect(deployment.tables.map((t) => [t.kind, t.onDemand, t.pointInTimeRecovery])).toStrictEqual([
      ['reports', true, true],
      ['rollups', true, true],
      // the reconciliation's shadow table, recomputed every night (priced as a report table: an upper bound)
      ['reports', true, false],
    ]);
    expect([deployment.rawRetentionDays, deployment.athenaScanCutoffBytes, deployment.catalogObjects]).toStrictEqual([
      90,
      10 * 1024 ** 3,
      12, // the database, ten tables and the failed_events view
    ]);
    // The observability stack's, one per failure signal, and the reconciliation's drift and failed-run alarms.
    expect(deployment.alarms).toHaveLength(69 + 2);
  });

  it('moves the floor by exactly the price table’s shard-hours when sdp:shards provisions the streams', () => {
    // Act
    const provisioned = price({ 'sdp:shards': '2' });

    // Assess: five on-demand stream-hours at $0.04 become ten shard-hours at $0.015.
    expect(provisioned.floor.monthly - base.floor.monthly).toBeCloseTo(5 * 730 * (2 * 0.015 - 0.04), 9);
    expect(
      provisioned.estimate.lines.filter((l) => l.item === 'shard-hours (2 provisioned)').map((l) => l.monthly),
    ).toStrictEqual(Array(5).fill(2 * 730 * 0.015));
    // Everything but Kinesis is unchanged.
    expect(withoutService(provisioned.estimate, 'Kinesis Data Streams')).toBeCloseTo(
      withoutService(base.estimate, 'Kinesis Data Streams'),
      9,
    );
  });

  it('moves the estimate by exactly the endpoint’s price when predictions go to Serverless Inference', () => {
    // Act
    const serverless = price({ 'sdp:predictionsEndpoint': 'serverless' });

    // Assess: the ml.m5.large around the clock goes; 10,000 predictions a day of 30 ms at 2 GB come.
    const predictions = 10_000 * (730 / 24);
    const perMonth = predictions * 0.03 * 2 * 0.00002 + ((predictions * 400) / 1024 ** 3) * 0.016;
    expect(serverless.floor.monthly - base.floor.monthly).toBeCloseTo(-730 * 0.115, 9);
    expect(serverless.estimate.monthly - base.estimate.monthly).toBeCloseTo(-730 * 0.115 + perMonth, 9);
  });

  it('prices the instance types sdp:instanceTypes names', () => {
    // Act
    const c5 = price({ 'sdp:instanceTypes': '{"endpoint":"ml.c5.large"}' });

    // Assess
    expect(c5.floor.monthly - base.floor.monthly).toBeCloseTo(730 * (0.102 - 0.115), 9);
  });

  it('drops the Firehose lines and prices the lake writer function when sdp:lakeWriter is "lambda"', () => {
    // Act
    const lambda = price({ 'sdp:lakeWriter': 'lambda' });

    // Assess
    expect(service(base.estimate, 'Data Firehose')).toBeGreaterThan(1000);
    expect(service(lambda.estimate, 'Data Firehose')).toBe(0);
    const writer = lambda.deployment.functions.find((f) => f.role.kind === 'lakeWriter');
    expect(writer?.role).toStrictEqual({
      kind: 'lakeWriter',
      batches: ['bcns', 'impressions', 'clicks', 'aggregates', 'failed_events'].map((stream) => ({
        stream,
        batchSize: 10_000,
        windowSeconds: 300,
      })),
    });
    expect(lambda.deployment.streams.map((s) => s.consumers)).toStrictEqual([2, 1, 1, 2, 1]);
    expect(lambda.estimate.lines.some((l) => l.resource.endsWith('(lakeWriter)') && l.item.startsWith('compute'))).toBe(
      true,
    );
  });
});
