import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { RUNS_PREFIX } from '../../lambda/ml/run-layout.ts';

/** Where training jobs write model artifacts in the pipeline bucket. */
export const MODELS_PREFIX = 'models/';

/**
 * The role SageMaker assumes for the pipeline's training and transform jobs and for the endpoint:
 * read a run's data, write model artifacts and transform outputs, read artifacts when serving, and
 * write its own logs and metrics. Built-in algorithm images are pulled with SageMaker's credentials,
 * so it needs no ECR access.
 */
export function sageMakerExecutionRole(scope: Construct, id: string, bucket: s3.IBucket): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    description: 'SageMaker jobs and endpoint of the retraining pipeline',
  });
  const statements = [
    new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(`${RUNS_PREFIX}*`), bucket.arnForObjects(`${MODELS_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: [bucket.arnForObjects(`${RUNS_PREFIX}*/scores/*`), bucket.arnForObjects(`${MODELS_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: '/aws/sagemaker/*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    }),
    new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
    }),
  ];
  for (const statement of statements) role.addToPolicy(statement);
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Object wildcards cover one run’s files (runs/<run>/…) and the models/ prefix; logs cover SageMaker’s own /aws/sagemaker/* groups; PutMetricData has no resource-level permissions and is limited to SageMaker’s namespaces by condition.',
        appliesTo: [
          {
            regex: `/^Resource::<[A-Za-z0-9]+\\.Arn>\\/(${RUNS_PREFIX}\\*|${RUNS_PREFIX}\\*\\/scores\\/\\*|${MODELS_PREFIX}\\*)$/g`,
          },
          {
            regex:
              '/^Resource::arn:<AWS::Partition>:logs:(<AWS::Region>|[\\w-]+):(<AWS::AccountId>|\\d+):log-group:\\/aws\\/sagemaker\\/\\*$/g',
          },
          'Resource::*',
        ],
      },
    ],
    true,
  );
  return role;
}
