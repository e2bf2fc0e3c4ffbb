import { Stack } from 'aws-cdk-lib';
import type * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  dataPrefix,
  firehoseErrorPrefix,
  firehosePrefix,
  PARQUET_SUFFIX,
  RAW_SUFFIX,
} from '../../lambda/domain/lake/lake-layout.ts';
import type { StreamName } from '../../lambda/domain/streams.ts';
import { DeliveryLogs } from './delivery-logs.ts';
import { createDeliveryRole } from './delivery-role.ts';

/** Gzip NDJSON, one stream record a line. */
export interface RawFormat {
  readonly format: 'raw';
}

/** Snappy Parquet with the columns of a Glue table. */
export interface ParquetFormat {
  readonly format: 'parquet';
  /** The Glue database of the schema table. */
  readonly databaseName: string;
  /** The parquet_<stream> table: its columns are the Parquet schema. */
  readonly schemaTable: glue.CfnTable;
}

export interface StreamDeliveryBaseProps {
  /** Also the start of every file name the Firehose writes, which tells its files from compacted ones. */
  readonly deliveryStreamName: string;
  readonly streamName: StreamName;
  /** The Kinesis stream delivered. */
  readonly source: kinesis.IStream;
  /** The lake bucket. */
  readonly bucket: s3.IBucket;
  /** Seconds Firehose buffers before writing a file. */
  readonly bufferSeconds: number;
  /** MiB Firehose buffers before writing a file; Parquet conversion needs at least 64. */
  readonly bufferMiB: number;
}

export type StreamDeliveryProps = StreamDeliveryBaseProps & (RawFormat | ParquetFormat);

const SUFFIXES = { raw: RAW_SUFFIX, parquet: PARQUET_SUFFIX } as const;

/**
 * One Firehose from a Kinesis stream to one format of the lake, under `<format>/<stream>/dt=…/hr=…/`,
 * with failed records under `errors/<format>/<stream>/`. Each format has its own Firehose because
 * an S3 backup copies source records byte for byte: no processor, compression choice or file
 * extension applies to it, so it could not write newline-delimited `.json.gz` files.
 *
 * Firehose offers no server-side encryption with a Kinesis source: records stay encrypted in the
 * stream (KMS) and in the bucket, and move between them over TLS.
 */
export class StreamDelivery extends Construct {
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly role: iam.Role;
  readonly logs: DeliveryLogs;
  /** EventBridge wildcard for the keys of the files this Firehose writes, and no others. */
  readonly keyPattern: string;

  constructor(scope: Construct, id: string, props: StreamDeliveryProps) {
    super(scope, id);
    const { format, streamName, bucket } = props;
    const suffix = SUFFIXES[format];
    this.keyPattern = `${dataPrefix(format, streamName)}*/${props.deliveryStreamName}-*${suffix}`;

    this.logs = new DeliveryLogs(this, 'Logs');
    this.role = createDeliveryRole(this, 'Role', {
      deliveryStreamName: props.deliveryStreamName,
      source: props.source,
      bucket,
      // The error prefix up to its first expression: errors/<format>/<stream>/
      keyPrefixes: [dataPrefix(format, streamName), firehoseErrorPrefix(format, streamName).split('!{')[0]],
      logStreamArn: this.logs.logStreamArn,
    });

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Resource', {
      deliveryStreamName: props.deliveryStreamName,
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: props.source.streamArn, roleArn: this.role.roleArn },
      extendedS3DestinationConfiguration: {
        bucketArn: bucket.bucketArn,
        roleArn: this.role.roleArn,
        prefix: firehosePrefix(format, streamName),
        errorOutputPrefix: firehoseErrorPrefix(format, streamName),
        fileExtension: suffix,
        bufferingHints: { intervalInSeconds: props.bufferSeconds, sizeInMBs: props.bufferMiB },
        cloudWatchLoggingOptions: this.logs.loggingOptions,
        ...(props.format === 'raw' ? rawOutput() : this.parquetOutput(props)),
      },
    });
    // Firehose checks its role when the delivery stream is created, so the policy must exist first
    // (the role itself is a dependency already, through its ARN).
    this.deliveryStream.node.addDependency(this.role.node.findChild('DefaultPolicy'));

    NagSuppressions.addResourceSuppressions(this.deliveryStream, [
      {
        id: 'AwsSolutions-KDF1',
        reason:
          'Firehose has no server-side encryption with a Kinesis stream source; records are KMS-encrypted in the stream and S3-encrypted in the bucket.',
      },
    ]);
  }

  /** Conversion with the schema table's columns, which the role may then read. */
  private parquetOutput(
    props: ParquetFormat,
  ): Partial<firehose.CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty> {
    const stack = Stack.of(this);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.databaseName }),
          stack.formatArn({
            service: 'glue',
            resource: 'table',
            resourceName: `${props.databaseName}/${props.schemaTable.ref}`,
          }),
        ],
      }),
    );
    return {
      // Parquet's own Snappy compression applies; Firehose must not compress the file again.
      compressionFormat: 'UNCOMPRESSED',
      dataFormatConversionConfiguration: {
        enabled: true,
        inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
        outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
        schemaConfiguration: {
          catalogId: stack.account,
          databaseName: props.databaseName,
          tableName: props.schemaTable.ref,
          region: stack.region,
          roleArn: this.role.roleArn,
          versionId: 'LATEST',
        },
      },
    };
  }
}

/**
 * Stream records are single-line JSON without a trailing newline, and Firehose concatenates
 * records as they are: the built-in AppendDelimiterToRecord processor (no Lambda, no parameter:
 * the delimiter defaults to a newline) ends each one with `\n`, so the files are NDJSON the
 * raw_* tables' JSON SerDe can split. It is the API form of the console's "New line delimiter"
 * destination setting and, unlike MetadataExtraction, does not need dynamic partitioning.
 */
function rawOutput(): Partial<firehose.CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty> {
  return {
    compressionFormat: 'GZIP',
    processingConfiguration: { enabled: true, processors: [{ type: 'AppendDelimiterToRecord' }] },
  };
}
