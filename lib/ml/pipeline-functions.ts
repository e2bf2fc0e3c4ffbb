import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { PIPELINE_ENV } from '../../lambda/ml/pipeline-config.ts';
import { RUNS_PREFIX } from '../../lambda/ml/run-layout.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';
import { type LakeQuerySource, objectWildcards } from './lake-query-access.ts';

export interface PipelineFunctionsProps {
  /** The pipeline bucket: run data under `runs/`. */
  readonly bucket: s3.IBucket;
  readonly lake: LakeQuerySource;
  readonly endpointName: string;
  /** Prefix of the pipeline's models and endpoint configs, the only ones the cleanup deletes. */
  readonly modelNamePrefix: string;
}

/** The retraining pipeline's Lambda steps, each allowed only what its step does. */
export class PipelineFunctions extends Construct {
  /** Athena result CSV → the run's linear learner channels and holdout (export-training-set.ts). */
  readonly exportTrainingSet: lambda.IFunction;
  /** Holdout scores of the candidate and the serving model → the gate's decision (evaluate-candidate.ts). */
  readonly evaluateCandidate: lambda.IFunction;
  /** Deletes retired models and endpoint configs (cleanup-models.ts). */
  readonly cleanupModels: lambda.IFunction;

  constructor(scope: Construct, id: string, props: PipelineFunctionsProps) {
    super(scope, id);
    const { bucket, lake, endpointName, modelNamePrefix } = props;
    const runObjects = bucket.arnForObjects(`${RUNS_PREFIX}*`);

    this.exportTrainingSet = new SdpFunction(this, 'ExportTrainingSet', {
      entry: 'lambda/ml/export-training-set.ts',
      description: 'Encodes the training-set query result into the linear learner’s CSV channels',
      environment: { [PIPELINE_ENV.bucket]: bucket.bucketName },
      // CPU scales with memory, and encoding dense rows is CPU-bound.
      memorySize: 2048,
      timeout: Duration.minutes(15),
    }).function;
    this.exportTrainingSet.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [lake.athenaResultsBucket.arnForObjects(`${lake.athenaResultsPrefix}*`)],
      }),
    );
    this.exportTrainingSet.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [runObjects] }),
    );

    this.evaluateCandidate = new SdpFunction(this, 'EvaluateCandidate', {
      entry: 'lambda/ml/evaluate-candidate.ts',
      description: 'Scores the candidate and the serving model on the holdout and applies the quality gate',
      memorySize: 1024,
      timeout: Duration.minutes(5),
    }).function;
    this.evaluateCandidate.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [runObjects] }),
    );

    this.cleanupModels = new SdpFunction(this, 'CleanupModels', {
      entry: 'lambda/ml/cleanup-models.ts',
      description: 'Deletes the pipeline’s models and endpoint configs but the serving and the previous one',
      environment: { [PIPELINE_ENV.endpointName]: endpointName, [PIPELINE_ENV.modelNamePrefix]: modelNamePrefix },
      timeout: Duration.minutes(2),
    }).function;
    const stack = Stack.of(this);
    const sageMakerArn = (resource: string, name: string) =>
      stack.formatArn({ service: 'sagemaker', resource, resourceName: name });
    for (const statement of [
      // The List actions support no resource-level permissions; the handler keeps to its name prefix.
      new iam.PolicyStatement({ actions: ['sagemaker:ListModels', 'sagemaker:ListEndpointConfigs'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['sagemaker:DescribeEndpoint'],
        resources: [sageMakerArn('endpoint', endpointName)],
      }),
      new iam.PolicyStatement({
        actions: ['sagemaker:DescribeEndpointConfig', 'sagemaker:DeleteEndpointConfig'],
        resources: [sageMakerArn('endpoint-config', `${modelNamePrefix}*`)],
      }),
      new iam.PolicyStatement({
        actions: ['sagemaker:DeleteModel'],
        resources: [sageMakerArn('model', `${modelNamePrefix}*`)],
      }),
    ]) {
      this.cleanupModels.addToRolePolicy(statement);
    }

    const objectFindings = (fn: lambda.IFunction, prefixes: string[]) =>
      NagSuppressions.addResourceSuppressions(
        fn,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason: 'Each run has its own folder under runs/, and Athena names result files by query id.',
            appliesTo: [{ regex: objectWildcards(prefixes) }],
          },
        ],
        true,
      );
    objectFindings(this.exportTrainingSet, [RUNS_PREFIX, lake.athenaResultsPrefix]);
    objectFindings(this.evaluateCandidate, [RUNS_PREFIX]);
    NagSuppressions.addResourceSuppressions(
      this.cleanupModels,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: `ListModels and ListEndpointConfigs support no resource-level permissions; deletes are limited to the pipeline's ${modelNamePrefix}* names.`,
          appliesTo: [
            'Resource::*',
            {
              regex: `/^Resource::arn:<AWS::Partition>:sagemaker:(<AWS::Region>|[\\w-]+):(<AWS::AccountId>|\\d+):(model|endpoint-config)\\/${modelNamePrefix}\\*$/g`,
            },
          ],
        },
      ],
      true,
    );
  }
}
