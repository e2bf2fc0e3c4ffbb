import { App, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { joinedString } from '../../cost/templates.ts';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { loadCostLevers } from '../../lib/cost-levers.ts';
import { buildPlatform } from '../../lib/platform-app.ts';
import { loadPlatformConfig } from '../../lib/platform-config.ts';

const config = (context: Record<string, unknown>) => loadPlatformConfig(new App({ context }).node, STREAM_NAMES);

describe('cost levers in CDK context', () => {
  it('leave the platform as it was without a profile: Firehose, an ml.m5.large endpoint, tracing, on-demand streams', () => {
    // Act
    const { levers, shards, flinkParallelism, throttleRateLimit, throttleBurstLimit, retrainMinNewBids } = config({});

    // Assess
    expect(levers.profile).toBeUndefined();
    expect(levers.lakeWriter).toBe('firehose');
    expect(levers.predictionsEndpoint).toStrictEqual({ kind: 'instance' });
    expect(levers.instanceTypes).toStrictEqual({
      training: 'ml.m5.large',
      transform: 'ml.m5.large',
      endpoint: 'ml.m5.large',
    });
    expect(levers.ingestionTracing).toBe(true);
    expect({ shards, flinkParallelism, throttleRateLimit, throttleBurstLimit, retrainMinNewBids }).toStrictEqual({
      shards: {},
      flinkParallelism: 1,
      throttleRateLimit: 1000,
      throttleBurstLimit: 2000,
      retrainMinNewBids: 100_000,
    });
  });

  it('lean: streams provisioned for the traffic, the Lambda lake writer, Serverless Inference, no ingestion tracing, a daily retraining threshold', () => {
    // Act: the default traffic, 1,000 events/s of 222 bytes, 71% bids, 1,000 campaigns
    const { levers, shards, retrainMinNewBids } = config({ 'sdp:profile': 'lean' });

    // Assess: bcns needs 2,000 records/s of write capacity with 2× headroom (2 shards); impressions
    // 275 records/s, clicks 15, aggregates 17.5 (1,000 campaigns a minute plus 5% corrections),
    // failed_events 1 (0.1% of events): 1 each.
    expect(shards).toStrictEqual({ bcns: 2, impressions: 1, clicks: 1, aggregates: 1, failed_events: 1 });
    expect(levers.lakeWriter).toBe('lambda');
    expect(levers.predictionsEndpoint).toStrictEqual({ kind: 'serverless', memoryMiB: 2048, maxConcurrency: 5 });
    expect(levers.ingestionTracing).toBe(false);
    // A day of bids: 1,000 events/s × 0.71 × 86,400 s.
    expect(retrainMinNewBids).toBe(61_344_000);
  });

  it('throughput: sized from sdp:traffic, with an instance endpoint, Flink parallelism and throttling for the rate', () => {
    // Act
    const { levers, shards, flinkParallelism, throttleRateLimit, throttleBurstLimit } = config({
      'sdp:profile': 'throughput',
      'sdp:traffic': '{"eventsPerSecond":60000,"eventsPerRequest":5}',
    });

    // Assess: 60,000 records/s need 120 shards of write capacity with headroom; 12,000 requests/s
    // get a 24,000/s throttle; 60,000 events/s at 25,000 a KPU need 3 KPUs.
    expect(shards).toStrictEqual({ bcns: 120, impressions: 33, clicks: 2, aggregates: 1, failed_events: 1 });
    expect(levers.lakeWriter).toBe('lambda');
    expect(levers.predictionsEndpoint).toStrictEqual({ kind: 'instance' });
    expect({ flinkParallelism, throttleRateLimit, throttleBurstLimit }).toStrictEqual({
      flinkParallelism: 3,
      throttleRateLimit: 24_000,
      throttleBurstLimit: 48_000,
    });
  });

  it('lets an explicit key win over the profile', () => {
    // Act
    const { levers, shards, retrainMinNewBids } = config({
      'sdp:profile': 'lean',
      'sdp:lakeWriter': 'firehose',
      'sdp:predictionsEndpoint': 'instance',
      'sdp:shards': '3',
      'sdp:retrainMinNewBids': '5000',
      'sdp:instanceTypes': '{"endpoint":"ml.c5.large"}',
    });

    // Assess
    expect(levers.lakeWriter).toBe('firehose');
    expect(levers.predictionsEndpoint).toStrictEqual({ kind: 'instance' });
    expect(levers.instanceTypes.endpoint).toBe('ml.c5.large');
    expect(shards).toStrictEqual({ bcns: 3, impressions: 3, clicks: 3, aggregates: 3, failed_events: 3 });
    expect(retrainMinNewBids).toBe(5000);
  });

  it('sizes "auto" shards for the Firehoses when the lake is written by Firehose: a reader more per stream', () => {
    // Act
    const { shards } = config({
      'sdp:shards': 'auto',
      'sdp:traffic': { eventsPerSecond: 10_000, eventBytes: 600 },
    });

    // Assess: bcns's three readers need 3 × 6,000,000 B/s × 2 headroom / 2 MiB a shard = 18 shards, and
    // its 10,000 records/s with 2× headroom need 20: records decide.
    expect(shards.bcns).toBe(20);
    expect(config({}).shards).toStrictEqual({});
  });

  it.each([
    [{ 'sdp:profile': 'cheap' }, /^sdp:profile must be one of lean, throughput, got "cheap"$/],
    [{ 'sdp:lakeWriter': 'glue' }, /^sdp:lakeWriter must be one of firehose, lambda, got "glue"$/],
    [
      { 'sdp:predictionsEndpoint': 'async' },
      /^sdp:predictionsEndpoint must be one of instance, serverless, got "async"$/,
    ],
    [
      { 'sdp:predictionsEndpoint': 'serverless', 'sdp:serverlessMemoryMiB': '1500' },
      /^sdp:serverlessMemoryMiB must be one of 1024, 2048, 3072, 4096, 5120, 6144, got "1500"$/,
    ],
    [
      { 'sdp:predictionsEndpoint': 'serverless', 'sdp:serverlessMaxConcurrency': 0 },
      /^sdp:serverlessMaxConcurrency must be an integer from 1 to 200, got 0$/,
    ],
    [
      { 'sdp:instanceTypes': '{"endpoint":"m5.large"}' },
      /^sdp:instanceTypes must be a JSON object .* got "{\\"endpoint\\":\\"m5.large\\"}"$/,
    ],
    [{ 'sdp:instanceTypes': '{"gpu":"ml.g5.xlarge"}' }, /^sdp:instanceTypes must be a JSON object/],
    [{ 'sdp:traffic': '{"eventsPerSecond":-1}' }, /sdp:traffic: eventsPerSecond must be a number >= 0. Received -1/],
    [{ 'sdp:traffic': '{"eventsPerRequest":501}' }, /sdp:traffic: eventsPerRequest must be an integer from 1 to 500/],
    [
      { 'sdp:traffic': 'fast' },
      /^sdp:traffic must be a JSON object of the cost model's traffic profile fields, got "fast"$/,
    ],
    [{ 'sdp:ingestionTracing': 'off' }, /^sdp:ingestionTracing must be true or false, got "off"$/],
  ])('rejects %j', (context, message) => {
    expect(() => loadCostLevers(new App({ context }).node)).toThrow(message);
  });
});

describe('the lean profile in the synthesized app', () => {
  const app = new App({ context: { 'sdp:profile': 'lean', 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildPlatform(app);
  app.synth();
  const template = (stack: Stack) => Template.fromStack(stack);

  it('provisions every stream with the shards sized for the traffic', () => {
    // Assess
    const streams = Object.values(template(stacks.streams).findResources('AWS::Kinesis::Stream'));
    expect(
      streams.map((s) => [s.Properties.Name, s.Properties.StreamModeDetails, s.Properties.ShardCount]),
    ).toStrictEqual([
      ['sdp-bcns', { StreamMode: 'PROVISIONED' }, 2],
      ['sdp-impressions', { StreamMode: 'PROVISIONED' }, 1],
      ['sdp-clicks', { StreamMode: 'PROVISIONED' }, 1],
      ['sdp-aggregates', { StreamMode: 'PROVISIONED' }, 1],
      ['sdp-failed_events', { StreamMode: 'PROVISIONED' }, 1],
    ]);
  });

  it('writes the lake with the Lambda writer instead of eight Firehoses', () => {
    // Assess
    template(stacks.lake).resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    template(stacks.lake).resourceCountIs('AWS::Lambda::EventSourceMapping', 5);
  });

  it('deploys models to a Serverless Inference endpoint, created without network isolation', () => {
    // Assess
    const machine = Object.values(template(stacks.ml).findResources('AWS::StepFunctions::StateMachine'))[0];
    const states = JSON.parse(joinedString(machine?.Properties.DefinitionString) as string).States;
    expect(states['Create the endpoint config'].Parameters.ProductionVariants).toStrictEqual([
      {
        VariantName: 'AllTraffic',
        'ModelName.$': '$.run.name',
        ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
      },
    ]);
    expect(states['Create the candidate model'].Parameters.EnableNetworkIsolation).toBe(false);
  });

  it('does not trace the ingestion stage, and still traces the reports and predictions stages', () => {
    // Assess
    const tracing = (stack: Stack) =>
      Object.values(template(stack).findResources('AWS::ApiGateway::Stage')).map((s) => s.Properties.TracingEnabled);
    expect(tracing(stacks.ingestion)).toStrictEqual([false]);
    expect(tracing(stacks.reports)).toStrictEqual([true]);
    expect(tracing(stacks.ml)).toStrictEqual([true]);
  });

  it('starts a retraining run on new data once a day of bids arrived', () => {
    // Assess
    template(stacks.ml).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ RETRAIN_MIN_NEW_BIDS: '61344000' }) },
    });
  });

  it.each(['SdpStreams', 'SdpIngestion', 'SdpDataLake', 'SdpMl'])('%s stays cdk-nag clean', (id) => {
    // Assess
    const annotations = Annotations.fromStack(app.node.findChild(id) as Stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
  });
});

describe('the throughput profile in the synthesized app', () => {
  const app = new App({
    context: {
      'sdp:profile': 'throughput',
      'sdp:traffic': '{"eventsPerSecond":60000,"eventsPerRequest":5}',
      'aws:cdk:bundling-stacks': [],
    },
  });
  const stacks = buildPlatform(app);
  app.synth();

  it('sizes the aggregation job’s parallelism and the ingestion throttle from the traffic, and keeps an instance endpoint', () => {
    // Assess: 60,000 events/s at 25,000 a KPU; 12,000 requests/s throttled at twice that
    Template.fromStack(stacks.processor).hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationConfiguration: Match.objectLike({
        FlinkApplicationConfiguration: Match.objectLike({
          ParallelismConfiguration: {
            ConfigurationType: 'CUSTOM',
            Parallelism: 3,
            ParallelismPerKPU: 1,
            AutoScalingEnabled: true,
          },
        }),
      }),
    });
    Template.fromStack(stacks.ingestion).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({ ThrottlingRateLimit: 24_000, ThrottlingBurstLimit: 48_000 }),
      ]),
    });
    const machine = Object.values(Template.fromStack(stacks.ml).findResources('AWS::StepFunctions::StateMachine'))[0];
    const states = JSON.parse(joinedString(machine?.Properties.DefinitionString) as string).States;
    expect(states['Create the endpoint config'].Parameters.ProductionVariants[0].InstanceType).toBe('ml.m5.large');
    expect(states['Create the candidate model'].Parameters.EnableNetworkIsolation).toBe(true);
  });
});
