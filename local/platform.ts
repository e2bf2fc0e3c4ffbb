import { createServer } from 'node:net';
import { join } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCampaignRollups } from '../lambda/adapters/campaign-rollups.ts';
import { DynamoDbReportStore } from '../lambda/adapters/report-store.ts';
import { aggregationConfig } from '../lambda/domain/aggregation/aggregation-config.ts';
import { EVENT_KINDS, EVENT_SPECS, MAX_BODY_BYTES } from '../lambda/domain/events.ts';
import type { FailedEventReason } from '../lambda/domain/failed-events/failed-event.ts';
import { localDocument } from '../lambda/domain/openapi/documents.ts';
import { failedEventPoints, SERVICES } from '../lambda/domain/ops/metrics.ts';
import { STREAM_NAMES } from '../lambda/domain/streams.ts';
import { lambdaObservability } from '../lambda/observability/lambda-observability.ts';
import { createPredictHandler } from '../lambda/predictions/predict.ts';
import { createGetModelHandler } from '../lambda/reports/get-model.ts';
import { createGetReportHandler } from '../lambda/reports/get-report.ts';
import { createListCampaignsHandler } from '../lambda/reports/list-campaigns.ts';
import { createWriteAggregatesHandler } from '../lambda/reports/write-aggregates.ts';
import { type LocalConfig, lakeDir, listenError, processorStateDir } from './config.ts';
import { dashboardRoutes } from './dashboard/dashboard-routes.ts';
import { createLocalDynamoDbClient, ensureReportTable, ensureRollupTable } from './dynamodb/dynamodb-client.ts';
import { rebuildRollupsOnce } from './dynamodb/rebuild-rollups.ts';
import { type ComponentHealth, healthResponse } from './health/component-health.ts';
import { apiDocsRoutes } from './http/api-docs.ts';
import type { Route } from './http/http-types.ts';
import { lambdaProxyRoute } from './http/lambda-proxy.ts';
import { startHttpServer } from './http/server.ts';
import { ingestEvents } from './ingest/ingest-events.ts';
import { RecordBatcher } from './ingest/record-batcher.ts';
import { createLocalKinesisClient, ensureStreams } from './kinesis/kinesis-client.ts';
import { scheduleCompaction } from './lake/compaction-schedule.ts';
import { FileObjectStore } from './lake/file-object-store.ts';
import { startLakeThread } from './lake/lake-thread.ts';
import { LocalScorer } from './ml/local-scorer.ts';
import { LabelledBidCounter, modelDir, retrainOnNewBids } from './ml/local-training.ts';
import { ModelStore } from './ml/model-store.ts';
import { LocalModelSummarySource } from './ml/model-summary-source.ts';
import { type LocalCanary, startLocalCanary } from './ops/canary-schedule.ts';
import { PrometheusMetrics } from './ops/prometheus-metrics.ts';
import { assessStages, mergeHealth, type StageSample } from './ops/stage-health.ts';
import { startProcessorThread } from './processor/processor-thread.ts';
import { PROJECT_VERSION } from './project-version.ts';
import { type EmulatorService, startEmulator } from './services/emulator-service.ts';
import { LambdaStreamConsumer } from './streams/lambda-stream-consumer.ts';

export const REPORT_TABLE = 'reports';
export const ROLLUP_TABLE = 'campaign_rollups';

export interface Platform {
  readonly url: string;
  readonly kinesisEndpoint: string;
  readonly dynamodbEndpoint: string;
  readonly kinesis: KinesisClient;
  readonly dynamodb: DynamoDBDocumentClient;
  /** Answers requests in progress, flushes every buffer, checkpoints and closes the local services. */
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /**
   * Only the APIs and the local services: accepted events wait on the streams, and the next full
   * start processes them, each consumer resuming from its checkpoint. For measuring ingestion alone.
   */
  readonly ingestOnly?: boolean;
}

/** What reads the streams: the stand-ins for Flink, the reports writer Lambda, Firehose and the ML pipeline. */
interface Consumers {
  /** Each consumer's health, by the name `GET /health` gives it. */
  components(): Record<string, ComponentHealth>;
  /** Progress: the watermark, the aggregation's counts, the lake writers' counts. */
  details(): Record<string, unknown>;
  /** The stages' progress now, for judging stuck stages. */
  sample(): Omit<StageSample, 'now' | 'canary'>;
  stop(): Promise<void>;
}

/**
 * Starts the whole platform on this machine: the Kinesis and DynamoDB emulators, the aggregation
 * processor, the reports writer, the lake writers, compaction and retraining (unless ingest-only),
 * and the HTTP API in front of them.
 */
export async function startPlatform(config: LocalConfig, options: PlatformOptions = {}): Promise<Platform> {
  const started: (() => Promise<void>)[] = [];
  try {
    return await start(config, options, started);
  } catch (error) {
    // Whatever started stops again, so a failed start neither hangs (the emulator threads would keep the
    // process alive) nor holds the data directory's locks.
    for (const stop of started.reverse()) {
      await stop().catch((stopError) => console.error('Stopping after the failed start failed too:', stopError));
    }
    throw error;
  }
}

/** Starts the platform, adding a way to stop each part to `started` as soon as it runs. */
async function start(
  config: LocalConfig,
  options: PlatformOptions,
  started: (() => Promise<void>)[],
): Promise<Platform> {
  // The API's port is bound last, after every service; a taken one fails in a moment rather than then.
  if (config.port !== 0) await probePort(config.port, config.host);
  const emulators = await Promise.allSettled([
    startEmulator('kinesis', { dataDir: config.dataDir, port: config.kinesisPort }).catch((error) => {
      throw listenError(error, config.kinesisPort, 'SDP_KINESIS_PORT', config.dataDir);
    }),
    startEmulator('dynamodb', { dataDir: config.dataDir, port: config.dynamodbPort }).catch((error) => {
      throw listenError(error, config.dynamodbPort, 'SDP_DYNAMODB_PORT', config.dataDir);
    }),
  ]);
  for (const emulator of emulators) if (emulator.status === 'fulfilled') started.push(() => emulator.value.stop());
  const [kinesisService, dynamodbService] = emulators.map((emulator) => {
    if (emulator.status === 'rejected') throw emulator.reason;
    return emulator.value;
  }) as [EmulatorService, EmulatorService];
  const kinesis = createLocalKinesisClient(kinesisService.endpoint);
  const dynamodb = createLocalDynamoDbClient(dynamodbService.endpoint);
  started.push(async () => {
    kinesis.destroy();
    dynamodb.destroy();
  });
  await Promise.all([
    ensureStreams(
      kinesis,
      Object.fromEntries(STREAM_NAMES.map((name) => [name, name === 'bcns' ? config.bcnsShards : 1])),
    ),
    ensureReportTable(dynamodb, REPORT_TABLE),
    ensureRollupTable(dynamodb, ROLLUP_TABLE),
  ]);
  const reports = new DynamoDbReportStore(dynamodb, REPORT_TABLE);
  const metrics = new PrometheusMetrics();
  const rollups = new DynamoDbCampaignRollups(dynamodb, ROLLUP_TABLE, reports);
  const rebuilt = await rebuildRollupsOnce(dynamodb, REPORT_TABLE, ROLLUP_TABLE, rollups);
  if (rebuilt > 0) console.log(`Campaign rollups built from the report table: ${rebuilt} campaign-hours`);
  const consumers = options.ingestOnly
    ? undefined
    : await startConsumers(config, kinesisService.endpoint, kinesis, reports, rollups, started, metrics);

  const batcher = new RecordBatcher({ client: kinesis, streamName: 'bcns' });
  const canary: LocalCanary | undefined =
    consumers && config.ops.canaryIntervalMs > 0
      ? startLocalCanary({
          batcher,
          dynamodb,
          reportTable: REPORT_TABLE,
          intervalMs: config.ops.canaryIntervalMs,
          timeoutMs: config.ops.canaryTimeoutMs,
          periodMs: config.aggregation.period_seconds * 1000,
          metrics,
          logger: lambdaObservability(SERVICES.canary).logger,
        })
      : undefined;
  if (canary) started.push(() => canary.stop());
  const components = () => {
    const reported = {
      kinesis: kinesisService.health(),
      dynamodb: dynamodbService.health(),
      ...consumers?.components(),
    };
    if (!consumers) return reported;
    const last = canary?.last();
    const sample: StageSample = {
      now: Date.now(),
      ...consumers.sample(),
      ...(canary
        ? {
            canary: {
              probedAt: last?.sentAt,
              latencyMs: last?.latencyMs,
              missed: last !== undefined && last.latencyMs === undefined,
            },
          }
        : {}),
    };
    return mergeHealth(reported, assessStages(sample, config.ops.stuckMs));
  };
  metrics.gauge('HealthDegraded', 'Whether a component is failing or stuck (1) or none is (0)', () =>
    Object.values(components()).some((c) => c.status === 'failing' || c.status === 'stuck') ? 1 : 0,
  );
  const predictOps = lambdaObservability(SERVICES.predictions);
  const models = new ModelStore(modelDir(config));
  const routes: Route[] = [
    ...EVENT_KINDS.map(
      (kind): Route => ({
        method: 'POST',
        path: EVENT_SPECS[kind].route,
        maxBodyBytes: MAX_BODY_BYTES,
        handler: ({ body }) => ingestEvents(kind, body, batcher),
      }),
    ),
    lambdaProxyRoute('GET', '/reports/campaigns', createListCampaignsHandler(rollups)),
    lambdaProxyRoute('GET', '/reports/campaigns/{campaign_item_id}', createGetReportHandler(reports)),
    lambdaProxyRoute('GET', '/reports/model', createGetModelHandler(new LocalModelSummarySource(models))),
    lambdaProxyRoute(
      'POST',
      '/predictions',
      createPredictHandler(new LocalScorer(models), {
        logger: predictOps.logger,
        metrics,
      }),
    ),
    {
      method: 'GET',
      path: '/metrics',
      handler: async () => ({
        statusCode: 200,
        headers: { 'content-type': metrics.registry.contentType },
        body: undefined,
        text: await metrics.text(),
      }),
    },
    {
      method: 'GET',
      path: '/health',
      handler: async () =>
        healthResponse(components(), {
          kinesis_endpoint: kinesisService.endpoint,
          dynamodb_endpoint: dynamodbService.endpoint,
          ...(consumers?.details() ?? { consumers: 'off' }),
        }),
    },
    ...apiDocsRoutes(() => localDocument(http.url, PROJECT_VERSION)),
    ...dashboardRoutes(config),
  ];
  const http = await startHttpServer(routes, config.port, config.host).catch((error) => {
    throw listenError(error, config.port, 'PORT');
  });

  return {
    url: http.url,
    kinesisEndpoint: kinesisService.endpoint,
    dynamodbEndpoint: dynamodbService.endpoint,
    kinesis,
    dynamodb,
    stop: async () => {
      await http.close();
      await canary?.stop();
      await batcher.drain();
      await consumers?.stop();
      kinesis.destroy();
      dynamodb.destroy();
      await Promise.all([kinesisService.stop(), dynamodbService.stop()]);
    },
  };
}

async function startConsumers(
  config: LocalConfig,
  kinesisEndpoint: string,
  kinesis: KinesisClient,
  reports: DynamoDbReportStore,
  rollups: DynamoDbCampaignRollups,
  started: (() => Promise<void>)[],
  metrics: PrometheusMetrics,
): Promise<Consumers> {
  const processor = await startProcessorThread({
    kinesisEndpoint,
    config: aggregationConfig(config.aggregation),
    statePath: processorStateDir(config),
    outOfOrdernessMs: config.outOfOrdernessMs,
    lakeDir: lakeDir(config),
  });
  started.push(() => processor.stop());
  const lake = await startLakeThread({
    kinesisEndpoint,
    lakeDir: lakeDir(config),
    stateDir: join(config.dataDir, 'lake-writer'),
    maxBytes: config.lake.flushBytes,
    maxAgeMs: config.lake.flushMs,
  });
  started.push(() => lake.stop());
  const compaction = scheduleCompaction(new FileObjectStore(lakeDir(config)), config.lake, metrics);
  const retraining = config.retrainBids > 0 ? retrainOnNewBids(config, config.retrainBids) : undefined;
  const labelled =
    retraining && new LabelledBidCounter(retraining, config.aggregation.attribution_window_seconds * 1000 + 1000);
  let bidsSeen = lake.status().streams.bcns.bids;
  // Progress of the stages, sampled each second: what /health judges stuck stages by.
  const progress = { records: -1, watermark: Number.NEGATIVE_INFINITY, at: Date.now(), files: 0, fileAt: 0 };
  const failedSent: Record<string, number> = {};
  const model = modelClock(new ModelStore(modelDir(config)));
  const retrainTimer = setInterval(() => {
    const now = Date.now();
    model.trainedAt();
    const bids = lake.status().streams.bcns.bids;
    labelled?.landed(bids - bidsSeen, now);
    bidsSeen = bids;
    const { stats, watermark, failedEvents } = processor.status();
    if (stats.records !== progress.records || watermark !== progress.watermark) {
      Object.assign(progress, { records: stats.records, watermark, at: now });
    }
    const files = Object.values(lake.status().streams).reduce((sum, stream) => sum + stream.files, 0);
    if (files > progress.files) Object.assign(progress, { files, fileAt: now });
    for (const [reason, count] of Object.entries(failedEvents ?? {})) {
      const delta = count - (failedSent[reason] ?? 0);
      if (delta > 0) metrics.record(failedEventPoints(reason as FailedEventReason, delta));
      failedSent[reason] = count;
    }
  }, 1_000);
  retrainTimer.unref();
  metrics.gauge('AggregationLagMs', 'Wall clock minus the aggregation watermark', () => {
    const { watermark } = processor.status();
    return Number.isFinite(watermark) ? Date.now() - watermark : undefined;
  });
  const writerOps = lambdaObservability(SERVICES.reportsWriter);
  const reportsWriter = new LambdaStreamConsumer({
    client: kinesis,
    streamName: 'aggregates',
    handler: createWriteAggregatesHandler(reports, rollups, undefined, { logger: writerOps.logger, metrics }),
    checkpointPath: join(config.dataDir, 'consumers', 'reports-writer.json'),
  });
  reportsWriter.start();
  started.push(async () => {
    clearInterval(retrainTimer);
    await Promise.all([reportsWriter.stop(), compaction.stop(), retraining?.idle()]);
  });

  return {
    components: () => ({
      aggregation: processor.status().health,
      reports_writer: reportsWriter.health,
      ...Object.fromEntries(Object.entries(lake.status().health).map(([stream, health]) => [`lake_${stream}`, health])),
      compaction: compaction.health(),
    }),
    details: () => ({
      watermark: isoOrNull(processor.status().watermark),
      aggregation: processor.status().stats,
      lake: lake.status().streams,
    }),
    sample: () => ({
      aggregation: {
        watermark: processor.status().watermark,
        records: processor.status().stats.records,
        progressedAt: progress.at,
        periodMs: config.aggregation.period_seconds * 1000,
        allowedLatenessMs: config.aggregation.allowed_lateness_seconds * 1000,
      },
      lake: { files: progress.files, lastFileAt: progress.files > 0 ? progress.fileAt : undefined },
      compaction: { lastRunAt: compaction.lastRunAt() },
      model: { trainedAt: model.trainedAt() },
    }),
    stop: async () => {
      clearInterval(retrainTimer);
      await Promise.all([processor.stop(), reportsWriter.stop(), compaction.stop()]);
      await Promise.all([lake.stop(), retraining?.idle()]);
    },
  };
}

function isoOrNull(epochMs: number): string | null {
  return Number.isFinite(epochMs) ? new Date(epochMs).toISOString() : null;
}

/** Listens on `port` and closes again: rejects as the real listen would if the port is taken. */
function probePort(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(listenError(error, port, 'PORT')));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** When the served model was trained, re-read only when its file changes (it can be megabytes). */
function modelClock(store: ModelStore): { trainedAt(): number | undefined } {
  let cached: { key: string; trainedAt: number | undefined } | undefined;
  let reading = false;
  const refresh = async () => {
    const version = await store.version();
    const key = version ? `${version.ino}:${version.mtimeMs}:${version.size}` : 'none';
    if (cached?.key === key) return;
    const model = version ? await store.load() : undefined;
    cached = { key, trainedAt: model ? Date.parse(model.trainedAt) : undefined };
  };
  return {
    trainedAt: () => {
      if (!reading) {
        reading = true;
        refresh()
          .catch(() => undefined)
          .finally(() => {
            reading = false;
          });
      }
      return cached?.trainedAt;
    },
  };
}
