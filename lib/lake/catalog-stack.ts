import { CfnOutput, type RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as athena from 'aws-cdk-lib/aws-athena';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { Retention } from '../../lambda/domain/lifecycle/retention.ts';
import { LakeBucket } from './lake-bucket.ts';
import { LakeTables } from './lake-tables.ts';
import { QueryWorkGroup } from './query-workgroup.ts';

export interface CatalogStackProps extends StackProps {
  /** Prefix of physical names: database `<prefix>_lake` (`-` becomes `_`), workgroup `<prefix>-lake`. @default 'sdp' */
  readonly prefix?: string;
  /** Days each table keeps its partitions (see LakeBucket). @default raw 90 days, Parquet for ever, errors 30 */
  readonly retention?: Retention;
  /** An Athena query scanning more than this is cancelled. @default 10 */
  readonly scanLimitGiB?: number;
  /** First day partition projection offers, YYYY-MM-DD. @default '2024-01-01' */
  readonly projectionStartDate?: string;
  /**
   * What `cdk destroy` does with the lake bucket and its access-log bucket (the Athena results
   * bucket, scratch, is deleted with its objects). @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Where the lake is and how to query it: the lake bucket, the Glue database with the raw_* and
 * parquet_* tables over it, and the Athena workgroup. The bucket lives here rather than in the
 * data-lake stack because the tables' locations name it and the Firehoses name the tables.
 */
export class CatalogStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly tables: LakeTables;
  readonly workGroup: athena.CfnWorkGroup;
  readonly resultsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: CatalogStackProps = {}) {
    super(scope, id, props);
    const prefix = props.prefix ?? 'sdp';
    const lake = new LakeBucket(this, 'Lake', {
      retention: props.retention,
      removalPolicy: props.removalPolicy,
    });
    this.bucket = lake.bucket;
    this.tables = new LakeTables(this, 'Tables', {
      databaseName: `${prefix.replaceAll('-', '_')}_lake`,
      bucket: this.bucket,
      projectionStartDate: props.projectionStartDate,
    });
    const query = new QueryWorkGroup(this, 'Query', {
      name: `${prefix}-lake`,
      accessLogs: lake.accessLogs,
      scanLimitGiB: props.scanLimitGiB,
    });
    this.workGroup = query.workGroup;
    this.resultsBucket = query.resultsBucket;

    new CfnOutput(this, 'LakeBucketName', { value: this.bucket.bucketName, description: 'The data-lake bucket' });
    new CfnOutput(this, 'GlueDatabaseName', {
      value: this.tables.databaseName,
      description: 'Glue database of the raw_* and parquet_* tables',
    });
    new CfnOutput(this, 'AthenaWorkGroupName', {
      value: this.workGroup.ref,
      description: 'Athena workgroup to query the lake with',
    });
  }
}
