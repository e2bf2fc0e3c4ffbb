/**
 * Every alarm's threshold and where it comes from. "SDS" is the AWS Streaming Data Solution for
 * Amazon Kinesis (aws-solutions/streaming-data-solution-for-amazon-kinesis-and-amazon-msk,
 * source/lib/monitoring-base.ts, kda-monitoring.ts, kdf-monitoring.ts), whose recommended values
 * these follow where it has one. The README's operations section lists the same table.
 */
export interface AlarmThreshold {
  readonly value: number;
  readonly source: string;
}

const sds = (value: number, constant: string): AlarmThreshold => ({ value, source: `SDS ${constant}` });
const own = (value: number, source: string): AlarmThreshold => ({ value, source });

export const ALARM_THRESHOLDS = {
  /** Any stream (and the reports writer's source): GetRecords.IteratorAgeMilliseconds, Maximum, ms. */
  iteratorAgeMs: sds(60_000, 'KDS_ITERATOR_AGE_THRESHOLD'),
  /** Records a stream throttled (read or write) in a minute; SDS alarms at 1% of requests. */
  throttledRecords: own(
    0,
    'SDS KDS_READ_WRITE_PROVISIONED_THRESHOLD: any throttling loses latency, and 429s at ingestion',
  ),
  /** PutRecords.FailedRecords in a minute. */
  putRecordsFailed: own(0, 'SDS KDS_PUT_RECORDS_THRESHOLD (success < 95%); ours: any failed record is retried work'),
  /** Ingestion API 5XX in a minute (a failed PutRecords call answers 503). */
  apiServerErrors: own(0, 'every 5XX loses a client request unless it retries'),
  /** Ingestion API p99 latency, ms. */
  apiLatencyP99Ms: own(1_000, 'ten times the local p99 goal (100 ms, docs/benchmarks.md): a stream in trouble'),
  /** Flink: downtime, ms. */
  flinkDowntimeMs: sds(0, 'DOWNTIME_THRESHOLD'),
  /** Flink: failed checkpoints. */
  flinkFailedCheckpoints: sds(0, 'FAILED_CHECKPOINTS_THRESHOLD'),
  /** Flink: full restarts. */
  flinkFullRestarts: own(0, 'a restart replays from the last checkpoint: worth knowing each time'),
  /** Flink: millisBehindLatest of the bcns source, ms. */
  flinkMillisBehindMs: sds(60_000, 'PROCESSING_DELAY_THRESHOLD'),
  /** Any Lambda: errors in a minute. */
  lambdaErrors: own(0, 'SDS Lambda error-rate widget; ours: every error is a retry or a dead letter'),
  /** Messages in the reports writer's dead-letter queue. */
  dlqMessages: own(0, 'a dead-lettered batch is a report that was never written'),
  /** DynamoDB read or write throttle events in a minute. */
  dynamoThrottles: own(0, 'on-demand tables throttle only past their partition limits'),
  /** Firehose DeliveryToS3.DataFreshness, Maximum, s. */
  firehoseFreshnessS: sds(900, 'KDF_DATA_FRESHNESS_THRESHOLD'),
  /** Firehose DeliveryToS3.Success, Average: below 1 means some deliveries failed. */
  firehoseDeliverySuccess: own(1, 'SDS Delivery to S3 success widget; every failure is retried, then lands in errors/'),
  /** Firehose FailedConversion.Records in five minutes. */
  firehoseFailedConversions: own(0, 'a record Parquet conversion refused is only in errors/'),
  /** Compaction: CompactionFailures in an interval. */
  compactionFailures: own(0, 'a failed run changes nothing, but small files pile up'),
  /** Retraining: failed Step Functions executions. */
  retrainingFailures: own(0, 'a failed run keeps the old model serving'),
  /** SageMaker endpoint Invocation5XXErrors in five minutes. */
  endpointErrors: own(0, 'predictions answer 503 for these'),
  /** Freshness canary latency, ms: a 60 s window + 5 s lateness + 5 s out-of-orderness + delivery. */
  canaryLatencyMs: own(
    180_000,
    'twice the worst expected latency (window 60 s + lateness 5 s + watermark 5 s + writer)',
  ),
  /** Canary bids whose report row never appeared, in three minutes. */
  canaryMisses: own(0, 'a miss means a report stage is stuck'),
  /** Model age, s: the daily schedule missed twice. */
  modelAgeS: own(3 * 86_400, 'sdp:retrainSchedule is daily: three days old means two runs were missed or rejected'),
} as const satisfies Record<string, AlarmThreshold>;
