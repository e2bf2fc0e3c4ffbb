import { type App, Aspects, Tags } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { STREAM_NAMES } from '../lambda/domain/streams.ts';
import { ApiGatewayLoggingStack } from './account/api-gateway-logging-stack.ts';
import { DashboardStack } from './dashboard/dashboard-stack.ts';
import { IngestionStack } from './ingestion/ingestion-stack.ts';
import { CatalogStack } from './lake/catalog-stack.ts';
import { DataLakeStack } from './lake/data-lake-stack.ts';
import { LifecycleStack } from './lifecycle/lifecycle-stack.ts';
import { MlStack } from './ml/ml-stack.ts';
import { ObservabilityStack } from './observability/observability-stack.ts';
import { loadPlatformConfig } from './platform-config.ts';
import { ProcessorStack } from './processor/processor-stack.ts';
import { ReportsStack } from './reports/reports-stack.ts';
import { StreamsStack } from './streams/streams-stack.ts';

export interface PlatformStacks {
  readonly apiLogging: ApiGatewayLoggingStack;
  readonly streams: StreamsStack;
  readonly ingestion: IngestionStack;
  readonly processor: ProcessorStack;
  readonly reports: ReportsStack;
  readonly catalog: CatalogStack;
  readonly lake: DataLakeStack;
  readonly ml: MlStack;
  readonly observability: ObservabilityStack;
  readonly lifecycle: LifecycleStack;
  /** Only with `sdp:dashboard`. */
  readonly dashboard?: DashboardStack;
}

/** Builds every stack of the platform into `app`, wired by construct props, from the app's context. */
export function buildPlatform(app: App): PlatformStacks {
  const config = loadPlatformConfig(app.node, STREAM_NAMES);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const apiLogging = new ApiGatewayLoggingStack(app, 'SdpApiGatewayLogging', { env });
  const streams = new StreamsStack(app, 'SdpStreams', {
    env,
    prefix: config.prefix,
    shards: config.shards,
    retentionHours: config.retentionHours,
    customerManagedKey: config.customerManagedKey,
  });
  const ingestion = new IngestionStack(app, 'SdpIngestion', {
    env,
    bcns: streams.bcns,
    apiKeyRequired: config.apiKeyRequired,
    throttleRateLimit: config.throttleRateLimit,
    throttleBurstLimit: config.throttleBurstLimit,
    tracing: config.levers.ingestionTracing,
  });
  const processor = new ProcessorStack(app, 'SdpProcessor', {
    env,
    prefix: config.prefix,
    bcns: streams.bcns,
    impressions: streams.impressions,
    clicks: streams.clicks,
    aggregates: streams.aggregates,
    failedEvents: streams.failedEvents,
    aggregation: config.aggregation,
    parallelism: config.flinkParallelism,
    autoScaling: config.flinkAutoScaling,
  });
  const reports = new ReportsStack(app, 'SdpReports', {
    env,
    aggregates: streams.aggregates,
    apiAuth: config.reportsAuth,
  });
  const catalog = new CatalogStack(app, 'SdpCatalog', {
    env,
    prefix: config.prefix,
    retention: config.retention,
    scanLimitGiB: config.athenaScanLimitGiB,
  });
  const lake = new DataLakeStack(app, 'SdpDataLake', {
    env,
    prefix: config.prefix,
    bucket: catalog.bucket,
    tables: catalog.tables,
    bcns: streams.bcns,
    impressions: streams.impressions,
    clicks: streams.clicks,
    aggregates: streams.aggregates,
    writer: config.levers.lakeWriter,
    failedEvents: streams.failedEvents,
    bufferSeconds: config.lakeBufferSeconds,
    bufferMiB: config.lakeBufferMiB,
    compactionMinutes: config.compactionMinutes,
    retention: config.retention,
  });
  const ml = new MlStack(app, 'SdpMl', {
    env,
    prefix: config.prefix,
    lakeBucket: catalog.bucket,
    glueDatabaseName: catalog.tables.databaseName,
    athenaWorkGroupName: catalog.workGroup.ref,
    athenaResultsBucket: catalog.resultsBucket,
    athenaResultsPrefix: 'results/',
    attributionWindowMs: config.aggregation.attribution_window_seconds * 1000,
    trainingDays: config.trainingDays,
    retrainSchedule: config.retrainSchedule,
    retrainMinNewBids: config.retrainMinNewBids,
    apiAuth: config.predictionsAuth,
    instanceTypes: config.levers.instanceTypes,
    endpoint: config.levers.predictionsEndpoint,
  });
  const observability = new ObservabilityStack(app, 'SdpObservability', {
    env,
    prefix: config.prefix,
    alarmEmail: config.alarmEmail,
    canary: config.canary,
    ingestionApi: ingestion.ingestionApi.api,
    streams: {
      bcns: streams.bcns,
      impressions: streams.impressions,
      clicks: streams.clicks,
      aggregates: streams.aggregates,
      failed_events: streams.failedEvents,
    },
    flinkApplicationName: processor.applicationName,
    reportsWriter: reports.writer,
    reportsDeadLetterQueue: reports.deadLetterQueue,
    reportTable: reports.table,
    reportsApi: reports.reportsApi.api,
    deliveryStreamNames: [...lake.deliveries.values()].flatMap(({ raw, parquet }) => [
      { name: raw.deliveryStream.deliveryStreamName as string, parquet: false },
      { name: parquet.deliveryStream.deliveryStreamName as string, parquet: true },
    ]),
    compaction: lake.compaction.function,
    fileRegistration: lake.registration?.function,
    lakeWriter: lake.writer,
    retraining: ml.pipeline.stateMachine,
    predictionsApi: ml.predictionsApi.api,
    predictFunction: ml.predictFunction,
    endpointName: ml.endpointName,
    currentModelParameter: ml.currentModelParameter,
    periodSeconds: config.aggregation.period_seconds,
  });
  const lifecycle = new LifecycleStack(app, 'SdpLifecycle', {
    env,
    bucket: catalog.bucket,
    duckDb: lake.compaction.duckDb,
    reportTable: reports.table,
    aggregation: config.aggregation,
    streamRetentionHours: config.retentionHours,
    lakeBufferSeconds: config.lakeBufferSeconds,
    reconcileSchedule: config.reconcile.schedule,
    reconcileShards: config.reconcile.shards,
    driftThreshold: config.reconcile.driftThreshold,
    alarmTopic: observability.alarmTopic,
  });
  // Stage logging needs the account's API Gateway CloudWatch role.
  for (const apiStack of [ingestion, reports, ml, lifecycle]) apiStack.addStackDependency(apiLogging);
  const dashboard = config.dashboard
    ? new DashboardStack(app, 'SdpDashboard', {
        env,
        reportsApi: reports.reportsApi.api,
        reportsAuth: config.reportsAuth,
        periodSeconds: config.aggregation.period_seconds,
        allowedLatenessSeconds: config.aggregation.allowed_lateness_seconds,
      })
    : undefined;
  Tags.of(app).add('project', 'streaming-data-platform');
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return {
    apiLogging,
    streams,
    ingestion,
    processor,
    reports,
    catalog,
    lake,
    ml,
    observability,
    lifecycle,
    ...(dashboard ? { dashboard } : {}),
  };
}
