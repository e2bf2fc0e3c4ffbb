import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { REPORT_KEYS } from '../../lambda/adapters/report-store.ts';
import { ROLLUP_KEYS } from '../../lambda/domain/reports/campaign-rollup.ts';
import { REPORTS_ENV } from '../../lambda/reports/reports-config.ts';
import type { ApiAuth } from '../constructs/platform-rest-api.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';
import { ReportsApi } from './reports-api.ts';

export interface ReportsStackProps extends StackProps {
  /** The `aggregates` stream from the streams stack. */
  readonly aggregates: kinesis.IStream;
  /** How callers of the reports API authenticate. @default 'iam' */
  readonly apiAuth?: ApiAuth;
  /** What `cdk destroy` does with the report table. @default RemovalPolicy.RETAIN */
  readonly tableRemovalPolicy?: RemovalPolicy;
}

/**
 * Real-time campaign reports: the DynamoDB report table and its per-day campaign rollups, the
 * writer that applies `aggregates` to both idempotently, `GET /reports/campaigns/{campaign_item_id}`
 * and `GET /reports/campaigns` (every campaign's totals over a range).
 */
export class ReportsStack extends Stack {
  readonly table: dynamodb.TableV2;
  /** Per-day totals of every campaign, kept by the writer: what the campaign list reads. */
  readonly rollups: dynamodb.TableV2;
  readonly writer: lambda.IFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly reportsApi: ReportsApi;

  constructor(scope: Construct, id: string, props: ReportsStackProps) {
    super(scope, id, props);
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: REPORT_KEYS.partitionKey, type: dynamodb.AttributeType.NUMBER },
      sortKey: { name: REPORT_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.rollups = new dynamodb.TableV2(this, 'Rollups', {
      partitionKey: { name: ROLLUP_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: ROLLUP_KEYS.sortKey, type: dynamodb.AttributeType.NUMBER },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const environment = {
      [REPORTS_ENV.tableName]: this.table.tableName,
      [REPORTS_ENV.rollupsTableName]: this.rollups.tableName,
    };

    this.deadLetterQueue = new sqs.Queue(this, 'WriterDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const writer = new SdpFunction(this, 'Writer', {
      entry: 'lambda/reports/write-aggregates.ts',
      description: 'Applies aggregates to the report table, idempotently by version',
      environment,
      timeout: Duration.seconds(60),
    }).function;
    // Query: an hour's rows are read back (strongly consistent) to recompute the rollups.
    this.table.grant(writer, 'dynamodb:PutItem', 'dynamodb:Query');
    this.rollups.grant(writer, 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem');
    writer.addEventSource(
      new KinesisEventSource(props.aggregates, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
      }),
    );
    this.writer = writer;

    const reader = new SdpFunction(this, 'GetReport', {
      entry: 'lambda/reports/get-report.ts',
      description: 'GET /reports/campaigns/{campaign_item_id}',
      environment: { [REPORTS_ENV.tableName]: this.table.tableName },
    }).function;
    this.table.grant(reader, 'dynamodb:Query');
    const lister = new SdpFunction(this, 'ListCampaigns', {
      entry: 'lambda/reports/list-campaigns.ts',
      description: 'GET /reports/campaigns',
      environment,
    }).function;
    this.rollups.grant(lister, 'dynamodb:Query');
    this.reportsApi = new ReportsApi(this, 'Api', {
      handler: reader,
      listHandler: lister,
      auth: props.apiAuth ?? 'iam',
    });

    new CfnOutput(this, 'UrlForReports', {
      value: this.reportsApi.url,
      description: 'Reports API base URL: GET <url>/reports/campaigns and <url>/reports/campaigns/<campaign_item_id>',
    });
    NagSuppressions.addResourceSuppressions(this.deadLetterQueue, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the writer.' },
    ]);
  }
}
