import { type CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';

/** The id CDK gives the per-stack provider behind `autoDeleteObjects` (aws-s3 BucketAutoDeleteObjects). */
const PROVIDER_ID = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';
const LOG_GROUP_ID = 'S3AutoDeleteObjectsLogs';

/**
 * Bucket props for what `cdk destroy` does: DESTROY deletes the bucket with its objects, through
 * CDK's auto-delete custom resource (CloudFormation cannot delete a bucket that holds objects);
 * RETAIN keeps both. Pass the bucket to {@link logAutoDeletesInStack} once it exists.
 */
export function deletedWithObjects(
  removalPolicy: RemovalPolicy,
): Pick<s3.BucketProps, 'removalPolicy' | 'autoDeleteObjects'> {
  return { removalPolicy, autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY };
}

/**
 * Gives the stack's auto-delete function a log group of the stack, deleted after it. CDK's provider
 * names none, and the function runs while the stack is deleted: the /aws/lambda/ group Lambda would
 * create then would outlive the stack. Does nothing when the bucket is retained.
 */
export function logAutoDeletesInStack(bucket: s3.Bucket): void {
  const stack = Stack.of(bucket);
  const provider = stack.node.tryFindChild(PROVIDER_ID);
  if (!provider || stack.node.tryFindChild(LOG_GROUP_ID)) return;
  const logGroup = new logs.LogGroup(stack, LOG_GROUP_ID, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const handler = provider.node.findChild('Handler') as CfnResource;
  handler.addPropertyOverride('LoggingConfig', { LogGroup: logGroup.logGroupName });
  NagSuppressions.addResourceSuppressions(provider, [
    {
      id: 'AwsSolutions-IAM4',
      reason:
        'CDK’s auto-delete provider role: AWSLambdaBasicExecutionRole only lets it write its logs; the bucket policy grants the deletes.',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    },
  ]);
}
