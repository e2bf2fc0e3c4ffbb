import { type CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';

/** The ids CDK gives the auto-delete custom resource of a bucket and its provider, one per stack. */
const CUSTOM_RESOURCE_ID = 'AutoDeleteObjectsCustomResource';
const PROVIDER_ID = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';
const LOG_GROUP_ID = 'S3AutoDeleteObjectsLogs';

/**
 * Bucket props for what `cdk destroy` does: DESTROY deletes the bucket with its objects, through
 * CDK's auto-delete custom resource (CloudFormation cannot delete a bucket that holds objects);
 * RETAIN keeps both. Pass the bucket to {@link completeAutoDelete} once it exists.
 */
export function deletedWithObjects(
  removalPolicy: RemovalPolicy,
): Pick<s3.BucketProps, 'removalPolicy' | 'autoDeleteObjects'> {
  return { removalPolicy, autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY };
}

/**
 * What CDK's auto-delete leaves to the app, for a bucket made with {@link deletedWithObjects}: the
 * reason for the wildcard actions its bucket policy grants the provider, and a log group of the
 * stack for the provider's function. CDK's provider names none, and the function runs while the
 * stack is deleted: the /aws/lambda/ group Lambda would create then would outlive the stack. Does
 * nothing for a retained bucket.
 */
export function completeAutoDelete(bucket: s3.Bucket): void {
  if (!bucket.node.tryFindChild(CUSTOM_RESOURCE_ID) || !bucket.policy) return;
  NagSuppressions.addResourceSuppressions(bucket.policy, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'CDK’s auto-delete grant to its provider role, on this bucket only: it reads the bucket’s tag and policy, lists the object versions and deletes them on cdk destroy.',
      appliesTo: ['Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*'],
    },
  ]);

  const stack = Stack.of(bucket);
  const provider = stack.node.findChild(PROVIDER_ID);
  if (stack.node.tryFindChild(LOG_GROUP_ID)) return;
  const logGroup = new logs.LogGroup(stack, LOG_GROUP_ID, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // The Ref also orders deletion: the function (and the custom resources calling it) go first.
  (provider.node.findChild('Handler') as CfnResource).addPropertyOverride('LoggingConfig', {
    LogGroup: logGroup.logGroupName,
  });
  NagSuppressions.addResourceSuppressions(provider, [
    {
      id: 'AwsSolutions-IAM4',
      reason:
        'CDK’s auto-delete provider role: AWSLambdaBasicExecutionRole only lets it write its logs; the bucket policy grants the deletes.',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    },
  ]);
}
