import type { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import type { IConstruct } from 'constructs';
import {
  conversionErrorPrefix,
  dataPrefix,
  manifestKey,
  partitionOf,
  RAW_SUFFIX,
} from '../../../lambda/domain/lake/lake-layout.ts';
import { tableName } from '../../../lambda/domain/lake/lake-tables.ts';
import { erasureId } from '../../../lambda/domain/lifecycle/erasure-request.ts';
import {
  AUDIT_PREFIX,
  ERASURE_SALT_KEY,
  erasureKey,
  replayShardKey,
} from '../../../lambda/domain/lifecycle/lifecycle-layout.ts';
import { STREAM_NAMES } from '../../../lambda/domain/streams.ts';
import { retirementKey } from '../../../lambda/lake/retirement.ts';
import { COMPACTION_LOCK_KEY } from '../../../lambda/lake/run-compaction.ts';
import { runLayout } from '../../../lambda/ml/run-layout.ts';
import { modelNamePrefix, runExecutionName } from '../../../lambda/ml/run-names.ts';
import type { SimulatedCall } from './iam-policies.ts';
import type { SynthesizedApp } from './synthesized-app.ts';

/** One request the principal makes, and where the need for it is documented or coded. */
export interface ServiceCall extends SimulatedCall {
  readonly why: string;
}

/** A principal of the platform and every request it makes. */
export interface PrincipalCalls {
  readonly principal: string;
  readonly role: IConstruct;
  readonly calls: readonly ServiceCall[];
}

/*
 * Where AWS documents the calls a service makes with a role the platform gives it:
 * - Step Functions' generated policies per integration (the `.sync` jobs tag what they start, and
 *   learn that a job ended through EventBridge managed rules):
 *   https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html
 *   https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html
 *   https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html (log delivery)
 *   https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html (X-Ray)
 * - SageMaker authorizes CreateEndpoint and UpdateEndpoint on the endpoint and on the endpoint config:
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html
 * - Lambda's event source mapping for Kinesis reads with the function's role:
 *   https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#events-kinesis-permissions
 * - Firehose with a Kinesis source, an S3 destination, format conversion and error logging:
 *   https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3
 * - Managed Service for Apache Flink: application code from S3, CloudWatch logging:
 *   https://docs.aws.amazon.com/managed-flink/latest/java/cloudwatch-logs.html
 * - Athena runs a query with the caller's rights on Glue, the data and the results location:
 *   https://docs.aws.amazon.com/athena/latest/ug/access.html
 * - SageMaker jobs and endpoints act with the execution role:
 *   https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
 */

const RUN = runExecutionName(Date.UTC(2026, 10, 22, 10, 15));
const PARTITION = partitionOf(Date.UTC(2026, 10, 22, 9, 0));
const QUERY_ID = '5f3c1b0e-6a2d-4c1e-9b7a-2d4e6f8a0b1c';

/** The platform's calls, by principal, in the deployment {@link SynthesizedApp} describes. */
export function platformCalls(synth: SynthesizedApp): PrincipalCalls[] {
  const { stacks, model } = synth;
  const { streams, ingestion, processor, reports, catalog, lake, ml } = stacks;
  const arn = (scope: IConstruct, token: string) => synth.value(scope, token);
  const regional = (service: string, resource: string) => model.arn(service, resource);
  const object = (bucketArn: string, key: string) => `${bucketArn}/${key}`;

  const streamArn = Object.fromEntries(
    STREAM_NAMES.map((name) => [
      name,
      arn(streams, streams[name === 'failed_events' ? 'failedEvents' : name].streamArn),
    ]),
  ) as Record<(typeof STREAM_NAMES)[number], string>;
  const lakeBucket = arn(catalog, catalog.bucket.bucketArn);
  const resultsBucket = arn(catalog, catalog.resultsBucket.bucketArn);
  const database = model.string('SdpCatalog', { Ref: synth.locate(catalog.tables.database).logicalId });
  const workGroup = regional('athena', `workgroup/${arn(catalog, catalog.workGroup.ref)}`);
  const pipelineBucket = arn(ml, ml.bucket.bucketArn);
  const namePrefix = modelNamePrefix('sdp');
  const sageMaker = (resource: string, name: string) => regional('sagemaker', `${resource}/${name}`);
  const runName = `${namePrefix}${RUN}`;
  const layout = runLayout(RUN);

  const lambdaBasics = (fn: lambda.IFunction, traced: boolean): ServiceCall[] => {
    if (!(fn instanceof lambda.Function)) throw new Error(`${fn.node.path} is not a Function`);
    const logGroup = arn(fn, fn.logGroup.logGroupName);
    return [
      {
        action: 'logs:CreateLogStream',
        resource: regional('logs', `log-group:${logGroup}:log-stream:2026/11/22/[$LATEST]0123`),
        why: 'Lambda writes the function’s logs to its log group',
      },
      {
        action: 'logs:PutLogEvents',
        resource: regional('logs', `log-group:${logGroup}:log-stream:2026/11/22/[$LATEST]0123`),
        why: 'Lambda writes the function’s logs to its log group',
      },
      ...(traced
        ? [
            { action: 'xray:PutTraceSegments', resource: '*', why: 'active tracing' },
            { action: 'xray:PutTelemetryRecords', resource: '*', why: 'active tracing' },
          ]
        : []),
    ];
  };
  /** A function of the platform (SdpFunction: traced), or of a construct library (`traced: false`). */
  const fn = (principal: string, handler: lambda.IFunction, calls: ServiceCall[], traced = true): PrincipalCalls => ({
    principal,
    role: handler.role as iam.IRole,
    calls: [...lambdaBasics(handler, traced), ...calls],
  });
  const kinesisEventSource = (stream: string): ServiceCall[] =>
    ['DescribeStream', 'DescribeStreamSummary', 'GetRecords', 'GetShardIterator', 'ListShards'].map((action) => ({
      action: `kinesis:${action}`,
      resource: stream,
      why: 'the Kinesis event source mapping polls the stream with the function’s role',
    }));
  const athenaQuery = (callerReadsResults: boolean): ServiceCall[] => [
    { action: 'athena:StartQueryExecution', resource: workGroup, why: 'runs a query on the lake workgroup' },
    { action: 'athena:GetQueryExecution', resource: workGroup, why: 'waits for the query' },
    { action: 'athena:StopQueryExecution', resource: workGroup, why: 'stops a query that overruns' },
    ...(callerReadsResults
      ? [{ action: 'athena:GetQueryResults', resource: workGroup, why: 'reads the count the query answered' }]
      : []),
    {
      action: 'glue:GetDatabase',
      resource: regional('glue', 'catalog'),
      why: 'Athena reads the catalog as the caller',
    },
    { action: 'glue:GetDatabase', resource: regional('glue', `database/${database}`), why: 'Athena, as the caller' },
    { action: 'glue:GetTable', resource: regional('glue', 'catalog'), why: 'Athena, as the caller' },
    { action: 'glue:GetTable', resource: regional('glue', `database/${database}`), why: 'Athena, as the caller' },
    {
      action: 'glue:GetTable',
      resource: regional('glue', `table/${database}/${tableName('parquet', 'bcns')}`),
      why: 'Athena, as the caller',
    },
    { action: 's3:ListBucket', resource: lakeBucket, why: 'Athena lists the table’s manifests as the caller' },
    {
      action: 's3:GetObject',
      resource: object(lakeBucket, manifestKey('bcns', PARTITION)),
      why: 'Athena reads parquet_bcns’s symlink manifests as the caller',
    },
    {
      action: 's3:GetObject',
      resource: object(lakeBucket, `${dataPrefix('parquet', 'bcns', PARTITION)}sdp-lake-parquet-bcns-1.parquet`),
      why: 'Athena reads the Parquet files as the caller',
    },
    { action: 's3:GetBucketLocation', resource: resultsBucket, why: 'Athena writes results as the caller' },
    { action: 's3:ListBucket', resource: resultsBucket, why: 'Athena writes results as the caller' },
    {
      action: 's3:PutObject',
      resource: object(resultsBucket, `results/${QUERY_ID}.csv`),
      why: 'Athena writes results as the caller',
    },
    {
      action: 's3:GetObject',
      resource: object(resultsBucket, `results/${QUERY_ID}.csv`),
      why: 'Athena reads results back as the caller',
    },
    {
      action: 's3:AbortMultipartUpload',
      resource: object(resultsBucket, `results/${QUERY_ID}.csv`),
      why: 'Athena writes large results in parts',
    },
    {
      action: 's3:ListMultipartUploadParts',
      resource: object(resultsBucket, `results/${QUERY_ID}.csv`),
      why: 'Athena writes large results in parts',
    },
  ];

  const principals: PrincipalCalls[] = [];

  // API Gateway writes every stage's logs with the account's CloudWatch role.
  const accessLogGroup = arn(ingestion, ingestion.ingestionApi.accessLogs.logGroupName);
  const restApiId = arn(ingestion, ingestion.ingestionApi.api.restApiId);
  principals.push({
    principal: 'API Gateway account CloudWatch role',
    role: stacks.apiLogging.role,
    calls: [
      { action: 'logs:DescribeLogGroups', resource: '*', why: 'API Gateway checks the log groups it writes' },
      {
        action: 'logs:CreateLogGroup',
        resource: regional('logs', `log-group:API-Gateway-Execution-Logs_${restApiId}/v1`),
        why: 'execution logs (ERROR level)',
      },
      ...['CreateLogStream', 'PutLogEvents'].map((action) => ({
        action: `logs:${action}`,
        resource: regional('logs', `log-group:${accessLogGroup}:log-stream:${restApiId}-stream`),
        why: 'access logs',
      })),
    ],
  });

  // Ingestion: API Gateway's direct Kinesis integration.
  const ingestionApi = ingestion.ingestionApi;
  principals.push({
    principal: 'ingestion API integration role',
    role: ingestionApi.role,
    calls: [{ action: 'kinesis:PutRecords', resource: streamArn.bcns, why: 'POST /bid, /impression, /click' }],
  });

  // The aggregation job on Managed Service for Apache Flink.
  const jar = processor.node.findChild('JobJar') as s3assets.Asset;
  const flinkLogGroup = arn(
    processor,
    (processor.node.findChild('Logs') as IConstruct & { logGroupName: string }).logGroupName,
  );
  const flinkLogStream = arn(
    processor,
    (processor.node.findChild('LogStream') as IConstruct & { logStreamName: string }).logStreamName,
  );
  principals.push({
    principal: 'Flink application role',
    role: processor.role,
    calls: [
      {
        action: 's3:GetObject',
        resource: object(arn(processor, jar.bucket.bucketArn), arn(processor, jar.s3ObjectKey)),
        why: 'the application code',
      },
      // The service authorization reference lists no resource type for DescribeLogGroups: it is granted on *.
      { action: 'logs:DescribeLogGroups', resource: '*', why: 'CloudWatch logging option' },
      {
        action: 'logs:DescribeLogStreams',
        resource: regional('logs', `log-group:${flinkLogGroup}:log-stream:*`),
        why: 'CloudWatch logging option',
      },
      {
        action: 'logs:PutLogEvents',
        resource: regional('logs', `log-group:${flinkLogGroup}:log-stream:${flinkLogStream}`),
        why: 'the job’s logs',
      },
      ...['DescribeStream', 'DescribeStreamSummary', 'GetRecords', 'GetShardIterator', 'ListShards'].map((action) => ({
        action: `kinesis:${action}`,
        resource: streamArn.bcns,
        why: 'the bcns source',
      })),
      ...(['impressions', 'clicks', 'aggregates', 'failed_events'] as const).flatMap((stream) => [
        { action: 'kinesis:PutRecords', resource: streamArn[stream], why: `the ${stream} sink` },
        { action: 'kinesis:ListShards', resource: streamArn[stream], why: `the ${stream} sink` },
      ]),
    ],
  });
  const applicationName = `sdp-aggregation`;
  principals.push({
    principal: 'Flink start custom resource',
    role: processor.node.findChild('AWS679f53fac002430cb0da5b7982bd2287').node.findChild('ServiceRole'),
    calls: [
      {
        action: 'kinesisanalytics:StartApplication',
        resource: regional('kinesisanalytics', `application/${applicationName}`),
        why: 'starts the application once it is created',
      },
    ],
  });

  // Firehoses: a Kinesis source, the lake bucket, format conversion and error logs.
  for (const [streamName, deliveries] of lake.deliveries) {
    for (const delivery of Object.values(deliveries)) {
      const format = delivery === deliveries.raw ? 'raw' : 'parquet';
      const key = `${dataPrefix(format, streamName, PARTITION)}sdp-lake-${format}-${streamName}-1`;
      const errorKey = `errors/${format}/${streamName}/processing-failed/dt=${PARTITION.dt}/hr=${PARTITION.hr}/x`;
      principals.push({
        principal: `Firehose ${format} ${streamName}`,
        role: delivery.role,
        calls: [
          ...['DescribeStream', 'GetShardIterator', 'GetRecords', 'ListShards'].map((action) => ({
            action: `kinesis:${action}`,
            resource: streamArn[streamName],
            why: 'reads its source stream',
          })),
          ...['GetBucketLocation', 'ListBucket', 'ListBucketMultipartUploads'].map((action) => ({
            action: `s3:${action}`,
            resource: lakeBucket,
            why: 'delivers to the lake bucket',
          })),
          ...['PutObject', 'GetObject', 'AbortMultipartUpload'].flatMap((action) =>
            [key, errorKey].map((objectKey) => ({
              action: `s3:${action}`,
              resource: object(lakeBucket, objectKey),
              why: 'delivers files and failed records',
            })),
          ),
          { action: 'logs:PutLogEvents', resource: arn(delivery, delivery.logs.logStreamArn), why: 'delivery errors' },
          ...(format === 'parquet'
            ? ['GetTable', 'GetTableVersion', 'GetTableVersions'].flatMap((action) =>
                [
                  regional('glue', 'catalog'),
                  regional('glue', `database/${database}`),
                  regional('glue', `table/${database}/${tableName('parquet', streamName)}`),
                ].map((resource) => ({
                  action: `glue:${action}`,
                  resource,
                  why: 'Parquet conversion reads the schema',
                })),
              )
            : []),
        ],
      });
    }
  }

  // Lambda functions.
  const table = arn(reports, reports.table.tableArn);
  const rollups = arn(reports, reports.rollups.tableArn);
  principals.push(
    fn('reports writer', reports.writer, [
      ...kinesisEventSource(streamArn.aggregates),
      { action: 'dynamodb:PutItem', resource: table, why: 'write-aggregates.ts: conditional put' },
      { action: 'dynamodb:Query', resource: table, why: 'campaign-rollups.ts: re-reads an hour it wrote' },
      { action: 'dynamodb:UpdateItem', resource: rollups, why: 'campaign-rollups.ts: a day’s hour parts' },
      { action: 'dynamodb:GetItem', resource: rollups, why: 'campaign-rollups.ts: the day’s parts, consistently' },
      { action: 'dynamodb:PutItem', resource: rollups, why: 'campaign-rollups.ts: the day total, by version' },
      {
        action: 'sqs:SendMessage',
        resource: arn(reports, reports.deadLetterQueue.queueArn),
        why: 'the event source mapping’s on-failure destination',
      },
    ]),
  );
  principals.push(
    fn('reports reader', reports.node.findChild('GetReport').node.findChild('Resource') as lambda.IFunction, [
      { action: 'dynamodb:Query', resource: table, why: 'get-report.ts' },
    ]),
  );
  principals.push(
    fn('campaign list', reports.node.findChild('ListCampaigns').node.findChild('Resource') as lambda.IFunction, [
      { action: 'dynamodb:Query', resource: rollups, why: 'list-campaigns.ts: one Query per day and shard' },
    ]),
  );
  const parquetKey = `${dataPrefix('parquet', 'bcns', PARTITION)}sdp-lake-parquet-bcns-1.parquet`;
  const compactedKey = `${dataPrefix('parquet', 'bcns', PARTITION)}compacted-run-0.parquet`;
  // The default lake writer (Firehose); `sdp:lakeWriter=lambda` deployments are not simulated here.
  const registration = lake.registration;
  if (!registration) throw new Error('The simulated deployment writes the lake with Firehose and registers its files');
  principals.push(
    fn('file registration', registration.function, [
      { action: 's3:ListBucket', resource: lakeBucket, why: 'a missing manifest must answer 404, not 403' },
      {
        action: 's3:GetObject',
        resource: object(lakeBucket, manifestKey('bcns', PARTITION)),
        why: 'reads the manifest',
      },
      { action: 's3:PutObject', resource: object(lakeBucket, manifestKey('bcns', PARTITION)), why: 'appends the file' },
      {
        action: 'sqs:SendMessage',
        resource: arn(lake, registration.deadLetterQueue.queueArn),
        why: 'the async invocation’s on-failure destination',
      },
    ]),
  );
  // Erasure and retention (issue 15): the objects an erasure sweep and a retention pass touch.
  const ERASURE = erasureId(Date.UTC(2026, 10, 22, 10, 15), '1a2b3c4d');
  const rawKey = `${dataPrefix('raw', 'bcns', PARTITION)}sdp-lake-raw-bcns-1${RAW_SUFFIX}`;
  const errorKey = `${conversionErrorPrefix('bcns', PARTITION)}sdp-lake-bcns-1${RAW_SUFFIX}`;
  const auditKey = `${AUDIT_PREFIX}${ERASURE}/2026-11-22T10:15:00.000Z-swept.json`;
  const erasureSweepCalls: ServiceCall[] = [
    { action: 's3:GetObject', resource: object(lakeBucket, ERASURE_SALT_KEY), why: 'erasure-store.ts: the salt' },
    ...['GetObject', 'PutObject', 'DeleteObject'].map((action) => ({
      action: `s3:${action}`,
      resource: object(lakeBucket, erasureKey(ERASURE)),
      why: 'erasure-store.ts: a pending erasure, its progress, deleted once complete',
    })),
    { action: 's3:PutObject', resource: object(lakeBucket, auditKey), why: 'erasure-store.ts: the audit log' },
    ...[rawKey, errorKey].flatMap((key) =>
      ['GetObject', 'PutObject'].map((action) => ({
        action: `s3:${action}`,
        resource: object(lakeBucket, key),
        why: 'rewrite-text-object.ts: a raw or error object rewritten in place',
      })),
    ),
    {
      action: 's3:GetObject',
      resource: object(lakeBucket, parquetKey),
      why: 'sweep-erasures.ts: reads a Parquet file',
    },
    { action: 's3:PutObject', resource: object(lakeBucket, compactedKey), why: 'rewrite-partition.ts: its rewrite' },
    { action: 's3:GetObject', resource: object(lakeBucket, manifestKey('bcns', PARTITION)), why: 'the manifest' },
    { action: 's3:PutObject', resource: object(lakeBucket, manifestKey('bcns', PARTITION)), why: 'the swap' },
    ...['GetObject', 'PutObject', 'DeleteObject'].map((action) => ({
      action: `s3:${action}`,
      resource: object(lakeBucket, COMPACTION_LOCK_KEY),
      why: 'sweeps hold the lake’s lease, as compaction does',
    })),
    {
      action: 's3:PutObject',
      resource: object(lakeBucket, retirementKey('bcns', PARTITION, 'erasure-run')),
      why: 'rewrite-partition.ts: the retirement record',
    },
  ];
  principals.push(
    fn('lake compaction', lake.compaction.function, [
      // Each run also sweeps pending erasures and removes partitions past their retention.
      ...erasureSweepCalls,
      ...[rawKey, errorKey, manifestKey('bcns', PARTITION)].map((key) => ({
        action: 's3:DeleteObject',
        resource: object(lakeBucket, key),
        why: 'expire-partitions.ts: a partition past its retention',
      })),
      { action: 's3:ListBucket', resource: lakeBucket, why: 'lists partitions and retirement records' },
      ...[COMPACTION_LOCK_KEY, retirementKey('bcns', PARTITION, 'run')].flatMap((key) =>
        ['GetObject', 'PutObject', 'DeleteObject'].map((action) => ({
          action: `s3:${action}`,
          resource: object(lakeBucket, key),
          why: 'the lease and retirement records',
        })),
      ),
      { action: 's3:GetObject', resource: object(lakeBucket, parquetKey), why: 'reads the small files' },
      { action: 's3:PutObject', resource: object(lakeBucket, compactedKey), why: 'writes the merged file' },
      { action: 's3:DeleteObject', resource: object(lakeBucket, parquetKey), why: 'removes retired files' },
      { action: 's3:GetObject', resource: object(lakeBucket, manifestKey('bcns', PARTITION)), why: 'the manifest' },
      { action: 's3:PutObject', resource: object(lakeBucket, manifestKey('bcns', PARTITION)), why: 'the swap' },
    ]),
  );

  const { erasure, reconciliation } = stacks.lifecycle;
  const erasureStateMachine = arn(stacks.lifecycle, erasure.stateMachine.stateMachineArn);
  principals.push(
    fn('erasure request', erasure.requestFunction, [
      { action: 's3:ListBucket', resource: lakeBucket, why: 'pending erasures; a missing key must answer 404' },
      ...['GetObject', 'PutObject'].map((action) => ({
        action: `s3:${action}`,
        resource: object(lakeBucket, ERASURE_SALT_KEY),
        why: 'erasure-store.ts: the salt, made by the first request',
      })),
      ...['GetObject', 'PutObject'].map((action) => ({
        action: `s3:${action}`,
        resource: object(lakeBucket, erasureKey(ERASURE)),
        why: 'request-erasure.ts: records the request, GET answers its state',
      })),
      ...['GetObject', 'PutObject'].map((action) => ({
        action: `s3:${action}`,
        resource: object(lakeBucket, auditKey),
        why: 'the audit log: written on request, read by GET',
      })),
      { action: 'states:StartExecution', resource: erasureStateMachine, why: 'request-erasure.ts: starts the sweep' },
    ]),
  );
  principals.push(
    fn('erasure sweep', erasure.sweepFunction, [
      { action: 's3:ListBucket', resource: lakeBucket, why: 'lists erasures, partitions and manifests' },
      ...erasureSweepCalls,
    ]),
  );
  const replayShard = object(lakeBucket, replayShardKey('run', 0));
  const shadowTable = arn(stacks.lifecycle, reconciliation.shadowTable.tableArn);
  principals.push(
    fn('reconciliation replay', reconciliation.replayFunction, [
      { action: 's3:ListBucket', resource: lakeBucket, why: 'replay-reports.ts: lists the day’s raw_bcns hours' },
      { action: 's3:GetObject', resource: object(lakeBucket, rawKey), why: 'replay-reports.ts: reads raw_bcns' },
      { action: 's3:PutObject', resource: replayShard, why: 'replay-shard.ts: the shard’s windows' },
    ]),
  );
  principals.push(
    fn('reconciliation comparison', reconciliation.compareFunction, [
      { action: 's3:ListBucket', resource: lakeBucket, why: 'a missing shard must answer 404' },
      { action: 's3:GetObject', resource: replayShard, why: 'compare-reports.ts: the shards’ windows' },
      { action: 's3:DeleteObject', resource: replayShard, why: 'compare-reports.ts: removes them after' },
      { action: 'dynamodb:Scan', resource: table, why: 'compare-reports.ts: the live reports' },
      { action: 'dynamodb:PutItem', resource: table, why: 'report-store.ts: a repair, conditional on its version' },
      { action: 'dynamodb:BatchWriteItem', resource: shadowTable, why: 'compare-reports.ts: the shadow table' },
      { action: 'dynamodb:Scan', resource: shadowTable, why: 'compare-reports.ts' },
    ]),
  );
  /** What every state machine with X-Ray tracing and execution logs calls. */
  const stateMachineBasics: ServiceCall[] = [
    ...['PutTraceSegments', 'PutTelemetryRecords', 'GetSamplingRules', 'GetSamplingTargets'].map((action) => ({
      action: `xray:${action}`,
      resource: '*',
      why: 'tracing',
    })),
    ...[
      'CreateLogDelivery',
      'GetLogDelivery',
      'UpdateLogDelivery',
      'DeleteLogDelivery',
      'ListLogDeliveries',
      'PutResourcePolicy',
      'DescribeResourcePolicies',
      'DescribeLogGroups',
    ].map((action) => ({ action: `logs:${action}`, resource: '*', why: 'execution logs' })),
  ];
  principals.push({
    principal: 'erasure state machine',
    role: erasure.stateMachine.role,
    calls: [
      {
        action: 'lambda:InvokeFunction',
        resource: arn(erasure.sweepFunction, erasure.sweepFunction.functionArn),
        why: 'the sweep step',
      },
      ...stateMachineBasics,
    ],
  });
  principals.push({
    principal: 'reconciliation state machine',
    role: reconciliation.stateMachine.role,
    calls: [
      ...[reconciliation.replayFunction, reconciliation.compareFunction].map((step) => ({
        action: 'lambda:InvokeFunction',
        resource: arn(step, step.functionArn),
        why: 'the replay and comparison steps',
      })),
      ...stateMachineBasics,
    ],
  });
  const scheduleRole = reconciliation.stateMachine.node.tryFindChild('EventsRole');
  if (!scheduleRole) throw new Error('The reconciliation schedule starts the state machine with a role of its own');
  principals.push({
    principal: 'reconciliation schedule',
    role: scheduleRole,
    calls: [
      {
        action: 'states:StartExecution',
        resource: arn(stacks.lifecycle, reconciliation.stateMachine.stateMachineArn),
        why: 'EventBridge starts the nightly run',
      },
    ],
  });

  const { functions } = ml.pipeline;
  principals.push(
    fn('training-set export', functions.exportTrainingSet, [
      { action: 's3:GetObject', resource: object(resultsBucket, `results/${QUERY_ID}.csv`), why: 'the query result' },
      ...[layout.trainKey, layout.validationKey, layout.holdoutFeaturesKey, layout.holdoutLabelsKey].flatMap((key) =>
        ['PutObject', 'AbortMultipartUpload'].map((action) => ({
          action: `s3:${action}`,
          resource: object(pipelineBucket, key),
          why: 'writes the channels in parts',
        })),
      ),
    ]),
  );
  principals.push(
    fn('candidate evaluation', functions.evaluateCandidate, [
      ...[layout.holdoutLabelsKey, layout.candidateScoresKey, layout.baselineScoresKey].map((key) => ({
        action: 's3:GetObject',
        resource: object(pipelineBucket, key),
        why: 'labels and both models’ scores',
      })),
    ]),
  );
  const endpointName = ml.endpointName;
  principals.push(
    fn('model cleanup', functions.cleanupModels, [
      { action: 'sagemaker:ListModels', resource: '*', why: 'no resource-level permissions' },
      { action: 'sagemaker:ListEndpointConfigs', resource: '*', why: 'no resource-level permissions' },
      { action: 'sagemaker:DescribeEndpoint', resource: sageMaker('endpoint', endpointName), why: 'what is serving' },
      { action: 'sagemaker:DescribeEndpointConfig', resource: sageMaker('endpoint-config', runName), why: 'its model' },
      { action: 'sagemaker:DeleteEndpointConfig', resource: sageMaker('endpoint-config', runName), why: 'retired' },
      { action: 'sagemaker:DeleteModel', resource: sageMaker('model', runName), why: 'retired' },
    ]),
  );
  const stateMachineArn = arn(ml, ml.pipeline.stateMachine.stateMachineArn);
  const lastRun = ml.node.findChild('LastRunStart') as IConstruct & { parameterArn: string };
  const currentModel = ml.node.findChild('CurrentModel') as IConstruct & { parameterArn: string };
  principals.push(
    fn('retraining starter', ml.triggers.starter, [
      { action: 'states:ListExecutions', resource: stateMachineArn, why: 'one run at a time' },
      {
        action: 'states:StartExecution',
        resource: stateMachineArn,
        why: 'starts a run',
      },
      { action: 'ssm:GetParameter', resource: arn(ml, lastRun.parameterArn), why: 'when the last run started' },
      ...athenaQuery(true),
    ]),
  );
  principals.push(
    fn('predictions', ml.predictFunction, [
      { action: 'sagemaker:InvokeEndpoint', resource: sageMaker('endpoint', endpointName), why: 'predict.ts' },
    ]),
  );

  const { observability } = stacks;
  const { canary, failedWrites } = observability;
  if (!canary) throw new Error('The simulated deployment runs the freshness canary (sdp:canary defaults to on)');
  principals.push(
    fn('freshness canary', canary.function, [
      { action: 'kinesis:PutRecord', resource: streamArn.bcns, why: 'canary-ports.ts: the synthetic bid' },
      { action: 'dynamodb:GetItem', resource: table, why: 'canary-ports.ts: waits for its report row' },
      { action: 'ssm:GetParameter', resource: arn(ml, currentModel.parameterArn), why: 'the serving model’s age' },
    ]),
  );
  const reportsDeadLetterQueue = arn(reports, reports.deadLetterQueue.queueArn);
  principals.push(
    fn('dead-lettered report writes recorder', failedWrites.function, [
      // What Lambda's SQS event source needs of the function's role (Lambda developer guide, "Using
      // Lambda with Amazon SQS", execution role permissions).
      ...['ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'].map((action) => ({
        action: `sqs:${action}`,
        resource: reportsDeadLetterQueue,
        why: 'the SQS event source mapping polls the writer’s dead-letter queue',
      })),
      {
        action: 'kinesis:GetShardIterator',
        resource: streamArn.aggregates,
        why: 'record-failed-writes.ts: reads the dead-lettered batch back',
      },
      {
        action: 'kinesis:GetRecords',
        resource: streamArn.aggregates,
        why: 'record-failed-writes.ts: reads the dead-lettered batch back',
      },
      {
        action: 'kinesis:PutRecords',
        resource: streamArn.failed_events,
        why: 'record-failed-writes.ts: stores them as failed events',
      },
    ]),
  );

  const teardownFunction = ml.teardown.function;
  principals.push(
    fn('SageMaker teardown', teardownFunction, [
      ...['ListEndpointConfigs', 'ListModels', 'ListTrainingJobs', 'ListTransformJobs'].map((action) => ({
        action: `sagemaker:${action}`,
        resource: '*',
        why: 'no resource-level permissions',
      })),
      { action: 'sagemaker:DeleteEndpoint', resource: sageMaker('endpoint', endpointName), why: 'stack delete' },
      { action: 'sagemaker:StopTrainingJob', resource: sageMaker('training-job', runName), why: 'stack delete' },
      {
        action: 'sagemaker:StopTransformJob',
        resource: sageMaker('transform-job', `${runName}-cur`),
        why: 'stack delete',
      },
      {
        action: 'sagemaker:DeleteEndpointConfig',
        resource: sageMaker('endpoint-config', runName),
        why: 'stack delete',
      },
      { action: 'sagemaker:DeleteModel', resource: sageMaker('model', runName), why: 'stack delete' },
    ]),
  );
  const framework = ml.teardown.node.findChild('Provider').node.findChild('framework-onEvent') as lambda.Function;
  principals.push(
    fn(
      'teardown provider framework',
      framework,
      [{ action: 'lambda:InvokeFunction', resource: arn(ml, teardownFunction.functionArn), why: 'runs the handler' }],
      false,
    ),
  );

  // CDK's auto-delete provider, one per stack with a bucket `cdk destroy` deletes with its objects
  // (lib/constructs/deleted-with-objects.ts). Its handler (aws-cdk-lib custom-resource-handlers/dist/
  // aws-s3/auto-delete-objects-handler) checks the bucket's aws-cdk:auto-delete-objects tag, adds a
  // statement denying new objects to the bucket policy, then lists every object version and deletes
  // them with DeleteObjects (authorized per object, as s3:DeleteObject and, naming a VersionId,
  // s3:DeleteObjectVersion). Its role holds only AWSLambdaBasicExecutionRole: the bucket policy grants
  // the rest. https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
  const autoDeleted: [Stack, s3.IBucket, string][] = [
    [catalog, catalog.resultsBucket, `results/${QUERY_ID}.csv`],
    [ml, ml.bucket, `models/${runName}/output/model.tar.gz`],
  ];
  for (const [stack, bucket, key] of autoDeleted) {
    const provider = stack.node.findChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
    const logGroup = arn(stack, (stack.node.findChild('S3AutoDeleteObjectsLogs') as logs.ILogGroup).logGroupName);
    const bucketArn = arn(stack, bucket.bucketArn);
    const stream = regional('logs', `log-group:${logGroup}:log-stream:2026/11/22/[$LATEST]0123`);
    principals.push({
      principal: `auto-delete objects provider of ${stack.stackName}`,
      role: provider.node.findChild('Role'),
      calls: [
        { action: 'logs:CreateLogStream', resource: stream, why: 'Lambda writes the handler’s logs' },
        { action: 'logs:PutLogEvents', resource: stream, why: 'Lambda writes the handler’s logs' },
        { action: 's3:GetBucketTagging', resource: bucketArn, why: 'empties only a bucket tagged for it' },
        { action: 's3:GetBucketPolicy', resource: bucketArn, why: 'reads the policy it adds the deny to' },
        { action: 's3:PutBucketPolicy', resource: bucketArn, why: 'denies new objects while it empties' },
        { action: 's3:ListBucketVersions', resource: bucketArn, why: 'ListObjectVersions' },
        ...['s3:DeleteObject', 's3:DeleteObjectVersion'].map((action) => ({
          action,
          resource: object(bucketArn, key),
          why: 'DeleteObjects, each version',
        })),
      ],
    });
  }

  // The state machine: its Lambda, Athena, SageMaker, SSM and SNS steps, and what `.sync` implies.
  const sageMakerRole = arn(ml, ml.pipeline.sageMakerRole.roleArn);
  const passRole: ServiceCall = {
    action: 'iam:PassRole',
    resource: sageMakerRole,
    context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
    why: 'jobs and models run as the SageMaker execution role',
  };
  const syncJob = (kind: 'TrainingJob' | 'TransformJob', resource: string, job: string): ServiceCall[] => [
    ...['Create', 'Describe', 'Stop'].map((verb) => ({
      action: `sagemaker:${verb}${kind}`,
      resource: sageMaker(resource, job),
      why: `.sync ${kind}`,
    })),
    {
      action: 'sagemaker:AddTags',
      resource: sageMaker(resource, job),
      why: 'Step Functions tags the jobs it starts (MANAGED_BY_AWS: STARTED_BY_STEP_FUNCTIONS)',
    },
    { action: 'sagemaker:ListTags', resource: sageMaker(resource, job), why: 'the generated .sync policy' },
    ...['PutTargets', 'PutRule', 'DescribeRule'].map((action) => ({
      action: `events:${action}`,
      resource: regional('events', `rule/StepFunctionsGetEventsForSageMaker${kind}sRule`),
      why: '.sync learns that the job ended from this managed rule',
    })),
    passRole,
  ];
  principals.push({
    principal: 'retraining state machine',
    role: ml.pipeline.stateMachine.role,
    calls: [
      ...[functions.exportTrainingSet, functions.evaluateCandidate, functions.cleanupModels].map((step) => ({
        action: 'lambda:InvokeFunction',
        resource: arn(step, step.functionArn),
        why: 'Lambda steps',
      })),
      ...athenaQuery(false),
      {
        action: 'athena:GetDataCatalog',
        resource: regional('athena', 'datacatalog/AwsDataCatalog'),
        why: 'the generated athena:startQueryExecution.sync policy',
      },
      ...syncJob('TrainingJob', 'training-job', runName),
      ...syncJob('TransformJob', 'transform-job', runName),
      ...syncJob('TransformJob', 'transform-job', `${runName}-cur`),
      { action: 'sagemaker:CreateModel', resource: sageMaker('model', runName), why: 'the candidate model' },
      passRole,
      { action: 'sagemaker:CreateEndpointConfig', resource: sageMaker('endpoint-config', runName), why: 'deploy' },
      { action: 'sagemaker:DescribeEndpoint', resource: sageMaker('endpoint', endpointName), why: 'deploy' },
      ...['CreateEndpoint', 'UpdateEndpoint'].flatMap((action) => [
        { action: `sagemaker:${action}`, resource: sageMaker('endpoint', endpointName), why: 'deploy' },
        {
          action: `sagemaker:${action}`,
          resource: sageMaker('endpoint-config', runName),
          why: 'SageMaker authorizes it on the endpoint config too (aws-cdk#11594)',
        },
      ]),
      { action: 'ssm:PutParameter', resource: arn(ml, lastRun.parameterArn), why: 'records the run start' },
      { action: 'ssm:GetParameter', resource: arn(ml, currentModel.parameterArn), why: 'the serving model' },
      { action: 'ssm:PutParameter', resource: arn(ml, currentModel.parameterArn), why: 'records the new model' },
      { action: 'sns:Publish', resource: arn(ml, ml.notifications.topicArn), why: 'failure notification' },
      ...stateMachineBasics,
    ],
  });

  // The SageMaker execution role: training, batch transform and the endpoint.
  const modelArtifact = `models/${runName}/output/model.tar.gz`;
  principals.push({
    principal: 'SageMaker execution role',
    role: ml.pipeline.sageMakerRole,
    calls: [
      { action: 's3:ListBucket', resource: pipelineBucket, why: 'S3Prefix channels are listed' },
      ...[layout.trainKey, layout.validationKey, layout.holdoutFeaturesKey, modelArtifact].map((key) => ({
        action: 's3:GetObject',
        resource: object(pipelineBucket, key),
        why: 'channels, holdout features and the model artifact',
      })),
      ...[modelArtifact, layout.candidateScoresKey, layout.baselineScoresKey].map((key) => ({
        action: 's3:PutObject',
        resource: object(pipelineBucket, key),
        why: 'the model artifact and transform outputs',
      })),
      ...['TrainingJobs', 'TransformJobs', 'Endpoints'].flatMap((group) =>
        ['CreateLogStream', 'PutLogEvents'].map((action) => ({
          action: `logs:${action}`,
          resource: regional('logs', `log-group:/aws/sagemaker/${group}:log-stream:${runName}/algo-1`),
          why: 'container logs',
        })),
      ),
      {
        action: 'cloudwatch:PutMetricData',
        resource: '*',
        context: { 'cloudwatch:namespace': '/aws/sagemaker/TrainingJobs' },
        why: 'job metrics',
      },
    ],
  });

  return principals;
}
