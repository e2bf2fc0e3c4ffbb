import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ReportsStack, type ReportsStackProps } from '../../lib/reports/reports-stack.ts';
import { StreamsStack } from '../../lib/streams/streams-stack.ts';

function synth(props: Partial<ReportsStackProps> = {}) {
  const app = new App();
  const streams = new StreamsStack(app, 'Streams');
  return Template.fromStack(new ReportsStack(app, 'Reports', { aggregates: streams.aggregates, ...props }));
}

const aggregatesArn = { 'Fn::ImportValue': expect.stringMatching(/^Streams:ExportsOutputFnGetAttAggregates/) };

describe('ReportsStack', () => {
  const template = synth();

  it('keys the report table by campaign and period, on demand, with PITR and encryption, retained', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'campaign_item_id', KeyType: 'HASH' },
          { AttributeName: 'period', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'campaign_item_id', AttributeType: 'N' },
          { AttributeName: 'period', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      },
    });
  });

  it('destroys the table on cdk destroy only when asked', () => {
    synth({ tableRemovalPolicy: RemovalPolicy.DESTROY }).hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
    });
  });

  it('feeds the writer from aggregates with bisect, bounded retries, partial batch failures and a DLQ', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const dlq = Object.keys(template.findResources('AWS::SQS::Queue'))[0];
    expect(mappings[0]?.Properties).toStrictEqual({
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
      EventSourceArn: aggregatesArn,
      FunctionName: { Ref: expect.stringMatching(/^Writer/) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumBatchingWindowInSeconds: 1,
      MaximumRecordAgeInSeconds: 86400,
      MaximumRetryAttempts: 10,
      StartingPosition: 'TRIM_HORIZON',
    });
  });

  it('keeps dead letters encrypted for 14 days and refuses plain-HTTP access', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
  });

  const tableArn = (prefix: string) => ({ 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${prefix}`)), 'Arn'] });

  it.each([
    {
      id: 'Writer',
      statements: [
        { Action: ['dynamodb:PutItem', 'dynamodb:Query'], Resource: tableArn('Table') },
        { Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], Resource: tableArn('Rollups') },
      ],
    },
    { id: 'GetReport', statements: [{ Action: 'dynamodb:Query', Resource: tableArn('Table') }] },
    { id: 'ListCampaigns', statements: [{ Action: 'dynamodb:Query', Resource: tableArn('Rollups') }] },
  ])('runs $id on Node.js 24 ARM with tracing, allowed only the table actions it needs', ({ id, statements }) => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { REPORTS_TABLE_NAME: Match.anyValue() } } },
    });
    const [logicalId, fn] = Object.entries(functions).find(([key]) => key.startsWith(id)) ?? [];
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { REPORTS_TABLE_NAME: { Ref: expect.stringMatching(/^Table/) } } },
    });
    const role = fn?.Properties.Role['Fn::GetAtt'][0];
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role),
    );
    const tableStatements = policy?.Properties.PolicyDocument.Statement.filter((s: { Action: string | string[] }) =>
      [s.Action].flat().some((a) => a.startsWith('dynamodb:')),
    );
    expect(tableStatements).toStrictEqual(statements.map((statement) => ({ ...statement, Effect: 'Allow' })));
    expect(logicalId).toBeDefined();
  });

  it('keys the rollup table by bucket and campaign, on demand, with PITR and encryption, retained', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'bucket', KeyType: 'HASH' },
          { AttributeName: 'campaign_item_id', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'bucket', AttributeType: 'S' },
          { AttributeName: 'campaign_item_id', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      },
    });
  });

  it('tells the writer and the list where the rollups are', () => {
    const withRollups = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { ROLLUPS_TABLE_NAME: { Ref: Match.stringLikeRegexp('^Rollups') } } } },
    });
    expect(
      Object.keys(withRollups)
        .map((id) => id.replace(/[A-F0-9]{8}$/, ''))
        .sort(),
    ).toStrictEqual(['ListCampaigns', 'Writer']);
  });

  it('serves GET /reports/campaigns through the list function, with the same auth', () => {
    const methods = template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'GET' } });
    const list = Object.values(methods).find(
      (method) => method.Properties.ResourceId.Ref?.startsWith('ApireportscampaignsE') ?? false,
    );
    expect(list?.Properties).toMatchObject({
      AuthorizationType: 'AWS_IAM',
      ApiKeyRequired: false,
      Integration: {
        Type: 'AWS_PROXY',
        Uri: {
          'Fn::Join': [
            '',
            expect.arrayContaining([{ 'Fn::GetAtt': [expect.stringMatching(/^ListCampaigns/), 'Arn'] }]),
          ],
        },
      },
    });
  });

  it('serves GET /reports/campaigns/{campaign_item_id} through Lambda, IAM-authenticated by default', () => {
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{campaign_item_id}' });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'AWS_IAM',
      ApiKeyRequired: false,
      RequestParameters: { 'method.request.path.campaign_item_id': true },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 })],
    });
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  it('requires an API key with a usage plan instead, when asked', () => {
    const keyed = synth({ apiAuth: 'apiKey' });
    keyed.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'NONE',
      ApiKeyRequired: true,
    });
    keyed.resourceCountIs('AWS::ApiGateway::UsagePlan', 1);
    keyed.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
  });

  it('outputs UrlForReports as the stage URL', () => {
    expect(template.findOutputs('UrlForReports').UrlForReports?.Value).toStrictEqual({
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: expect.stringMatching(/^Api/) },
          '.execute-api.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
          '/',
          { Ref: expect.stringMatching(/^ApiDeploymentStagev1/) },
        ],
      ],
    });
  });
});
