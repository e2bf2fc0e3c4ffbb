import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { type LakeFormat, tableName } from '../../lambda/domain/lake/lake-tables.ts';
import type { Retention } from '../../lambda/domain/lifecycle/retention.ts';
import { STREAM_NAMES, type StreamName } from '../../lambda/domain/streams.ts';
import { FileRegistration } from './file-registration.ts';
import { LakeCompaction } from './lake-compaction.ts';
import type { LakeTables } from './lake-tables.ts';
import { LakeWriter } from './lake-writer.ts';
import { StreamDelivery } from './stream-delivery.ts';

export interface DataLakeStackProps extends StackProps {
  /** The lake bucket from the catalog stack. */
  readonly bucket: s3.IBucket;
  /** The Glue database and tables from the catalog stack; parquet_* are the Parquet schemas. */
  readonly tables: LakeTables;
  readonly bcns: kinesis.IStream;
  readonly impressions: kinesis.IStream;
  readonly clicks: kinesis.IStream;
  readonly aggregates: kinesis.IStream;
  readonly failedEvents: kinesis.IStream;
  /** Prefix of the Firehose names: `<prefix>-lake-<format>-<stream>`. @default 'sdp' */
  readonly prefix?: string;
  /**
   * What writes the streams to the lake: a raw and a Parquet Firehose per stream, or one Lambda
   * function reading them in batches (`sdp:lakeWriter`, see LakeWriter). Same layout either way.
   * @default 'firehose'
   */
  readonly writer?: LakeWriterKind;
  /** Seconds Firehose buffers before writing a file, 0 (deliver within seconds) to 900; the Lambda writer batches at most 300. @default 300 */
  readonly bufferSeconds?: number;
  /** MiB Firehose buffers before writing a file, 64 (Parquet conversion's minimum) to 128. @default 128 */
  readonly bufferMiB?: number;
  /** Minutes between compaction runs. @default 60 */
  readonly compactionMinutes?: number;
  /** Closed hours each compaction run looks back over. @default 48 */
  readonly compactionLookbackHours?: number;
  /** Minutes an hour stays open to late files before compaction. @default 15 */
  readonly compactionGraceMinutes?: number;
  /** Size of compacted files. @default 256 */
  readonly compactionTargetFileMiB?: number;
  /** Days each table keeps its partitions, enforced by the compaction runs (and the bucket's lifecycle rules). */
  readonly retention?: Retention;
}

/** The two Firehoses of one stream. */
export type StreamDeliveries = Readonly<Record<LakeFormat, StreamDelivery>>;

export const LAKE_WRITERS = ['firehose', 'lambda'] as const;
export type LakeWriterKind = (typeof LAKE_WRITERS)[number];

/**
 * Every stream into the lake under dt/hr partitions as raw gzip NDJSON and Parquet: by Firehose,
 * one per format, with the registration of delivered Parquet files in the partition manifests; or
 * by the Lambda lake writer, which registers its own files. Then scheduled compaction.
 */
export class DataLakeStack extends Stack {
  /** The Firehoses by stream; empty with the Lambda writer. */
  readonly deliveries: ReadonlyMap<StreamName, StreamDeliveries>;
  /** Registers Firehose's Parquet files; absent with the Lambda writer. */
  readonly registration?: FileRegistration;
  /** The Lambda lake writer, with `writer: 'lambda'`. */
  readonly writer?: LakeWriter;
  readonly compaction: LakeCompaction;

  constructor(scope: Construct, id: string, props: DataLakeStackProps) {
    super(scope, id, props);
    const { bucket, tables, prefix = 'sdp', bufferSeconds = 300, bufferMiB = 128 } = props;
    if (!Number.isInteger(bufferSeconds) || bufferSeconds < 0 || bufferSeconds > 900) {
      throw new Error(`bufferSeconds must be an integer from 0 to 900. Received ${bufferSeconds}`);
    }
    if (!Number.isInteger(bufferMiB) || bufferMiB < 64 || bufferMiB > 128) {
      throw new Error(
        `bufferMiB must be an integer from 64 to 128 (Parquet conversion needs 64). Received ${bufferMiB}`,
      );
    }
    const sources: Record<StreamName, kinesis.IStream> = {
      bcns: props.bcns,
      impressions: props.impressions,
      clicks: props.clicks,
      aggregates: props.aggregates,
      failed_events: props.failedEvents,
    };
    this.compaction = new LakeCompaction(this, 'Compaction', {
      bucket,
      intervalMinutes: props.compactionMinutes,
      lookbackHours: props.compactionLookbackHours,
      graceMinutes: props.compactionGraceMinutes,
      targetFileMiB: props.compactionTargetFileMiB,
      retention: props.retention,
    });
    if ((props.writer ?? 'firehose') === 'lambda') {
      this.deliveries = new Map();
      this.writer = new LakeWriter(this, 'Writer', {
        bucket,
        streams: sources,
        filePrefix: `${prefix}-lake`,
        duckDb: this.compaction.duckDb,
        batchingWindowSeconds: Math.min(bufferSeconds, 300),
      });
      return;
    }
    const common = (streamName: StreamName, format: LakeFormat) => ({
      deliveryStreamName: `${prefix}-lake-${format}-${streamName}`,
      streamName,
      source: sources[streamName],
      bucket,
      bufferSeconds,
      bufferMiB,
    });
    this.deliveries = new Map(
      STREAM_NAMES.map((streamName) => [
        streamName,
        {
          raw: new StreamDelivery(this, `${pascal(streamName)}RawDelivery`, {
            ...common(streamName, 'raw'),
            format: 'raw',
          }),
          parquet: new StreamDelivery(this, `${pascal(streamName)}ParquetDelivery`, {
            ...common(streamName, 'parquet'),
            format: 'parquet',
            databaseName: tables.databaseName,
            schemaTable: tables.table(tableName('parquet', streamName)),
          }),
        },
      ]),
    );
    this.registration = new FileRegistration(this, 'Registration', {
      bucket,
      keyPatterns: [...this.deliveries.values()].map((deliveries) => deliveries.parquet.keyPattern),
    });
  }
}

/** `failed_events` → `FailedEvents`: construct ids of a stream's resources. */
function pascal(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
