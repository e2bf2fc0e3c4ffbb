import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FLINK_RUNTIME, ProcessorStack, type ProcessorStackProps } from '../../lib/processor/processor-stack.ts';
import { StreamsStack } from '../../lib/streams/streams-stack.ts';

/** Asset bundling (Maven) is skipped here; `npm run synth` builds the real jar. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function synth(props: Partial<ProcessorStackProps> = {}) {
  const app = new App({ context: NO_BUNDLING });
  const streams = new StreamsStack(app, 'Streams');
  const stack = new ProcessorStack(app, 'Processor', {
    bcns: streams.bcns,
    impressions: streams.impressions,
    clicks: streams.clicks,
    aggregates: streams.aggregates,
    failedEvents: streams.failedEvents,
    ...props,
  });
  return Template.fromStack(stack);
}

const importOf = (name: string) => ({
  'Fn::ImportValue': expect.stringMatching(new RegExp(`^Streams:ExportsOutputFnGetAtt${name}`)),
});

describe('ProcessorStack', () => {
  const template = synth();
  const application = () =>
    Object.values(template.findResources('AWS::KinesisAnalyticsV2::Application'))[0]?.Properties;

  it('runs the job jar on Managed Flink with checkpoints, snapshots and autoscaling', () => {
    const properties = application();
    expect(properties.RuntimeEnvironment).toBe(FLINK_RUNTIME);
    expect(properties.ApplicationName).toBe('sdp-aggregation');
    expect(properties.ApplicationConfiguration.ApplicationCodeConfiguration).toStrictEqual({
      CodeContent: {
        S3ContentLocation: {
          BucketARN: expect.anything(),
          FileKey: expect.stringMatching(/^[0-9a-f]{64}/),
        },
      },
      CodeContentType: 'ZIPFILE',
    });
    expect(properties.ApplicationConfiguration.ApplicationSnapshotConfiguration).toStrictEqual({
      SnapshotsEnabled: true,
    });
    expect(properties.ApplicationConfiguration.FlinkApplicationConfiguration).toStrictEqual({
      CheckpointConfiguration: {
        ConfigurationType: 'CUSTOM',
        CheckpointingEnabled: true,
        CheckpointInterval: 60000,
        MinPauseBetweenCheckpoints: 5000,
      },
      MonitoringConfiguration: { ConfigurationType: 'CUSTOM', LogLevel: 'INFO', MetricsLevel: 'APPLICATION' },
      ParallelismConfiguration: {
        ConfigurationType: 'CUSTOM',
        Parallelism: 1,
        ParallelismPerKPU: 1,
        AutoScalingEnabled: true,
      },
    });
  });

  it('passes the semantics and the five streams as runtime properties, by ARN', () => {
    expect(application().ApplicationConfiguration.EnvironmentProperties.PropertyGroups).toStrictEqual([
      {
        PropertyGroupId: 'Aggregation',
        PropertyMap: {
          'period.seconds': '60',
          'attribution.window.seconds': '300',
          'click.window.seconds': '900',
          'allowed.lateness.seconds': '5',
          'out.of.orderness.seconds': '5',
          'idleness.seconds': '10',
        },
      },
      {
        PropertyGroupId: 'BcnsStream',
        PropertyMap: { 'stream.arn': importOf('Bcns'), 'initial.position': 'TRIM_HORIZON' },
      },
      { PropertyGroupId: 'ImpressionsStream', PropertyMap: { 'stream.arn': importOf('Impressions') } },
      { PropertyGroupId: 'ClicksStream', PropertyMap: { 'stream.arn': importOf('Clicks') } },
      { PropertyGroupId: 'AggregatesStream', PropertyMap: { 'stream.arn': importOf('Aggregates') } },
      { PropertyGroupId: 'FailedEventsStream', PropertyMap: { 'stream.arn': importOf('FailedEvents') } },
    ]);
  });

  it('sets parallelism and autoscaling from props', () => {
    const configured = Object.values(
      synth({
        parallelism: 4,
        autoScaling: false,
        aggregation: {
          period_seconds: 30,
          attribution_window_seconds: 60,
          click_window_seconds: 120,
          allowed_lateness_seconds: 1,
        },
      }).findResources('AWS::KinesisAnalyticsV2::Application'),
    )[0]?.Properties.ApplicationConfiguration;
    expect(configured.FlinkApplicationConfiguration.ParallelismConfiguration).toMatchObject({
      Parallelism: 4,
      AutoScalingEnabled: false,
    });
    expect(configured.EnvironmentProperties.PropertyGroups[0].PropertyMap).toMatchObject({
      'period.seconds': '30',
      'allowed.lateness.seconds': '1',
    });
  });

  it('lets the job read bcns, write only the four output streams and its own logs', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref.startsWith('Role')))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const kinesis = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('kinesis:')));
    const readOn = kinesis.filter((s) => [s.Action].flat().includes('kinesis:GetRecords')).map((s) => s.Resource);
    const writeOn = kinesis
      .filter((s) => [s.Action].flat().includes('kinesis:PutRecords'))
      .flatMap((s) => [s.Resource].flat());
    expect(readOn).toStrictEqual([importOf('Bcns')]);
    expect(writeOn).toStrictEqual([
      importOf('Impressions'),
      importOf('Clicks'),
      importOf('Aggregates'),
      importOf('FailedEvents'),
    ]);
    const logs = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('logs:')));
    expect(logs.map((s) => s.Action)).toStrictEqual([
      'logs:DescribeLogGroups',
      'logs:DescribeLogStreams',
      'logs:PutLogEvents',
    ]);
    expect(logs[0].Resource).toBe('*');
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'kinesisanalytics.amazonaws.com' } })],
      },
    });
  });

  it('logs to CloudWatch and starts the application once on create, without a snapshot to restore', () => {
    template.hasResourceProperties('AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption', {
      ApplicationName: 'sdp-aggregation',
      CloudWatchLoggingOption: { LogStreamARN: Match.anyValue() },
    });
    template.hasResourceProperties('Custom::AWS', {
      Create: Match.serializedJson(
        Match.objectLike({
          service: 'KinesisAnalyticsV2',
          action: 'startApplication',
          parameters: {
            ApplicationName: 'sdp-aggregation',
            RunConfiguration: {
              ApplicationRestoreConfiguration: { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' },
            },
          },
        }),
      ),
    });
  });

  it('rejects a parallelism outside 1 to 64', () => {
    expect(() => synth({ parallelism: 0 })).toThrow(/parallelism must be an integer from 1 to 64. Received 0/);
  });
});
