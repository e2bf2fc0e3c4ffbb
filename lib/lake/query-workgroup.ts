import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { completeAutoDelete, deletedWithObjects } from '../constructs/deleted-with-objects.ts';

export interface QueryWorkGroupProps {
  /** The workgroup's name. */
  readonly name: string;
  /** Where the results bucket's server access logs go. */
  readonly accessLogs: s3.IBucket;
  /** A query scanning more than this is cancelled. @default 10 */
  readonly scanLimitGiB?: number;
  /** Days query results are kept. @default 30 */
  readonly resultsRetentionDays?: number;
  /**
   * What `cdk destroy` does with the results bucket. Results are scratch: by default the bucket is
   * deleted with its objects. @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

const GIB = 1024 ** 3;

/**
 * The Athena workgroup for lake SQL, with its own encrypted results bucket. The configuration is
 * enforced, so no client can send results elsewhere, unencrypted, or past the scan limit.
 */
export class QueryWorkGroup extends Construct {
  readonly workGroup: athena.CfnWorkGroup;
  readonly resultsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: QueryWorkGroupProps) {
    super(scope, id);
    const { scanLimitGiB = 10, resultsRetentionDays = 30 } = props;
    // Athena's floor for BytesScannedCutoffPerQuery is 10 MB.
    if (!(scanLimitGiB >= 0.01)) throw new Error(`scanLimitGiB must be at least 0.01. Received ${scanLimitGiB}`);
    if (!Number.isInteger(resultsRetentionDays) || resultsRetentionDays < 1) {
      throw new Error(`resultsRetentionDays must be a whole number of days >= 1. Received ${resultsRetentionDays}`);
    }

    this.resultsBucket = new s3.Bucket(this, 'Results', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'athena-results/',
      lifecycleRules: [
        { id: 'expire-results', expiration: Duration.days(resultsRetentionDays) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      ...deletedWithObjects(props.removalPolicy ?? RemovalPolicy.DESTROY),
    });

    completeAutoDelete(this.resultsBucket);

    this.workGroup = new athena.CfnWorkGroup(this, 'Resource', {
      name: props.name,
      description: 'SQL over the Streaming Data Platform lake (raw_* and parquet_* tables)',
      state: 'ENABLED',
      // Lets `cdk destroy` remove the workgroup with its saved queries and history.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: Math.round(scanLimitGiB * GIB),
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: this.resultsBucket.s3UrlForObject('results/'),
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}
