import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildPlatform } from '../../lib/platform-app.ts';

describe('the platform app', () => {
  // Asset bundling (Maven for the Flink jar) is skipped here; `npm run synth` does it for real.
  const app = new App({ context: { 'sdp:apiKey': false, 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildPlatform(app);
  app.synth();

  it('builds every stack of this release, wired by props', () => {
    expect(app.node.children.filter((child) => child instanceof Stack).map((stack) => stack.node.id)).toStrictEqual([
      'SdpApiGatewayLogging',
      'SdpStreams',
      'SdpIngestion',
      'SdpProcessor',
      'SdpReports',
      'SdpCatalog',
      'SdpDataLake',
      'SdpMl',
      'SdpObservability',
      'SdpLifecycle',
    ]);
    const dependencies = (stack: Stack) => stack.dependencies.map((dependency) => dependency.stackName).sort();
    expect(dependencies(stacks.apiLogging)).toStrictEqual([]);
    expect(dependencies(stacks.ingestion)).toStrictEqual(['SdpApiGatewayLogging', 'SdpStreams']);
    expect(dependencies(stacks.reports)).toStrictEqual(['SdpApiGatewayLogging', 'SdpStreams']);
    expect(dependencies(stacks.processor)).toStrictEqual(['SdpStreams']);
    expect(dependencies(stacks.catalog)).toStrictEqual([]);
    expect(dependencies(stacks.lake)).toStrictEqual(['SdpCatalog', 'SdpStreams']);
    expect(dependencies(stacks.ml)).toStrictEqual(['SdpApiGatewayLogging', 'SdpCatalog']);
    expect(dependencies(stacks.observability)).toStrictEqual([
      'SdpDataLake',
      'SdpIngestion',
      'SdpMl',
      'SdpReports',
      'SdpStreams',
    ]);
    expect(dependencies(stacks.lifecycle)).toStrictEqual([
      'SdpApiGatewayLogging',
      'SdpCatalog',
      'SdpDataLake',
      'SdpObservability',
      'SdpReports',
    ]);
  });

  it('stays cdk-nag clean when the CLI resolves an account and region (as `cdk synth` does)', () => {
    // Prepare
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    process.env.CDK_DEFAULT_REGION = 'eu-west-1';
    try {
      // Act
      const resolved = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const built = buildPlatform(resolved);
      resolved.synth();

      // Assess
      for (const stack of Object.values(built)) {
        const annotations = Annotations.fromStack(stack);
        expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
        expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
      }
    } finally {
      for (const [key, value] of [
        ['CDK_DEFAULT_ACCOUNT', saved.account],
        ['CDK_DEFAULT_REGION', saved.region],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('sets the account’s API Gateway CloudWatch role in a stack of its own, retained, that every API stack waits for', () => {
    // Prepare
    const template = Template.fromStack(stacks.apiLogging);

    // Assess: destroying an API stack cannot take the role the other APIs log with.
    template.hasResource('AWS::ApiGateway::Account', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::IAM::Role', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        ManagedPolicyArns: [
          {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
            ],
          },
        ],
      }),
    });
    for (const stack of [stacks.ingestion, stacks.reports, stacks.ml]) {
      Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::Account', 0);
      Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::RestApi', 1);
    }
  });

  it('applies cdk-nag AwsSolutions checks to the whole app', () => {
    expect(Aspects.of(app).all.map((aspect) => aspect.constructor.name)).toContain('AwsSolutionsChecks');
  });

  it.each([
    'SdpApiGatewayLogging',
    'SdpStreams',
    'SdpIngestion',
    'SdpProcessor',
    'SdpReports',
    'SdpCatalog',
    'SdpDataLake',
    'SdpMl',
    'SdpObservability',
    'SdpLifecycle',
  ])('%s has no unsuppressed cdk-nag errors or warnings', (id) => {
    const annotations = Annotations.fromStack(app.node.findChild(id) as Stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toStrictEqual([]);
  });

  it('grants no IAM action with a bare * anywhere', () => {
    for (const stack of Object.values(stacks)) {
      const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
      const actions = Object.values(policies).flatMap((policy) =>
        policy.Properties.PolicyDocument.Statement.flatMap(
          (statement: { Action: string | string[] }) => statement.Action,
        ),
      );
      expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toStrictEqual([]);
    }
  });

  it('configures the lake from context', () => {
    // Prepare
    const tuned = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        'sdp:prefix': 'ads',
        'sdp:lakeBufferSeconds': '60',
        'sdp:lakeBufferMiB': '64',
        'sdp:rawRetentionDays': '30',
        'sdp:retentionDays': '{"raw_bcns": 7, "parquet_bcns": 365}',
        'sdp:compactionMinutes': '15',
        'sdp:athenaScanLimitGiB': '2',
      },
    });

    // Act
    const { catalog, lake } = buildPlatform(tuned);

    // Assess
    const lakeTemplate = Template.fromStack(lake);
    const firehoses = Object.values(lakeTemplate.findResources('AWS::KinesisFirehose::DeliveryStream'));
    expect(
      firehoses.map((firehose) => firehose.Properties.ExtendedS3DestinationConfiguration.BufferingHints),
    ).toStrictEqual(Array(10).fill({ IntervalInSeconds: 60, SizeInMBs: 64 }));
    expect(firehoses[0]?.Properties.DeliveryStreamName).toBe('ads-lake-raw-bcns');
    lakeTemplate.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
    const catalogTemplate = Template.fromStack(catalog);
    catalogTemplate.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: Match.objectLike({ Name: 'ads_lake' }),
    });
    catalogTemplate.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'ads-lake',
      WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 2 * 1024 ** 3 }),
    });
    catalogTemplate.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'expire-raw_bcns', Prefix: 'raw/bcns/', ExpirationInDays: 7 }),
          Match.objectLike({ Id: 'expire-raw_clicks', Prefix: 'raw/clicks/', ExpirationInDays: 30 }),
          Match.objectLike({ Id: 'expire-parquet_bcns', Prefix: 'parquet/bcns/', ExpirationInDays: 368 }),
        ]),
      },
    });
    const compaction = Object.values(lakeTemplate.findResources('AWS::Lambda::Function')).find((fn) =>
      String(fn.Properties.Description).startsWith('Compacts'),
    );
    expect(JSON.parse(compaction?.Properties.Environment.Variables.RETENTION_DAYS)).toMatchObject({
      raw_bcns: 7,
      raw_clicks: 30,
      parquet_bcns: 365,
      parquet_clicks: null,
      errors: 30,
    });
  });

  it('configures retraining and the predictions API from context', () => {
    // Prepare
    const tuned = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        'sdp:retrainSchedule': 'cron(0 3 * * ? *)',
        'sdp:retrainMinNewBids': '5000',
        'sdp:predictionsAuth': 'apiKey',
      },
    });

    // Act
    const { ml } = buildPlatform(tuned);

    // Assess
    const template = Template.fromStack(ml);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 3 * * ? *)' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ RETRAIN_MIN_NEW_BIDS: '5000' }) },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', ApiKeyRequired: true });
  });

  it('rejects a schedule EventBridge would not take', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], 'sdp:retrainSchedule': 'daily' } });
    expect(() => buildPlatform(app)).toThrow(/sdp:retrainSchedule must be an EventBridge schedule/);
  });
});
