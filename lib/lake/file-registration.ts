import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { LAKE_ENV } from '../../lambda/lake/lake-config.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';
import { grantLakeAccess } from './lake-access.ts';

export interface FileRegistrationProps {
  /** The lake bucket; it must send its events to EventBridge. */
  readonly bucket: s3.IBucket;
  /**
   * EventBridge wildcards matching the keys of the Parquet files Firehose delivers. Compacted files
   * must not match: compaction puts them in the manifest itself, and registering one before its
   * manifest swap would list its rows twice.
   */
  readonly keyPatterns: readonly string[];
}

/**
 * Appends every Parquet file Firehose delivers to its partition's symlink manifest, so parquet_*
 * tables see it. S3 "Object Created" events reach the function through EventBridge; events that
 * cannot be delivered, and invocations that still fail after Lambda's retries, land in a queue.
 */
export class FileRegistration extends Construct {
  readonly function: lambda.IFunction;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FileRegistrationProps) {
    super(scope, id);
    const { bucket, keyPatterns } = props;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const fn = new SdpFunction(this, 'Function', {
      entry: 'lambda/lake/register-files.ts',
      description: 'Adds delivered Parquet files to their partition manifests',
      environment: { [LAKE_ENV.bucket]: bucket.bucketName },
    }).function;
    grantLakeAccess(fn, bucket, { read: ['parquet/*', 'manifests/*'], write: ['manifests/*'] });
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });
    this.function = fn;

    this.rule = new events.Rule(this, 'ParquetDelivered', {
      description: 'Parquet files Firehose delivered to the lake bucket',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          object: { key: keyPatterns.map((pattern) => ({ wildcard: pattern })) },
        },
      },
      targets: [
        new targets.LambdaFunction(fn, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
    NagSuppressions.addResourceSuppressions(this.deadLetterQueue, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of file registration.' },
    ]);
  }
}
