import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Aspects, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { LakeFormat } from '../../lambda/domain/lake/lake-tables.ts';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { CatalogStack } from '../../lib/lake/catalog-stack.ts';
import { DataLakeStack, type DataLakeStackProps } from '../../lib/lake/data-lake-stack.ts';
import { bundleDuckDbLayer } from '../../lib/lake/duckdb-layer.ts';
import type { FileRegistration } from '../../lib/lake/file-registration.ts';
import type { StreamDelivery } from '../../lib/lake/stream-delivery.ts';
import { StreamsStack } from '../../lib/streams/streams-stack.ts';

type LakeOptions = Omit<
  DataLakeStackProps,
  'bucket' | 'tables' | 'bcns' | 'impressions' | 'clicks' | 'aggregates' | 'failedEvents'
>;

function synth(props: LakeOptions = {}) {
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
    ...props,
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

const importOf = (pattern: RegExp) => ({ 'Fn::ImportValue': expect.stringMatching(pattern) });
const bucketArn = importOf(/^Catalog:ExportsOutputFnGetAttLake[0-9A-F]{8}Arn/);
const bucketName = importOf(/^Catalog:ExportsOutputRefLake[0-9A-F]{8}/);
const databaseName = importOf(/^Catalog:ExportsOutputRefTablesDatabase/);
const objects = (pattern: string) => ({ 'Fn::Join': ['', [bucketArn, `/${pattern}`]] });
/** An EventBridge wildcard as a RegExp: `*` matches any run of characters, `/` included. */
const wildcardRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
const pascal = (name: string) =>
  name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
const glueArn = (resource: unknown[]) => ({
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':glue:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ...resource],
  ],
});

describe('DataLakeStack', () => {
  const { stack, template } = synth();
  const resources = template.toJSON().Resources;
  const logicalId = (element: unknown) => stack.getLogicalId(element as CfnElement);
  const policyOf = (roleId: string) =>
    Object.values(template.findResources('AWS::IAM::Policy')).find((policy) =>
      policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId),
    )?.Properties.PolicyDocument.Statement;

  it('delivers each of the four streams with two Firehoses, raw and Parquet', () => {
    // Assess
    const names = Object.values(template.findResources('AWS::KinesisFirehose::DeliveryStream')).map(
      (firehose) => firehose.Properties.DeliveryStreamName,
    );
    expect(names).toStrictEqual(STREAM_NAMES.flatMap((name) => [`sdp-lake-raw-${name}`, `sdp-lake-parquet-${name}`]));
  });

  describe.each(STREAM_NAMES)('the %s Firehoses', (streamName) => {
    const streamArn = importOf(new RegExp(`^Streams:ExportsOutputFnGetAtt${pascal(streamName)}[0-9A-F]{8}Arn`));
    const schemaTable = importOf(new RegExp(`^Catalog:ExportsOutputRefTablesparquet${streamName.replaceAll('_', '')}`));
    const partitions = 'dt=!{timestamp:yyyy-MM-dd}/hr=!{timestamp:HH}/';
    const ids = (format: LakeFormat) => {
      const delivery = stack.deliveries.get(streamName)?.[format] as StreamDelivery;
      return {
        firehose: logicalId(delivery.deliveryStream),
        role: logicalId(delivery.role.node.defaultChild),
        logGroup: logicalId(delivery.logs.logGroup.node.defaultChild),
        logStream: logicalId(delivery.logs.logStream.node.defaultChild),
      };
    };
    const raw = ids('raw');
    const parquet = ids('parquet');
    const roleArn = (roleId: string) => ({ 'Fn::GetAtt': [roleId, 'Arn'] });
    const logging = (id: ReturnType<typeof ids>) => ({
      Enabled: true,
      LogGroupName: { Ref: id.logGroup },
      LogStreamName: { Ref: id.logStream },
    });
    const logStreamArn = (id: ReturnType<typeof ids>) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':logs:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':log-group:',
          { Ref: id.logGroup },
          ':log-stream:',
          { Ref: id.logStream },
        ],
      ],
    });
    const readStream = {
      Action: [
        'kinesis:DescribeStreamSummary',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:ListShards',
        'kinesis:SubscribeToShard',
        'kinesis:DescribeStream',
        'kinesis:ListStreams',
        'kinesis:DescribeStreamConsumer',
      ],
      Effect: 'Allow',
      Resource: streamArn,
    };
    const bucketLevel = {
      Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      Effect: 'Allow',
      Resource: bucketArn,
    };

    it('writes raw gzip NDJSON: every record newline-terminated, files named .json.gz', () => {
      // Assess
      expect(resources[raw.firehose].Properties).toStrictEqual({
        DeliveryStreamName: `sdp-lake-raw-${streamName}`,
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: roleArn(raw.role) },
        ExtendedS3DestinationConfiguration: {
          BucketARN: bucketArn,
          RoleARN: roleArn(raw.role),
          Prefix: `raw/${streamName}/${partitions}`,
          ErrorOutputPrefix: `errors/raw/${streamName}/!{firehose:error-output-type}/${partitions}`,
          FileExtension: '.json.gz',
          BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 128 },
          CloudWatchLoggingOptions: logging(raw),
          CompressionFormat: 'GZIP',
          ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] },
        },
      });
    });

    it('writes Parquet (Snappy) converted with the parquet_<stream> columns, and nothing else', () => {
      // Assess
      expect(resources[parquet.firehose].Properties).toStrictEqual({
        DeliveryStreamName: `sdp-lake-parquet-${streamName}`,
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: roleArn(parquet.role) },
        ExtendedS3DestinationConfiguration: {
          BucketARN: bucketArn,
          RoleARN: roleArn(parquet.role),
          Prefix: `parquet/${streamName}/${partitions}`,
          ErrorOutputPrefix: `errors/parquet/${streamName}/!{firehose:error-output-type}/${partitions}`,
          FileExtension: '.parquet',
          BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 128 },
          CloudWatchLoggingOptions: logging(parquet),
          CompressionFormat: 'UNCOMPRESSED',
          DataFormatConversionConfiguration: {
            Enabled: true,
            InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
            OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
            SchemaConfiguration: {
              CatalogId: { Ref: 'AWS::AccountId' },
              DatabaseName: databaseName,
              TableName: schemaTable,
              Region: { Ref: 'AWS::Region' },
              RoleARN: roleArn(parquet.role),
              VersionId: 'LATEST',
            },
          },
        },
      });
    });

    it.each([
      ['raw', raw],
      ['parquet', parquet],
    ])(
      'creates the %s Firehose after its role and policy, as a role only Firehose of this account can assume',
      (_format, id) => {
        // Assess
        // The role's ARN already orders the role first; DependsOn adds only its policy.
        expect(resources[id.firehose].DependsOn).toStrictEqual([expect.stringMatching(/DefaultPolicy/)]);
        expect(resources[id.firehose].Properties.KinesisStreamSourceConfiguration.RoleARN).toStrictEqual({
          'Fn::GetAtt': [id.role, 'Arn'],
        });
        expect(resources[id.role].Properties.AssumeRolePolicyDocument.Statement).toStrictEqual([
          {
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'AWS::AccountId' } } },
            Effect: 'Allow',
            Principal: { Service: 'firehose.amazonaws.com' },
          },
        ]);
      },
    );

    it('lets the raw Firehose read its stream, write only raw/ and errors/raw/ of it, and log to its own stream', () => {
      // Assess
      expect(policyOf(raw.role)).toStrictEqual([
        readStream,
        {
          Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
          Effect: 'Allow',
          Resource: [objects(`raw/${streamName}/*`), objects(`errors/raw/${streamName}/*`)],
        },
        bucketLevel,
        { Action: 'logs:PutLogEvents', Effect: 'Allow', Resource: logStreamArn(raw) },
      ]);
    });

    it('lets the Parquet Firehose read its stream and schema table, write only parquet/ and errors/parquet/ of it', () => {
      // Assess
      expect(policyOf(parquet.role)).toStrictEqual([
        readStream,
        {
          Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
          Effect: 'Allow',
          Resource: [objects(`parquet/${streamName}/*`), objects(`errors/parquet/${streamName}/*`)],
        },
        bucketLevel,
        { Action: 'logs:PutLogEvents', Effect: 'Allow', Resource: logStreamArn(parquet) },
        {
          Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
          Effect: 'Allow',
          Resource: [
            glueArn([':catalog']),
            glueArn([':database/', databaseName]),
            glueArn([':table/', databaseName, '/', schemaTable]),
          ],
        },
      ]);
    });
  });

  it('buffers both formats as asked, from 0 s, and rejects buffers Firehose or Parquet conversion would refuse', () => {
    // Act
    const { template: quick } = synth({ bufferSeconds: 0, bufferMiB: 64 });

    // Assess
    const hints = Object.values(quick.findResources('AWS::KinesisFirehose::DeliveryStream')).map(
      (firehose) => firehose.Properties.ExtendedS3DestinationConfiguration.BufferingHints,
    );
    expect(hints).toStrictEqual(Array(2 * STREAM_NAMES.length).fill({ IntervalInSeconds: 0, SizeInMBs: 64 }));
    expect(() => synth({ bufferMiB: 63 })).toThrow(
      'bufferMiB must be an integer from 64 to 128 (Parquet conversion needs 64). Received 63',
    );
    expect(() => synth({ bufferSeconds: 901 })).toThrow('bufferSeconds must be an integer from 0 to 900. Received 901');
  });

  describe('file registration', () => {
    const registration = stack.registration as FileRegistration;
    const fn = registration.function;
    const fnId = logicalId(fn.node.defaultChild);
    const queueId = logicalId(registration.deadLetterQueue.node.defaultChild);
    const queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] };

    const rule = () => resources[logicalId(registration.rule.node.defaultChild)].Properties;

    it('sends Object Created events for the Firehoses’ Parquet keys of the lake bucket to the function, with a DLQ', () => {
      // Assess
      expect(rule()).toStrictEqual({
        Description: 'Parquet files Firehose delivered to the lake bucket',
        State: 'ENABLED',
        EventPattern: {
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: {
            bucket: { name: [bucketName] },
            object: {
              key: STREAM_NAMES.map((name) => ({ wildcard: `parquet/${name}/*/sdp-lake-parquet-${name}-*.parquet` })),
            },
          },
        },
        Targets: [
          {
            Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
            Id: 'Target0',
            DeadLetterConfig: { Arn: queueArn },
            RetryPolicy: { MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 8 },
          },
        ],
      });
    });

    it('matches the files Firehose names after itself, never compacted files or other keys', () => {
      // Prepare
      const patterns: string[] = rule().EventPattern.detail.object.key.map((key: { wildcard: string }) => key.wildcard);
      const matches = (key: string) => patterns.some((pattern) => wildcardRegExp(pattern).test(key));
      const partition = 'dt=2026-11-22/hr=05';

      // Act
      const matched = [
        `parquet/bcns/${partition}/sdp-lake-parquet-bcns-1-2026-11-22-05-03-31-0f8e2c1a-1b2c-4d5e-8f90-123456789abc.parquet`,
        `parquet/aggregates/${partition}/sdp-lake-parquet-aggregates-3-2026-11-22-05-59-59-aa.parquet`,
        `parquet/bcns/${partition}/compacted-run1-0.parquet`,
        `parquet/clicks/${partition}/sdp-lake-parquet-bcns-1-2026-11-22-05-03-31-aa.parquet`,
        `raw/bcns/${partition}/sdp-lake-raw-bcns-1-2026-11-22-05-03-31-aa.json.gz`,
        `errors/parquet/bcns/format-conversion-failed/${partition}/sdp-lake-parquet-bcns-1-2026-11-22-05-03-31-aa`,
      ].map(matches);

      // Assess
      expect(matched).toStrictEqual([true, true, false, false, false, false]);
    });

    it('dead-letters invocations that still fail after two Lambda retries', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21600,
        DestinationConfig: { OnFailure: { Destination: queueArn } },
      });
    });

    it('keeps dead letters encrypted for 14 days, TLS only, writable by the rule', () => {
      // Assess
      expect(resources[queueId].Properties).toStrictEqual({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1209600,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: [
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Action: 'sqs:SendMessage',
              Principal: { Service: 'events.amazonaws.com' },
              Condition: {
                ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^Registration'), 'Arn'] } },
              },
            }),
          ],
        },
      });
    });

    it('runs register-files on Node.js 24 ARM with the bucket name, allowed only the manifest and Parquet keys', () => {
      // Assess
      expect(resources[fnId].Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Environment: { Variables: { LAKE_BUCKET: bucketName } },
      });
      const roleId = resources[fnId].Properties.Role['Fn::GetAtt'][0];
      expect(policyOf(roleId)).toStrictEqual([
        { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
        { Action: 's3:GetObject', Effect: 'Allow', Resource: [objects('parquet/*'), objects('manifests/*')] },
        { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('manifests/*') },
        { Action: 's3:ListBucket', Effect: 'Allow', Resource: bucketArn },
        {
          Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          Effect: 'Allow',
          Resource: queueArn,
        },
      ]);
    });
  });

  describe('compaction', () => {
    const fnId = logicalId(stack.compaction.function.node.defaultChild);

    it('runs compact-lake on x86-64 (DuckDB’s binary) with 3008 MB, 10 GiB /tmp, 15 minutes, without reserved concurrency', () => {
      // Assess
      expect(resources[fnId].Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['x86_64'],
        MemorySize: 3008,
        EphemeralStorage: { Size: 10240 },
        Timeout: 900,
        Environment: {
          Variables: {
            NODE_OPTIONS: '--enable-source-maps',
            LAKE_BUCKET: bucketName,
            LOOKBACK_HOURS: '48',
            GRACE_MINUTES: '15',
            TARGET_FILE_MIB: '256',
            HOME: '/tmp',
          },
        },
      });
      // One run at a time comes from the lease under compaction/ (run-compaction.ts).
      expect(resources[fnId].Properties.ReservedConcurrentExecutions).toBeUndefined();
    });

    it('loads DuckDB from a layer for Node.js 24 on x86-64', () => {
      // Prepare
      const layerId = logicalId(stack.compaction.duckDb.node.defaultChild);
      const { version } = createRequire(import.meta.url)('@duckdb/node-api/package.json');

      // Assess
      expect(resources[fnId].Properties.Layers).toStrictEqual([{ Ref: layerId }]);
      expect(resources[layerId].Properties).toStrictEqual({
        Content: { S3Bucket: expect.anything(), S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/) },
        Description: `DuckDB Node API ${version} with its linux-x64 binary`,
        CompatibleRuntimes: ['nodejs24.x'],
        CompatibleArchitectures: ['x86_64'],
        LicenseInfo: 'MIT',
      });
    });

    it('runs every hour, without EventBridge retries', () => {
      // Assess
      expect(resources[logicalId(stack.compaction.schedule.node.defaultChild)].Properties).toStrictEqual({
        Description: 'Runs lake compaction',
        ScheduleExpression: 'rate(1 hour)',
        State: 'ENABLED',
        Targets: [{ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, Id: 'Target0', RetryPolicy: { MaximumRetryAttempts: 0 } }],
      });
    });

    it('may rewrite the lake (compaction, erasure sweeps) and delete what retention and the vacuum remove', () => {
      // Assess: erasures rewrite raw and error objects and record their progress under lifecycle/;
      // retention deletes raw and error objects and Parquet manifests; the vacuum retired Parquet files.
      const roleId = resources[fnId].Properties.Role['Fn::GetAtt'][0];
      const owned = ['raw/*', 'parquet/*', 'manifests/*', 'errors/*', 'compaction/*', 'lifecycle/*'].map(objects);
      const deleted = ['compaction/*', 'lifecycle/erasures/*', 'parquet/*', 'raw/*', 'errors/*', 'manifests/*'];
      expect(policyOf(roleId)).toStrictEqual([
        { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
        { Action: 's3:GetObject', Effect: 'Allow', Resource: owned },
        { Action: 's3:PutObject', Effect: 'Allow', Resource: owned },
        { Action: 's3:DeleteObject', Effect: 'Allow', Resource: deleted.map(objects) },
        { Action: 's3:ListBucket', Effect: 'Allow', Resource: bucketArn },
      ]);
    });

    it('takes its schedule and tuning from props, and rejects a zero interval', () => {
      // Act
      const { stack: tuned, template: tunedTemplate } = synth({
        compactionMinutes: 15,
        compactionLookbackHours: 6,
        compactionGraceMinutes: 5,
        compactionTargetFileMiB: 128,
      });

      // Assess
      const tunedResources = tunedTemplate.toJSON().Resources;
      const id = (element: unknown) => tuned.getLogicalId(element as CfnElement);
      expect(tunedResources[id(tuned.compaction.schedule.node.defaultChild)].Properties.ScheduleExpression).toBe(
        'rate(15 minutes)',
      );
      expect(
        tunedResources[id(tuned.compaction.function.node.defaultChild)].Properties.Environment.Variables,
      ).toMatchObject({
        LOOKBACK_HOURS: '6',
        GRACE_MINUTES: '5',
        TARGET_FILE_MIB: '128',
      });
      expect(() => synth({ compactionMinutes: 0 })).toThrow('intervalMinutes must be an integer >= 1. Received 0');
    });
  });

  it('grants no IAM action with a wildcard', () => {
    // Assess
    const actions = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.flatMap(
        (statement: { Action: string | string[] }) => statement.Action,
      ),
    );
    expect(actions.filter((action: string) => action.includes('*'))).toStrictEqual([]);
    // A raw and a Parquet Firehose role per stream, registration, compaction: the filter is not vacuous.
    expect(actions).toHaveLength(STREAM_NAMES.length * (15 + 18) + 8 + 6);
  });

  it('has no unsuppressed cdk-nag errors or warnings', () => {
    // Assess
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
  });
});

describe('the DuckDB layer bundle', () => {
  const withTempDir = (work: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'duckdb-layer-'));
    try {
      work(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('holds the Node API, its loader and the linux-x64 binary where Lambda resolves layer packages', () => {
    withTempDir((outputDir) => {
      // Act
      bundleDuckDbLayer(outputDir);

      // Assess
      const duckdb = join(outputDir, 'nodejs', 'node_modules', '@duckdb');
      expect(readdirSync(outputDir)).toStrictEqual(['nodejs']);
      expect(readdirSync(duckdb)).toStrictEqual(['node-api', 'node-bindings', 'node-bindings-linux-x64']);
      expect(existsSync(join(duckdb, 'node-api', 'lib', 'index.js'))).toBe(true);
      expect(existsSync(join(duckdb, 'node-bindings', 'duckdb.js'))).toBe(true);
      const installed = dirname(createRequire(import.meta.url).resolve('@duckdb/node-bindings-linux-x64/package.json'));
      for (const file of ['duckdb.node', 'libduckdb.so']) {
        expect(statSync(join(duckdb, 'node-bindings-linux-x64', file)).size).toBe(statSync(join(installed, file)).size);
      }
    });
  });

  /** What npm installs on a host that is not linux-x64 (macOS, ARM Linux): no linux-x64 binding. */
  const foreignProject = (projectDir: string) => {
    const manifest = (path: string, content: object) => {
      mkdirSync(dirname(join(projectDir, path)), { recursive: true });
      writeFileSync(join(projectDir, path), JSON.stringify(content));
    };
    manifest('package.json', { dependencies: { '@duckdb/node-api': '1.5.6-r.1' } });
    manifest('node_modules/@duckdb/node-api/package.json', {
      name: '@duckdb/node-api',
      version: '1.5.6-r.1',
      dependencies: { '@duckdb/node-bindings': '1.5.6-r.1' },
    });
    manifest('node_modules/@duckdb/node-bindings/package.json', {
      name: '@duckdb/node-bindings',
      version: '1.5.6-r.1',
      optionalDependencies: {
        '@duckdb/node-bindings-darwin-arm64': '1.5.6-r.1',
        '@duckdb/node-bindings-linux-x64': '1.5.6-r.1',
      },
    });
    manifest('node_modules/@duckdb/node-bindings-darwin-arm64/package.json', { version: '1.5.6-r.1' });
  };
  /** Stands in for `npm pack`: records what it fetched and unpacks a package with a binary. */
  const fakeRegistry = () => {
    const fetched: string[] = [];
    const fetch = (name: string, version: string, targetDir: string) => {
      fetched.push(`${name}@${version}`);
      mkdirSync(targetDir, { recursive: true });
      writeFileSync(join(targetDir, 'package.json'), JSON.stringify({ name, version }));
      writeFileSync(join(targetDir, 'duckdb.node'), 'linux-x64 ELF');
    };
    return { fetched, fetch };
  };

  it('fetches the linux-x64 binding on a host npm did not install it on, once, and ships it', () => {
    withTempDir((projectDir) => {
      // Prepare
      foreignProject(projectDir);
      const registry = fakeRegistry();

      // Act
      const layers = [1, 2].map(() => {
        let files: string[] = [];
        withTempDir((outputDir) => {
          bundleDuckDbLayer(outputDir, projectDir, registry.fetch);
          const duckdb = join(outputDir, 'nodejs', 'node_modules', '@duckdb');
          files = readdirSync(duckdb).flatMap((dir) => readdirSync(join(duckdb, dir)).map((file) => `${dir}/${file}`));
        });
        return files.sort();
      });

      // Assess: the second build reuses the cached copy.
      expect(registry.fetched).toStrictEqual(['@duckdb/node-bindings-linux-x64@1.5.6-r.1']);
      expect(layers[0]).toStrictEqual([
        'node-api/package.json',
        'node-bindings-linux-x64/duckdb.node',
        'node-bindings-linux-x64/package.json',
        'node-bindings/package.json',
      ]);
      expect(layers[1]).toStrictEqual(layers[0]);
    });
  });

  it('uses the installed binding on a linux-x64 host without fetching anything', () => {
    withTempDir((outputDir) => {
      // Prepare
      const registry = fakeRegistry();

      // Act
      bundleDuckDbLayer(outputDir, process.cwd(), registry.fetch);

      // Assess
      expect(registry.fetched).toStrictEqual(
        process.platform === 'linux' && process.arch === 'x64' ? [] : registry.fetched,
      );
      expect(
        existsSync(join(outputDir, 'nodejs', 'node_modules', '@duckdb', 'node-bindings-linux-x64', 'duckdb.node')),
      ).toBe(true);
    });
  });
});
