import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

export interface DeliveryRoleProps {
  readonly deliveryStreamName: string;
  /** The Kinesis stream the Firehose reads. */
  readonly source: kinesis.IStream;
  readonly bucket: s3.IBucket;
  /** The key prefixes the Firehose writes under, each ending in `/`. */
  readonly keyPrefixes: readonly string[];
  /** The log stream the Firehose reports errors to. */
  readonly logStreamArn: string;
}

/**
 * The role of one Firehose: assumable only by Firehose on behalf of this account, allowed to read
 * its stream, write objects under its own key prefixes and log to its own log stream.
 */
export function createDeliveryRole(scope: Construct, id: string, props: DeliveryRoleProps): iam.Role {
  const { bucket, keyPrefixes } = props;
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
      conditions: { StringEquals: { 'sts:ExternalId': Aws.ACCOUNT_ID } },
    }),
    description: `Firehose ${props.deliveryStreamName}: reads its stream, writes ${keyPrefixes.join(' and ')}`,
  });
  props.source.grantRead(role);
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      resources: keyPrefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [bucket.bucketArn],
    }),
  );
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [props.logStreamArn] }));

  const escaped = keyPrefixes.map((prefix) => prefix.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'));
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason: `Object wildcards are confined to this Firehose's prefixes: ${keyPrefixes.join(', ')}.`,
        appliesTo: [{ regex: `/^Resource::.*\\/(${escaped.join('|')})\\*$/g` }],
      },
    ],
    true,
  );
  return role;
}
