import { App, Aspects, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { LAKE_TABLES } from '../../lambda/domain/lake/lake-tables.ts';
import { parseRetention } from '../../lambda/domain/lifecycle/retention.ts';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { CatalogStack, type CatalogStackProps } from '../../lib/lake/catalog-stack.ts';

function synth(props: CatalogStackProps = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CatalogStack(app, 'Catalog', props);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  const logicalId = (element: unknown) => stack.getLogicalId(element as CfnElement);
  return {
    stack,
    template: Template.fromStack(stack),
    ids: {
      bucket: logicalId(stack.bucket.node.defaultChild),
      results: logicalId(stack.resultsBucket.node.defaultChild),
      database: logicalId(stack.tables.database),
    },
  };
}

const tlsOnlyStatement = (bucketId: string) => ({
  Action: 's3:*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }],
});

/** CDK's auto-delete provider, whose role the bucket policy lets empty the bucket on `cdk destroy`. */
const AUTO_DELETE_ROLE = 'CustomS3AutoDeleteObjectsCustomResourceProviderRole3B1BD092';
const autoDeleteStatement = (bucketId: string) => ({
  Action: ['s3:PutBucketPolicy', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*'],
  Effect: 'Allow',
  Principal: { AWS: { 'Fn::GetAtt': [AUTO_DELETE_ROLE, 'Arn'] } },
  Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }],
});

const s3Url = (bucketId: string, key: string) => ({ 'Fn::Join': ['', ['s3://', { Ref: bucketId }, `/${key}`]] });

describe('CatalogStack', () => {
  const { stack, template, ids } = synth();
  const properties = (logicalId: string) => template.toJSON().Resources[logicalId].Properties;

  it('names the Glue database sdp_lake, which Athena needs no quoting for', () => {
    // Assess
    expect(properties(ids.database)).toStrictEqual({
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseInput: { Name: 'sdp_lake', Description: 'Streaming Data Platform lake: raw_* and parquet_* tables' },
    });
  });

  it('derives the database and workgroup names from the prefix, - becoming _ in the database', () => {
    // Act
    const { template: prefixed } = synth({ prefix: 'ad-team' });

    // Assess
    prefixed.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'ad_team_lake' } });
    prefixed.hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'ad-team-lake' });
  });

  it('creates exactly the ten lake tables, raw first, then the failed_events view', () => {
    // Assess
    const names = Object.values(template.findResources('AWS::Glue::Table')).map((t) => t.Properties.TableInput.Name);
    expect(names).toStrictEqual([
      'raw_bcns',
      'raw_impressions',
      'raw_clicks',
      'raw_aggregates',
      'raw_failed_events',
      'parquet_bcns',
      'parquet_impressions',
      'parquet_clicks',
      'parquet_aggregates',
      'parquet_failed_events',
      'failed_events',
    ]);
  });

  it('defines failed_events as an Athena view over parquet_failed_events, as sdp sql does', () => {
    // Assess
    const view = Object.values(template.findResources('AWS::Glue::Table')).find(
      (t) => t.Properties.TableInput.Name === 'failed_events',
    )?.Properties.TableInput;
    const encoded = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(view.ViewOriginalText)?.[1] as string;
    const columns = ['reason', 'stage', 'tx_id', 'type', 'event_timestamp', 'event', 'timestamp', 'dt', 'hr'];
    const types = ['varchar', 'varchar', 'varchar', 'varchar', 'bigint', 'varchar', 'bigint', 'varchar', 'varchar'];
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toStrictEqual({
      originalSql: `SELECT ${columns.join(', ')} FROM parquet_failed_events`,
      catalog: 'awsdatacatalog',
      schema: 'sdp_lake',
      columns: columns.map((name, i) => ({ name, type: types[i] })),
    });
    expect(view.TableType).toBe('VIRTUAL_VIEW');
    expect(view.Parameters).toStrictEqual({ presto_view: 'true', comment: 'Presto View' });
    expect(view.StorageDescriptor.Columns.map((c: { Name: string; Type: string }) => [c.Name, c.Type])).toStrictEqual(
      columns.map((name, i) => [name, types[i] === 'varchar' ? 'string' : 'bigint']),
    );
  });

  const projection = (location: object) => ({
    'projection.enabled': 'true',
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy-MM-dd',
    'projection.dt.range': '2024-01-01,NOW',
    'projection.dt.interval': '1',
    'projection.dt.interval.unit': 'DAYS',
    'projection.hr.type': 'integer',
    'projection.hr.range': '0,23',
    'projection.hr.digits': '2',
    'storage.location.template': location,
  });
  const partitionKeys = [
    { Name: 'dt', Type: 'string', Comment: 'UTC day of arrival, YYYY-MM-DD' },
    { Name: 'hr', Type: 'string', Comment: 'UTC hour of arrival, 00-23' },
  ];
  const tableProperties = (name: string) =>
    Object.values(template.findResources('AWS::Glue::Table')).find((t) => t.Properties.TableInput.Name === name)
      ?.Properties;

  it.each(LAKE_TABLES.filter((table) => table.format === 'raw'))(
    '$name reads its raw gzip NDJSON with the OpenX SerDe and projects dt/hr',
    (table) => {
      // Assess
      expect(tableProperties(table.name)).toStrictEqual({
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseName: { Ref: ids.database },
        TableInput: {
          Name: table.name,
          Description: `${table.stream} stream, raw gzip NDJSON`,
          TableType: 'EXTERNAL_TABLE',
          PartitionKeys: partitionKeys,
          Parameters: {
            EXTERNAL: 'TRUE',
            classification: 'json',
            compressionType: 'gzip',
            ...projection(s3Url(ids.bucket, `raw/${table.stream}/dt=\${dt}/hr=\${hr}/`)),
          },
          StorageDescriptor: {
            Columns: table.columns.map(({ name, type, comment }) => ({ Name: name, Type: type, Comment: comment })),
            Location: s3Url(ids.bucket, `raw/${table.stream}/`),
            InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            // https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html: skip malformed JSON
            SerdeInfo: {
              SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
              Parameters: { 'ignore.malformed.json': 'true' },
            },
          },
        },
      });
    },
  );

  it.each(LAKE_TABLES.filter((table) => table.format === 'parquet'))(
    '$name reads Parquet through its symlink manifests and projects dt/hr',
    (table) => {
      // Assess
      expect(tableProperties(table.name)).toStrictEqual({
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseName: { Ref: ids.database },
        TableInput: {
          Name: table.name,
          Description: `${table.stream} stream, Parquet`,
          TableType: 'EXTERNAL_TABLE',
          PartitionKeys: partitionKeys,
          Parameters: {
            EXTERNAL: 'TRUE',
            classification: 'parquet',
            ...projection(s3Url(ids.bucket, `manifests/parquet_${table.stream}/dt=\${dt}/hr=\${hr}/`)),
          },
          StorageDescriptor: {
            Columns: table.columns.map(({ name, type, comment }) => ({ Name: name, Type: type, Comment: comment })),
            Location: s3Url(ids.bucket, `manifests/parquet_${table.stream}/`),
            InputFormat: 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: {
              SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
              Parameters: { 'serialization.format': '1' },
            },
          },
        },
      });
    },
  );

  it('starts date projection where asked, and rejects a malformed start date', () => {
    // Act
    const { template: later } = synth({ projectionStartDate: '2026-03-01' });

    // Assess
    const ranges = Object.values(later.findResources('AWS::Glue::Table'))
      .filter((t) => t.Properties.TableInput.TableType === 'EXTERNAL_TABLE')
      .map((t) => t.Properties.TableInput.Parameters['projection.dt.range']);
    expect(ranges).toStrictEqual(Array(10).fill('2026-03-01,NOW'));
    expect(() => synth({ projectionStartDate: '2026-3-1' })).toThrow(
      'projectionStartDate must be a date YYYY-MM-DD. Received "2026-3-1"',
    );
  });

  it('runs no crawler', () => {
    // Assess
    template.resourceCountIs('AWS::Glue::Crawler', 0);
  });

  it('encrypts the lake bucket, blocks public access, disables ACLs, logs access and sends events to EventBridge', () => {
    // Assess
    expect(properties(ids.bucket)).toStrictEqual({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: expect.stringMatching(/^LakeAccessLogs/) },
        LogFilePrefix: 'lake/',
      },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      LifecycleConfiguration: {
        Rules: [
          ...STREAM_NAMES.map((stream) => ({
            Id: `expire-raw_${stream}`,
            Prefix: `raw/${stream}/`,
            ExpirationInDays: 90,
            Status: 'Enabled',
          })),
          { Id: 'expire-errors', Prefix: 'errors/', ExpirationInDays: 30, Status: 'Enabled' },
          {
            Id: 'abort-incomplete-uploads',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          },
        ],
      },
    });
  });

  it('retains the lake and its access logs on cdk destroy, and deletes the results bucket with its objects', () => {
    // Assess
    const buckets = template.findResources('AWS::S3::Bucket');
    const policies = Object.fromEntries(
      Object.entries(buckets).map(([id, bucket]) => [
        id.replace(/[0-9A-F]{8}$/, ''),
        [bucket.DeletionPolicy, bucket.UpdateReplacePolicy],
      ]),
    );
    expect(policies).toStrictEqual({
      Lake: ['Retain', 'Retain'],
      LakeAccessLogs: ['Retain', 'Retain'],
      QueryResults: ['Delete', 'Delete'],
    });
    expect(properties(ids.results).Tags).toStrictEqual([{ Key: 'aws-cdk:auto-delete-objects', Value: 'true' }]);
    expect(
      Object.values(template.findResources('Custom::S3AutoDeleteObjects')).map((r) => r.Properties.BucketName),
    ).toStrictEqual([{ Ref: ids.results }]);
  });

  it('has no Lambda but CDK’s auto-delete handler, which logs to a log group deleted with the stack', () => {
    // Assess: EventBridge is on the bucket itself, with no notifications custom resource.
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    expect(functions.map(([id]) => id)).toStrictEqual([
      'CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F',
    ]);
    const [[, handler]] = functions;
    const logGroupId = handler.Properties.LoggingConfig.LogGroup.Ref;
    expect(template.toJSON().Resources[logGroupId]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Delete',
    });
  });

  it('expires each table after the retention asked for, Parquet files and manifests a backstop later', () => {
    // Act
    const retention = parseRetention('raw=7,raw_bcns=3,parquet_clicks=400,errors=forever', 'sdp:retentionDays');
    const { template: shorter, ids: shorterIds } = synth({ retention });

    // Assess: the compaction runs remove Parquet partitions by their hour; the rules catch what they miss.
    expect(shorter.toJSON().Resources[shorterIds.bucket].Properties.LifecycleConfiguration.Rules).toStrictEqual([
      { Id: 'expire-raw_bcns', Prefix: 'raw/bcns/', ExpirationInDays: 3, Status: 'Enabled' },
      { Id: 'expire-raw_impressions', Prefix: 'raw/impressions/', ExpirationInDays: 7, Status: 'Enabled' },
      { Id: 'expire-raw_clicks', Prefix: 'raw/clicks/', ExpirationInDays: 7, Status: 'Enabled' },
      { Id: 'expire-raw_aggregates', Prefix: 'raw/aggregates/', ExpirationInDays: 7, Status: 'Enabled' },
      { Id: 'expire-raw_failed_events', Prefix: 'raw/failed_events/', ExpirationInDays: 7, Status: 'Enabled' },
      { Id: 'expire-parquet_clicks', Prefix: 'parquet/clicks/', ExpirationInDays: 403, Status: 'Enabled' },
      {
        Id: 'expire-parquet_clicks-manifests',
        Prefix: 'manifests/parquet_clicks/',
        ExpirationInDays: 403,
        Status: 'Enabled',
      },
      { Id: 'abort-incomplete-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
    ]);
    expect(() => synth({ retention: { ...retention, raw_bcns: 0 } })).toThrow(
      'raw_bcns must be a whole number of days >= 1. Received 0',
    );
  });

  it.each([
    ['lake', 'bucket'],
    ['results', 'results'],
  ] as const)('refuses plain-HTTP access to the %s bucket', (_name, key) => {
    // Assess
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
      (policy) => policy.Properties.Bucket.Ref === ids[key],
    );
    expect(policies.map((policy) => policy.Properties.PolicyDocument.Statement)).toStrictEqual([
      key === 'results' ? [tlsOnlyStatement(ids[key]), autoDeleteStatement(ids[key])] : [tlsOnlyStatement(ids[key])],
    ]);
  });

  it('lets S3 deliver access logs only from the lake and results buckets, by bucket policy', () => {
    // Assess
    const logBucketId = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) =>
      id.startsWith('LakeAccessLogs'),
    );
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === logBucketId,
    );
    const delivery = (sourceId: string, prefix: string) => ({
      Action: 's3:PutObject',
      Condition: {
        ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [sourceId, 'Arn'] } },
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      },
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logBucketId, 'Arn'] }, `/${prefix}*`]] },
    });
    expect(policy?.Properties.PolicyDocument.Statement).toStrictEqual([
      tlsOnlyStatement(logBucketId as string),
      delivery(ids.bucket, 'lake/'),
      delivery(ids.results, 'athena-results/'),
    ]);
    expect(template.toJSON().Resources[logBucketId as string].Properties.LifecycleConfiguration).toStrictEqual({
      Rules: [{ Id: 'expire-access-logs', ExpirationInDays: 90, Status: 'Enabled' }],
    });
  });

  it('enforces the Athena workgroup: encrypted results in its own bucket, engine v3, a 10 GiB scan limit', () => {
    // Assess
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'sdp-lake',
      State: 'ENABLED',
      RecursiveDeleteOption: true,
      WorkGroupConfiguration: Match.objectEquals({
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 10737418240,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: s3Url(ids.results, 'results/'),
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      }),
    });
    expect(properties(ids.results)).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          { Id: 'expire-results', ExpirationInDays: 30, Status: 'Enabled' },
          {
            Id: 'abort-incomplete-uploads',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          },
        ],
      },
    });
  });

  it('cancels queries past the scan limit asked for, and rejects one under Athena’s 10 MB floor', () => {
    // Act
    const { template: tight } = synth({ scanLimitGiB: 1 });

    // Assess
    tight.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: { BytesScannedCutoffPerQuery: 1073741824 },
    });
    expect(() => synth({ scanLimitGiB: 0.001 })).toThrow('scanLimitGiB must be at least 0.01. Received 0.001');
  });

  it('outputs LakeBucketName, GlueDatabaseName and AthenaWorkGroupName', () => {
    // Assess
    const outputs = template.toJSON().Outputs;
    expect(outputs.LakeBucketName.Value).toStrictEqual({ Ref: ids.bucket });
    expect(outputs.GlueDatabaseName.Value).toStrictEqual({ Ref: ids.database });
    expect(outputs.AthenaWorkGroupName.Value).toStrictEqual({ Ref: stack.getLogicalId(stack.workGroup) });
  });

  it('has no unsuppressed cdk-nag errors or warnings', () => {
    // Assess
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
  });
});
