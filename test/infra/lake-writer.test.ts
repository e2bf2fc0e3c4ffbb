import { App, Aspects, type CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { CatalogStack } from '../../lib/lake/catalog-stack.ts';
import { DataLakeStack, type DataLakeStackProps } from '../../lib/lake/data-lake-stack.ts';
import { LakeWriter } from '../../lib/lake/lake-writer.ts';
import { StreamsStack } from '../../lib/streams/streams-stack.ts';

function synth(props: Partial<DataLakeStackProps> = {}) {
  // Bundling (esbuild, the DuckDB layer) is skipped; `npm run synth` does it for real.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const streams = new StreamsStack(app, 'Streams');
  const catalog = new CatalogStack(app, 'Catalog');
  const stack = new DataLakeStack(app, 'Lake', {
    bucket: catalog.bucket,
    tables: catalog.tables,
    bcns: streams.bcns,
    impressions: streams.impressions,
    clicks: streams.clicks,
    aggregates: streams.aggregates,
    failedEvents: streams.failedEvents,
    writer: 'lambda',
    ...props,
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

const importOf = (pattern: RegExp) => ({ 'Fn::ImportValue': expect.stringMatching(pattern) });
const bucketArn = importOf(/^Catalog:ExportsOutputFnGetAttLake[0-9A-F]{8}Arn/);
const objects = (pattern: string) => ({ 'Fn::Join': ['', [bucketArn, `/${pattern}`]] });
const pascal = (name: string) => name.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());

describe('DataLakeStack with the Lambda lake writer (sdp:lakeWriter "lambda")', () => {
  const { stack, template } = synth();
  const resources = template.toJSON().Resources;
  const logicalId = (element: unknown) => stack.getLogicalId(element as CfnElement);
  const writer = stack.writer as LakeWriter;
  const fnId = logicalId(writer.function.node.defaultChild);

  it('has no Firehose and no file registration: the writer writes and registers its files', () => {
    // Assess
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    template.resourceCountIs('AWS::Events::Rule', 1); // compaction's schedule only
    expect(stack.deliveries.size).toBe(0);
    expect(stack.registration).toBeUndefined();
  });

  it('runs write-lake on x86-64 with the compaction’s DuckDB layer, naming files after the prefix', () => {
    // Assess
    expect(resources[fnId].Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['x86_64'],
      MemorySize: 1024,
      Timeout: 300,
      Layers: [{ Ref: logicalId(stack.compaction.duckDb.node.defaultChild) }],
      Environment: {
        Variables: { LAKE_BUCKET: expect.anything(), LAKE_FILE_PREFIX: 'sdp-lake', HOME: '/tmp' },
      },
    });
    expect(resources[fnId].Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('reads each stream in batches of up to 10,000 records over 300 s, one batch per shard at a time, retried until a day old', () => {
    // Assess
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings.map((m) => m.Properties.EventSourceArn['Fn::ImportValue'])).toStrictEqual(
      STREAM_NAMES.map((name) => expect.stringMatching(new RegExp(`^Streams:ExportsOutputFnGetAtt${pascal(name)}`))),
    );
    for (const mapping of mappings) {
      expect(mapping.Properties).toStrictEqual({
        FunctionName: { Ref: fnId },
        EventSourceArn: expect.anything(),
        BatchSize: 10_000,
        MaximumBatchingWindowInSeconds: 300,
        ParallelizationFactor: 1,
        BisectBatchOnFunctionError: false,
        MaximumRecordAgeInSeconds: 86_400,
        StartingPosition: 'TRIM_HORIZON',
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(writer.deadLetterQueue.node.defaultChild), 'Arn'] } },
        },
      });
    }
  });

  it('batches for the Firehose buffer seconds asked, up to Lambda’s 300', () => {
    // Act
    const quick = synth({ bufferSeconds: 60 }).template;
    const slow = synth({ bufferSeconds: 900 }).template;

    // Assess
    const windows = (t: Template) =>
      Object.values(t.findResources('AWS::Lambda::EventSourceMapping')).map(
        (m) => m.Properties.MaximumBatchingWindowInSeconds,
      );
    expect(windows(quick)).toStrictEqual([60, 60, 60, 60, 60]);
    expect(windows(slow)).toStrictEqual([300, 300, 300, 300, 300]);
  });

  it('may write raw/, parquet/, errors/, manifests/ and pending erasures, read manifests/ and lifecycle/, and delete nothing', () => {
    // Assess
    const roleId = resources[fnId].Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).find((policy) =>
      policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId),
    )?.Properties.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        // lifecycle/: pending erasures, whose records it drops and whose transactions it adds to them.
        { Action: 's3:GetObject', Effect: 'Allow', Resource: [objects('manifests/*'), objects('lifecycle/*')] },
        {
          Action: 's3:PutObject',
          Effect: 'Allow',
          Resource: [
            objects('raw/*'),
            objects('parquet/*'),
            objects('errors/*'),
            objects('manifests/*'),
            objects('lifecycle/erasures/*'),
          ],
        },
      ]),
    );
    expect(statements.flatMap((s: { Action: string | string[] }) => s.Action)).not.toContain('s3:DeleteObject');
  });

  it('rejects a batching window Lambda cannot use', () => {
    // Prepare
    const scope = new Stack(new App(), 'Scope');
    const stream = (name: string) =>
      kinesis.Stream.fromStreamArn(scope, name, `arn:aws:kinesis:us-east-1:123456789012:stream/${name}`);
    const props = {
      bucket: s3.Bucket.fromBucketName(scope, 'Bucket', 'lake'),
      streams: {
        bcns: stream('bcns'),
        impressions: stream('impressions'),
        clicks: stream('clicks'),
        aggregates: stream('aggregates'),
        failed_events: stream('failed_events'),
      },
      filePrefix: 'sdp-lake',
      duckDb: lambda.LayerVersion.fromLayerVersionArn(
        scope,
        'DuckDb',
        'arn:aws:lambda:us-east-1:123456789012:layer:duckdb:1',
      ),
    };

    // Act, Assess
    expect(() => new LakeWriter(scope, 'Writer', { ...props, batchingWindowSeconds: 301 })).toThrow(
      'batchingWindowSeconds must be an integer from 0 to 300. Received 301',
    );
  });

  it('has no unsuppressed cdk-nag errors or warnings', () => {
    // Assess
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
  });
});
