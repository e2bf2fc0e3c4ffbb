import { Duration } from 'aws-cdk-lib';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { StreamName } from '../../lambda/domain/streams.ts';
import { LAKE_ENV } from '../../lambda/lake/lake-config.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';
import { DUCKDB_ENVIRONMENT, duckDbFunction } from './duckdb-layer.ts';
import { grantLakeAccess } from './lake-access.ts';

export interface LakeWriterProps {
  readonly bucket: s3.IBucket;
  /** The streams written to the lake, by name. */
  readonly streams: Readonly<Record<StreamName, kinesis.IStream>>;
  /** Start of every file name it writes, like a Firehose's delivery stream name. */
  readonly filePrefix: string;
  /** The DuckDB layer (linux-x64) that converts JSON to Parquet. */
  readonly duckDb: lambda.ILayerVersion;
  /** Seconds Lambda gathers a shard's records before a batch, 0 to 300. @default 300 */
  readonly batchingWindowSeconds?: number;
}

/** The most records Lambda hands over in one Kinesis batch. */
const MAX_BATCH_SIZE = 10_000;

/**
 * Writes every stream to the lake without Firehose (`sdp:lakeWriter: "lambda"`): one function reads
 * each stream's shards in large batches and writes each batch's raw and Parquet files itself
 * (lambda/lake/write-stream-batch.ts). Firehose bills every record as at least 5 KB and the
 * platform's records are 100–400 bytes; a batch file is billed by what Lambda runs. Same layout,
 * tables and manifests; a failed batch is retried whole from its shard's checkpoint and overwrites
 * its own files, one batch per shard at a time so files stay contiguous runs of a shard.
 */
export class LakeWriter extends Construct {
  readonly function: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: LakeWriterProps) {
    super(scope, id);
    const { bucket, batchingWindowSeconds = 300 } = props;
    if (!Number.isInteger(batchingWindowSeconds) || batchingWindowSeconds < 0 || batchingWindowSeconds > 300) {
      throw new Error(`batchingWindowSeconds must be an integer from 0 to 300. Received ${batchingWindowSeconds}`);
    }
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function = new SdpFunction(this, 'Function', {
      entry: 'lambda/lake/write-lake.ts',
      description: 'Writes batches of the platform streams to the lake as raw and Parquet files',
      ...duckDbFunction(props.duckDb),
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        [LAKE_ENV.bucket]: bucket.bucketName,
        [LAKE_ENV.filePrefix]: props.filePrefix,
        ...DUCKDB_ENVIRONMENT,
      },
    }).function;
    // lifecycle/: pending erasures, whose rows it drops and whose transactions it adds to them.
    grantLakeAccess(this.function, bucket, {
      read: ['manifests/*', 'lifecycle/*'],
      write: ['raw/*', 'parquet/*', 'errors/*', 'manifests/*', 'lifecycle/erasures/*'],
    });
    for (const stream of Object.values(props.streams)) {
      this.function.addEventSource(
        new KinesisEventSource(stream, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: MAX_BATCH_SIZE,
          maxBatchingWindow: Duration.seconds(batchingWindowSeconds),
          // A file is a contiguous run of one shard from its first record: no bisection, no
          // parallel batches of a shard.
          parallelizationFactor: 1,
          bisectBatchOnError: false,
          // Retried until the records would leave the stream (24 hours at the least), then dead-lettered.
          maxRecordAge: Duration.days(1),
          onFailure: new SqsDlq(this.deadLetterQueue),
        }),
      );
    }
    NagSuppressions.addResourceSuppressions(this.deadLetterQueue, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the lake writer.' },
    ]);
  }
}
