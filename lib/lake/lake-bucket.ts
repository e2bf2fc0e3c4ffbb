import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { manifestPrefix } from '../../lambda/domain/lake/lake-layout.ts';
import { LAKE_FORMATS, tableName } from '../../lambda/domain/lake/lake-tables.ts';
import { ERRORS_KEY, parseRetention, type Retention } from '../../lambda/domain/lifecycle/retention.ts';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';

/**
 * Days a Parquet partition's files and manifest outlive its table's retention in the lifecycle
 * rules: the compaction runs remove a Parquet partition by its hour, manifest first, then its
 * files after the grace period (a rule deleting a listed file would fail queries); the rules only
 * catch what they missed, such as partitions of a deployment whose compaction stopped running.
 */
export const PARQUET_BACKSTOP_DAYS = 3;

export interface LakeBucketProps {
  /**
   * Days each table keeps its partitions, and the failed records under `errors/` (`sdp:retentionDays`).
   * @default raw tables 90 days, Parquet tables for ever, errors 30 days
   */
  readonly retention?: Retention;
  /** Days S3 server access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /**
   * What `cdk destroy` does with the buckets. Both are kept by default: the lake is the data, and the
   * access logs, the record of who read and wrote it, must outlive the bucket they describe.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The data-lake bucket (SPEC.md §7) and the bucket its server access logs go to.
 *
 * Encryption is S3-managed: every reader (Athena, SageMaker training, the lake Lambdas, Firehose)
 * then needs only S3 permissions, with no key policy to keep in step across stacks, and the
 * streams the data comes from use the AWS-managed key too. Versioning is off: manifests are
 * rewritten on every delivered file and small Parquet files are replaced by compaction, so
 * versions would pile up as cost; compaction's own row-count check and retirement records are
 * what keep data from being lost, and `raw/` can rebuild a partition within its retention. It is
 * also what lets an erasure work: a raw object rewritten without a user's rows keeps no older
 * version that still holds them.
 */
export class LakeBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: LakeBucketProps = {}) {
    super(scope, id);
    // S3 log delivery by bucket policy, not the legacy LogDeliveryWrite ACL that needs ACLs enabled.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const { accessLogRetentionDays = 90 } = props;
    const retention = props.retention ?? parseRetention(undefined, 'retention');
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    for (const [name, days] of Object.entries({ accessLogRetentionDays, ...retention })) {
      if (days !== null && (!Number.isInteger(days) || days < 1)) {
        throw new Error(`${name} must be a whole number of days >= 1. Received ${days}`);
      }
    }

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(accessLogRetentionDays) }],
      removalPolicy,
    });
    NagSuppressions.addResourceSuppressions(this.accessLogs, [
      { id: 'AwsSolutions-S1', reason: 'This bucket receives the server access logs; logging it would loop.' },
    ]);

    this.bucket = new s3.Bucket(this, 'Resource', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'lake/',
      lifecycleRules: [
        ...retentionRules(retention),
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy,
    });
    // Delivered Parquet files are registered from these events (see FileRegistration). Set on the
    // CloudFormation resource itself: `eventBridgeEnabled` would add a custom-resource Lambda.
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
  }
}

/**
 * Lifecycle rules for a retention: raw objects expire after their table's days (a raw table lists its
 * prefix, so an expired object simply leaves it); Parquet files and manifests a few days later, as a
 * backstop (see PARQUET_BACKSTOP_DAYS); error records after theirs.
 */
function retentionRules(retention: Retention): s3.LifecycleRule[] {
  const rules: s3.LifecycleRule[] = [];
  for (const format of LAKE_FORMATS) {
    for (const stream of STREAM_NAMES) {
      const table = tableName(format, stream);
      const days = retention[table];
      if (days === null || days === undefined) continue;
      if (format === 'raw') {
        rules.push({ id: `expire-${table}`, prefix: `raw/${stream}/`, expiration: Duration.days(days) });
      } else {
        const backstop = Duration.days(days + PARQUET_BACKSTOP_DAYS);
        rules.push({ id: `expire-${table}`, prefix: `parquet/${stream}/`, expiration: backstop });
        rules.push({ id: `expire-${table}-manifests`, prefix: manifestPrefix(stream), expiration: backstop });
      }
    }
  }
  const errors = retention[ERRORS_KEY];
  if (errors !== null && errors !== undefined) {
    rules.push({ id: 'expire-errors', prefix: 'errors/', expiration: Duration.days(errors) });
  }
  return rules;
}
