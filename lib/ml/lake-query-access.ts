import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct, IConstruct } from 'constructs';
import { dataPrefix, manifestPrefix } from '../../lambda/domain/lake/lake-layout.ts';
import { tableName } from '../../lambda/domain/lake/lake-tables.ts';

/** The lake as SQL sees it: the catalog stack's bucket, Glue database and Athena workgroup. */
export interface LakeQuerySource {
  readonly lakeBucket: s3.IBucket;
  readonly glueDatabaseName: string;
  readonly athenaWorkGroupName: string;
  /** Where the workgroup's enforced configuration writes query results. */
  readonly athenaResultsBucket: s3.IBucket;
  /** The results prefix in that bucket, e.g. `results/`. */
  readonly athenaResultsPrefix: string;
}

/** The retraining queries read only `parquet_bcns` (see training-set.ts and new-labelled-bids.ts). */
const TABLE = tableName('parquet', 'bcns');

/**
 * Lets `grantee` run the retraining queries on the workgroup: Athena on the one workgroup, Glue
 * metadata of the one table (partition projection: no partitions to read), the table's manifests
 * and Parquet files, and the workgroup's results prefix, which Athena writes with the caller's rights.
 */
export function grantLakeQueries(
  scope: Construct,
  grantee: iam.IGrantable & IConstruct,
  lake: LakeQuerySource,
  options: { readonly readResultsViaApi: boolean },
): void {
  const stack = Stack.of(scope);
  const statements = [
    new iam.PolicyStatement({
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:StopQueryExecution',
        ...(options.readResultsViaApi ? ['athena:GetQueryResults'] : []),
      ],
      resources: [
        stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: lake.athenaWorkGroupName }),
      ],
    }),
    new iam.PolicyStatement({
      actions: ['glue:GetDatabase', 'glue:GetTable'],
      resources: [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        stack.formatArn({ service: 'glue', resource: 'database', resourceName: lake.glueDatabaseName }),
        stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${lake.glueDatabaseName}/${TABLE}` }),
      ],
    }),
    new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [
        lake.lakeBucket.arnForObjects(`${manifestPrefix('bcns')}*`),
        lake.lakeBucket.arnForObjects(`${dataPrefix('parquet', 'bcns')}*`),
      ],
    }),
    new iam.PolicyStatement({
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resources: [lake.lakeBucket.bucketArn, lake.athenaResultsBucket.bucketArn],
    }),
    new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [lake.athenaResultsBucket.arnForObjects(`${lake.athenaResultsPrefix}*`)],
    }),
  ];
  for (const statement of statements) grantee.grantPrincipal.addToPrincipalPolicy(statement);
  NagSuppressions.addResourceSuppressions(
    grantee,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Athena reads the table through its manifests and Parquet files and names result files by query id, so objects are granted by prefix.',
        appliesTo: [
          { regex: objectWildcards([manifestPrefix('bcns'), dataPrefix('parquet', 'bcns'), lake.athenaResultsPrefix]) },
        ],
      },
    ],
    true,
  );
}

/** A cdk-nag `appliesTo` regex for `<bucket ARN>/<prefix>*` findings of the given prefixes, in any bucket. */
export function objectWildcards(prefixes: readonly string[]): string {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return `/^Resource::.+\\/(${prefixes.map((prefix) => literal(`${prefix}*`)).join('|')})$/g`;
}
