import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export interface LakeBucketProps {
  /** Days raw gzip NDJSON is kept under `raw/`; the Parquet copy is kept. @default 90 */
  readonly rawRetentionDays?: number;
  /** Days Firehose's failed records are kept under `errors/`. @default 30 */
  readonly errorRetentionDays?: number;
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
 * what keep data from being lost, and `raw/` can rebuild a partition within its retention.
 */
export class LakeBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: LakeBucketProps = {}) {
    super(scope, id);
    // S3 log delivery by bucket policy, not the legacy LogDeliveryWrite ACL that needs ACLs enabled.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const { rawRetentionDays = 90, errorRetentionDays = 30, accessLogRetentionDays = 90 } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    for (const [name, days] of Object.entries({ rawRetentionDays, errorRetentionDays, accessLogRetentionDays })) {
      if (!Number.isInteger(days) || days < 1) {
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
        { id: 'expire-raw', prefix: 'raw/', expiration: Duration.days(rawRetentionDays) },
        { id: 'expire-errors', prefix: 'errors/', expiration: Duration.days(errorRetentionDays) },
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
