import { CfnOutput, Duration, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  type CustomMetricGroup,
  DefaultDashboardFactory,
  MonitoringFacade,
  SnsAlarmActionStrategy,
} from 'cdk-monitoring-constructs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { METRICS, METRICS_NAMESPACE, type MetricDefinition, SERVICES } from '../../lambda/domain/ops/metrics.ts';
import type { StreamName } from '../../lambda/domain/streams.ts';
import { ALARM_THRESHOLDS as T } from './alarm-thresholds.ts';
import { FailedWritesRecorder, FreshnessCanary } from './ops-functions.ts';

export interface ObservabilityStackProps extends StackProps {
  /** Prefix of the dashboard and alarm names. @default 'sdp' */
  readonly prefix?: string;
  /** Who is e-mailed when an alarm fires (`sdp:alarmEmail`). @default no subscription */
  readonly alarmEmail?: string;
  readonly ingestionApi: apigw.RestApi;
  readonly streams: Readonly<Record<StreamName, kinesis.IStream>>;
  readonly flinkApplicationName: string;
  readonly reportsWriter: lambda.IFunction;
  readonly reportsDeadLetterQueue: sqs.IQueue;
  readonly reportTable: dynamodb.ITable;
  readonly reportsApi: apigw.RestApi;
  /** Every Firehose delivery stream of the lake, raw and Parquet, by name (plain strings, not tokens). */
  readonly deliveryStreamNames: readonly { readonly name: string; readonly parquet: boolean }[];
  readonly compaction: lambda.IFunction;
  /** Registers Firehose's Parquet files; absent with the Lambda lake writer. */
  readonly fileRegistration?: lambda.IFunction;
  /** The Lambda lake writer and its dead-letter queue (`sdp:lakeWriter: "lambda"`). */
  readonly lakeWriter?: { readonly function: lambda.IFunction; readonly deadLetterQueue: sqs.IQueue };
  readonly retraining: sfn.IStateMachine;
  readonly predictionsApi: apigw.RestApi;
  readonly predictFunction: lambda.IFunction;
  readonly endpointName: string;
  readonly currentModelParameter?: ssm.IStringParameter;
  /** The aggregation window: the canary's report row is found by it. */
  readonly periodSeconds: number;
  /** Run the freshness canary (`sdp:canary`). @default true */
  readonly canary?: boolean;
}

const MINUTE = Duration.minutes(1);

/**
 * Operations as its own concern: one dashboard for the platform grouped by stage, alarms on every
 * stage's failure signal (thresholds and their sources in alarm-thresholds.ts) to one SNS topic, the
 * freshness canary and the recorder of dead-lettered report writes. Built with
 * cdk-monitoring-constructs; receives every monitored resource by props.
 */
export class ObservabilityStack extends Stack {
  readonly alarmTopic: sns.Topic;
  readonly monitoring: MonitoringFacade;
  readonly canary?: FreshnessCanary;
  readonly failedWrites: FailedWritesRecorder;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const prefix = props.prefix ?? 'sdp';
    // CloudWatch cannot publish to a topic under the AWS-managed SNS key; SSL is enforced.
    this.alarmTopic = new sns.Topic(this, 'Alarms', { displayName: `${prefix} platform alarms`, enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.failedWrites = new FailedWritesRecorder(this, 'FailedWrites', {
      deadLetterQueue: props.reportsDeadLetterQueue,
      aggregates: props.streams.aggregates,
      failedEvents: props.streams.failed_events,
    });
    if (props.canary ?? true) {
      this.canary = new FreshnessCanary(this, 'Canary', {
        bcns: props.streams.bcns,
        reportTable: props.reportTable,
        periodSeconds: props.periodSeconds,
        currentModelParameter: props.currentModelParameter,
      });
    }

    this.monitoring = new MonitoringFacade(this, 'Monitoring', {
      alarmFactoryDefaults: {
        alarmNamePrefix: prefix,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: this.alarmTopic }),
      },
      metricFactoryDefaults: { period: MINUTE },
      dashboardFactory: new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: `${prefix}-platform`,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
      }),
    });
    this.#ingestion(props);
    this.#streams(props);
    this.#aggregation(props);
    this.#reports(props);
    this.#lake(props);
    this.#ml(props);
    this.#freshness(props);

    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Subscribe to alarms' });
    new CfnOutput(this, 'DashboardName', { value: `${prefix}-platform`, description: 'CloudWatch dashboard' });
    NagSuppressions.addResourceSuppressions(this.alarmTopic, [
      {
        id: 'AwsSolutions-SNS2',
        reason: 'CloudWatch alarms cannot publish to a topic under the AWS-managed key; they carry no data.',
      },
    ]);
  }

  #ingestion(props: ObservabilityStackProps): void {
    this.monitoring.addLargeHeader('Ingestion API');
    this.monitoring.monitorApiGateway({
      api: props.ingestionApi,
      apiStage: props.ingestionApi.deploymentStage.stageName,
      humanReadableName: 'Ingestion API (POST /bid /impression /click)',
      alarmFriendlyName: 'IngestionApi',
      add5XXFaultCountAlarm: { Critical: { maxErrorCount: T.apiServerErrors.value } },
      addLatencyP99Alarm: { Critical: { maxLatency: Duration.millis(T.apiLatencyP99Ms.value) } },
    });
  }

  #streams(props: ObservabilityStackProps): void {
    this.monitoring.addLargeHeader('Kinesis streams');
    for (const [name, stream] of Object.entries(props.streams)) {
      this.monitoring.monitorKinesisDataStream({
        streamName: stream.streamName,
        humanReadableName: `Stream ${name}`,
        alarmFriendlyName: `Stream-${name}`,
        addIteratorMaxAgeAlarm: { Critical: { maxAgeInMillis: T.iteratorAgeMs.value } },
        addPutRecordsFailedAlarm: { Critical: { maxRecordsFailedThreshold: T.putRecordsFailed.value } },
        addReadProvisionedThroughputExceededAlarm: {
          Critical: { maxRecordsThrottledThreshold: T.throttledRecords.value },
        },
        addWriteProvisionedThroughputExceededAlarm: {
          Critical: { maxRecordsThrottledThreshold: T.throttledRecords.value },
        },
      });
    }
  }

  #aggregation(props: ObservabilityStackProps): void {
    this.monitoring.addLargeHeader('Aggregation (Managed Service for Apache Flink)');
    const application = props.flinkApplicationName;
    this.monitoring.monitorKinesisDataAnalytics({
      application,
      humanReadableName: `Flink job ${application}`,
      alarmFriendlyName: 'Flink',
      addDowntimeAlarm: { Critical: { maxDowntimeInMillis: T.flinkDowntimeMs.value } },
      addFullRestartCountAlarm: { Critical: { maxFullRestartCount: T.flinkFullRestarts.value } },
      addCheckpointFailureCountAlarm: { Critical: { maxErrorCount: T.flinkFailedCheckpoints.value } },
    });
    const flink = (metricName: string, statistic: string, dimensions: Record<string, string> = {}) =>
      new cloudwatch.Metric({
        namespace: 'AWS/KinesisAnalytics',
        metricName,
        statistic,
        period: MINUTE,
        dimensionsMap: { Application: application, ...dimensions },
      });
    this.#custom('Aggregation progress', 'FlinkProgress', [
      {
        title: 'Lag behind bcns (ms)',
        metrics: [
          {
            metric: flink('millisBehindLatest', 'Maximum'),
            alarmFriendlyName: 'FlinkMillisBehindLatest',
            addAlarm: {
              Critical: {
                threshold: T.flinkMillisBehindMs.value,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                evaluationPeriods: 5,
                datapointsToAlarm: 5,
              },
            },
          },
        ],
      },
      {
        title: 'Records in / out per second',
        metrics: [flink('numRecordsInPerSecond', 'Average'), flink('numRecordsOutPerSecond', 'Average')],
      },
      { title: 'Uptime (ms)', metrics: [flink('uptime', 'Minimum')] },
    ]);
  }

  #reports(props: ObservabilityStackProps): void {
    this.monitoring.addLargeHeader('Reports writer and report table');
    this.monitoring.monitorLambdaFunction({
      lambdaFunction: props.reportsWriter,
      humanReadableName: 'Reports writer',
      alarmFriendlyName: 'ReportsWriter',
      addFaultCountAlarm: { Critical: { maxErrorCount: T.lambdaErrors.value } },
      addMaxIteratorAgeAlarm: { Critical: { maxAgeInMillis: T.iteratorAgeMs.value } },
    });
    this.monitoring.monitorSqsQueue({
      queue: props.reportsDeadLetterQueue,
      humanReadableName: 'Reports writer dead-letter queue',
      alarmFriendlyName: 'ReportsDeadLetters',
      addQueueMaxSizeAlarm: { Critical: { maxMessageCount: T.dlqMessages.value } },
    });
    this.#custom('Report writes', 'ReportWrites', [
      {
        title: 'Rows written, stale writes skipped, records skipped, write errors',
        metrics: [
          METRICS.reportRowsWritten,
          METRICS.reportStaleWrites,
          METRICS.reportRecordsSkipped,
          METRICS.reportWriteErrors,
        ].map((m) => this.#business(m, SERVICES.reportsWriter)),
      },
    ]);
    this.monitoring.monitorDynamoTable({
      table: props.reportTable,
      humanReadableName: 'Report table',
      alarmFriendlyName: 'ReportTable',
      addReadThrottledEventsCountAlarm: { Critical: { maxThrottledEventsThreshold: T.dynamoThrottles.value } },
      addWriteThrottledEventsCountAlarm: { Critical: { maxThrottledEventsThreshold: T.dynamoThrottles.value } },
    });
    this.monitoring.monitorApiGateway({
      api: props.reportsApi,
      apiStage: props.reportsApi.deploymentStage.stageName,
      humanReadableName: 'Reports API',
      alarmFriendlyName: 'ReportsApi',
      add5XXFaultCountAlarm: { Critical: { maxErrorCount: T.apiServerErrors.value } },
    });
  }

  #lake(props: ObservabilityStackProps): void {
    this.monitoring.addLargeHeader('Data lake: delivery, file registration, compaction');
    for (const { name, parquet } of props.deliveryStreamNames) {
      if (Token.isUnresolved(name))
        throw new Error(`deliveryStreamNames must be plain names, not tokens. Received ${name}`);
      this.monitoring.monitorKinesisFirehose({ deliveryStreamName: name, alarmFriendlyName: name });
      const firehose = (metricName: string, statistic: string, period = MINUTE) =>
        new cloudwatch.Metric({
          namespace: 'AWS/Firehose',
          metricName,
          statistic,
          period,
          dimensionsMap: { DeliveryStreamName: name },
        });
      this.#custom(`Delivery ${name}`, name, [
        {
          title: 'Data freshness (s)',
          metrics: [
            {
              metric: firehose('DeliveryToS3.DataFreshness', 'Maximum', Duration.minutes(5)),
              alarmFriendlyName: `${name}-Freshness`,
              addAlarm: {
                Critical: {
                  threshold: T.firehoseFreshnessS.value,
                  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                },
              },
            },
          ],
        },
        {
          title: 'S3 delivery success',
          metrics: [
            {
              metric: firehose('DeliveryToS3.Success', 'Average', Duration.minutes(5)),
              alarmFriendlyName: `${name}-DeliverySuccess`,
              addAlarm: {
                Critical: {
                  threshold: T.firehoseDeliverySuccess.value,
                  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
                },
              },
            },
          ],
        },
        ...(parquet
          ? [
              {
                title: 'Failed Parquet conversions',
                metrics: [
                  {
                    metric: firehose('FailedConversion.Records', 'Sum', Duration.minutes(5)),
                    alarmFriendlyName: `${name}-FailedConversions`,
                    addAlarm: {
                      Critical: {
                        threshold: T.firehoseFailedConversions.value,
                        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                      },
                    },
                  },
                ],
              },
            ]
          : []),
      ]);
    }
    if (props.lakeWriter) {
      this.monitoring.monitorLambdaFunction({
        lambdaFunction: props.lakeWriter.function,
        humanReadableName: 'Lake writer',
        alarmFriendlyName: 'LakeWriter',
        addFaultCountAlarm: { Critical: { maxErrorCount: T.lambdaErrors.value } },
        addMaxIteratorAgeAlarm: { Critical: { maxAgeInMillis: T.iteratorAgeMs.value } },
      });
      this.monitoring.monitorSqsQueue({
        queue: props.lakeWriter.deadLetterQueue,
        humanReadableName: 'Lake writer dead-letter queue',
        alarmFriendlyName: 'LakeWriterDeadLetters',
        addQueueMaxSizeAlarm: { Critical: { maxMessageCount: T.dlqMessages.value } },
      });
    }
    const functions = [
      ...(props.fileRegistration ? [[props.fileRegistration, 'FileRegistration'] as const] : []),
      [props.compaction, 'Compaction'] as const,
    ];
    for (const [fn, name] of functions) {
      this.monitoring.monitorLambdaFunction({
        lambdaFunction: fn,
        humanReadableName: name,
        alarmFriendlyName: name,
        addFaultCountAlarm: { Critical: { maxErrorCount: T.lambdaErrors.value } },
      });
    }
    this.#custom('Compaction outcomes', 'CompactionOutcomes', [
      {
        title: 'Runs, skips and failures',
        metrics: [
          this.#business(METRICS.compactionRuns, SERVICES.compaction),
          this.#business(METRICS.compactionSkipped, SERVICES.compaction),
          {
            metric: this.#business(METRICS.compactionFailures, SERVICES.compaction),
            alarmFriendlyName: 'CompactionFailures',
            addAlarm: {
              Critical: {
                threshold: T.compactionFailures.value,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
              },
            },
          },
        ],
      },
      {
        title: 'Partitions, files and rows merged, files deleted',
        metrics: [
          METRICS.compactionPartitions,
          METRICS.compactionFilesMerged,
          METRICS.compactionRowsMerged,
          METRICS.compactionFilesDeleted,
        ].map((m) => this.#business(m, SERVICES.compaction)),
      },
    ]);
  }

  #ml(props: ObservabilityStackProps): void {
    this.monitoring.addLargeHeader('Retraining, endpoint and predictions');
    this.monitoring.monitorStepFunction({
      stateMachine: props.retraining,
      humanReadableName: 'Retraining pipeline',
      alarmFriendlyName: 'Retraining',
      addFailedExecutionCountAlarm: { Critical: { maxErrorCount: T.retrainingFailures.value } },
    });
    const retraining = (m: MetricDefinition, statistic = 'Maximum') =>
      this.#business(m, SERVICES.retraining, statistic, Duration.hours(1));
    this.#custom('Model quality and gate', 'ModelQuality', [
      {
        title: 'Holdout AUC: candidate and serving model',
        metrics: [retraining(METRICS.candidateAuc), retraining(METRICS.servingAuc)],
      },
      {
        title: 'Holdout log loss: candidate and serving model',
        metrics: [retraining(METRICS.candidateLogLoss), retraining(METRICS.servingLogLoss)],
      },
      {
        title: 'Gate decisions',
        metrics: [retraining(METRICS.modelsPromoted, 'Sum'), retraining(METRICS.modelsRejected, 'Sum')],
      },
    ]);
    const endpoint = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SageMaker',
        metricName,
        statistic,
        period: Duration.minutes(5),
        dimensionsMap: { EndpointName: props.endpointName, VariantName: 'AllTraffic' },
      });
    this.#custom('Prediction endpoint', 'Endpoint', [
      { title: 'Invocations', metrics: [endpoint('Invocations', 'Sum')] },
      {
        title: 'Errors',
        metrics: [
          {
            metric: endpoint('Invocation5XXErrors', 'Sum'),
            alarmFriendlyName: 'EndpointErrors',
            addAlarm: {
              Critical: {
                threshold: T.endpointErrors.value,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
              },
            },
          },
          endpoint('Invocation4XXErrors', 'Sum'),
        ],
      },
      { title: 'Model latency (µs, p99)', metrics: [endpoint('ModelLatency', 'p99')] },
      {
        title: 'Predictions served',
        metrics: [this.#business(METRICS.predictionsServed, SERVICES.predictions)],
      },
    ]);
    this.monitoring.monitorApiGateway({
      api: props.predictionsApi,
      apiStage: props.predictionsApi.deploymentStage.stageName,
      humanReadableName: 'Predictions API',
      alarmFriendlyName: 'PredictionsApi',
      add5XXFaultCountAlarm: { Critical: { maxErrorCount: T.apiServerErrors.value } },
    });
    this.monitoring.monitorLambdaFunction({
      lambdaFunction: props.predictFunction,
      humanReadableName: 'Predict function',
      alarmFriendlyName: 'Predict',
      addFaultCountAlarm: { Critical: { maxErrorCount: T.lambdaErrors.value } },
    });
  }

  #freshness(props: ObservabilityStackProps): void {
    this.monitoring.addLargeHeader('Freshness canary and failed events');
    const canary = (m: MetricDefinition, statistic: string) => this.#business(m, SERVICES.canary, statistic);
    const canaryGroups: CustomMetricGroup[] = [
      {
        title: 'Canary: bid sent to report row written (ms)',
        metrics: [
          {
            metric: canary(METRICS.canaryLatency, 'Maximum'),
            alarmFriendlyName: 'CanaryLatency',
            addAlarm: {
              Critical: {
                threshold: T.canaryLatencyMs.value,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                evaluationPeriods: 3,
                datapointsToAlarm: 3,
              },
            },
          },
        ],
      },
      {
        title: 'Canary misses',
        metrics: [
          {
            metric: canary(METRICS.canaryMisses, 'Sum'),
            alarmFriendlyName: 'CanaryMisses',
            addAlarm: {
              Critical: {
                threshold: T.canaryMisses.value,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                evaluationPeriods: 3,
                datapointsToAlarm: 3,
              },
            },
          },
        ],
      },
      {
        title: 'Serving model age (s)',
        metrics: [
          {
            metric: canary(METRICS.modelAge, 'Maximum'),
            alarmFriendlyName: 'ModelAge',
            addAlarm: {
              Critical: {
                threshold: T.modelAgeS.value,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
              },
            },
          },
        ],
      },
    ];
    this.#custom('Freshness', 'Freshness', [
      ...(this.canary ? canaryGroups : []),
      {
        title: 'Failed events: records refused after ingestion, and report writes dead-lettered',
        metrics: [
          new cloudwatch.Metric({
            namespace: 'AWS/Kinesis',
            metricName: 'IncomingRecords',
            statistic: 'Sum',
            period: MINUTE,
            dimensionsMap: { StreamName: props.streams.failed_events.streamName },
            label: 'failed_events records',
          }),
          this.#business(METRICS.failedEvents, SERVICES.failedWrites, 'Sum', MINUTE, {
            Reason: 'report_write_failed',
          }),
        ],
      },
    ]);
    for (const [fn, name] of [
      [this.canary?.function, 'Canary'],
      [this.failedWrites.function, 'FailedWritesRecorder'],
    ] as const) {
      if (!fn) continue;
      this.monitoring.monitorLambdaFunction({
        lambdaFunction: fn,
        humanReadableName: name,
        alarmFriendlyName: name,
        addFaultCountAlarm: { Critical: { maxErrorCount: T.lambdaErrors.value } },
      });
    }
  }

  /** A business metric as the Lambdas publish it (EMF, Powertools' `service` dimension). */
  #business(
    metric: MetricDefinition,
    service: string,
    statistic = 'Sum',
    period = MINUTE,
    dimensions: Record<string, string> = {},
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: metric.name,
      statistic,
      period,
      dimensionsMap: { service, ...dimensions },
      label: metric.name,
    });
  }

  #custom(title: string, alarmFriendlyName: string, metricGroups: CustomMetricGroup[]): void {
    this.monitoring.monitorCustom({ humanReadableName: title, alarmFriendlyName, metricGroups });
  }
}
