import { Duration, Size } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Retention } from '../../lambda/domain/lifecycle/retention.ts';
import { LAKE_ENV } from '../../lambda/lake/lake-config.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';
import { DUCKDB_ENVIRONMENT, DuckDbLayer, duckDbFunction } from './duckdb-layer.ts';
import { grantLakeAccess, LAKE_MAINTENANCE } from './lake-access.ts';

export interface LakeCompactionProps {
  readonly bucket: s3.IBucket;
  /** Minutes between compaction runs. @default 60 */
  readonly intervalMinutes?: number;
  /** How many closed hours back each run looks for partitions to compact. @default 48 */
  readonly lookbackHours?: number;
  /** Minutes an hour must have been closed before it is compacted, for late Firehose files. @default 15 */
  readonly graceMinutes?: number;
  /** Size of the files compaction writes. @default 256 */
  readonly targetFileMiB?: number;
  /** Days each table keeps its partitions; each run removes older ones. @default none removed by the runs */
  readonly retention?: Retention;
}

/**
 * Scheduled compaction of the lake: merges each closed hour's small Parquet files into a few
 * large ones with DuckDB (from a layer) and swaps the partition manifest. Each run also removes
 * the partitions past their retention and sweeps pending erasures (see `compactLake`), so it may
 * rewrite and delete raw and error objects too. One run at a time: each run takes a lease under
 * `compaction/` and an overlapping invocation finds it held and stops (no reserved concurrency,
 * which a new account's concurrency quota cannot spare).
 */
export class LakeCompaction extends Construct {
  readonly function: lambda.Function;
  /** The layer DuckDB's packages and binary come from. */
  readonly duckDb: lambda.LayerVersion;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: LakeCompactionProps) {
    super(scope, id);
    const { bucket, intervalMinutes = 60, lookbackHours = 48, graceMinutes = 15, targetFileMiB = 256 } = props;
    for (const [name, value] of Object.entries({ intervalMinutes, lookbackHours, graceMinutes, targetFileMiB })) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be an integer >= 1. Received ${value}`);
    }
    this.duckDb = new DuckDbLayer(this, 'DuckDb').layer;
    this.function = new SdpFunction(this, 'Function', {
      entry: 'lambda/lake/compact-lake.ts',
      description: 'Compacts closed lake partitions into large Parquet files',
      ...duckDbFunction(this.duckDb),
      memorySize: 3008,
      ephemeralStorageSize: Size.gibibytes(10),
      timeout: Duration.minutes(15),
      environment: {
        [LAKE_ENV.bucket]: bucket.bucketName,
        [LAKE_ENV.lookbackHours]: String(lookbackHours),
        [LAKE_ENV.graceMinutes]: String(graceMinutes),
        [LAKE_ENV.targetFileMiB]: String(targetFileMiB),
        ...(props.retention ? { [LAKE_ENV.retentionDays]: JSON.stringify(props.retention) } : {}),
        ...DUCKDB_ENVIRONMENT,
      },
    }).function;
    grantLakeAccess(this.function, bucket, {
      read: [...LAKE_MAINTENANCE.read],
      write: [...LAKE_MAINTENANCE.write],
      delete: [...LAKE_MAINTENANCE.delete, 'parquet/*', 'raw/*', 'errors/*', 'manifests/*'],
    });

    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Runs lake compaction',
      schedule: events.Schedule.rate(Duration.minutes(intervalMinutes)),
      // A missed run is not retried: the next one covers the same closed hours.
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
  }
}
