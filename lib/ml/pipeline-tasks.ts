import { Aws, Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { FEATURE_DIMENSION } from '../../lambda/domain/ml/features.ts';
import { MODELS_PREFIX } from './sagemaker-role.ts';

/*
 * Task states of the retraining pipeline. The `.sync` jobs are written as ASL because the CDK task
 * classes grant `…/*` when a job name is computed at run time; RetrainingPipeline grants them
 * instead, scoped to the run names.
 */

/** A Run-a-Job (`.sync`) integration, e.g. `sagemaker:createTrainingJob`. */
export function syncTask(scope: Construct, id: string, resource: string, state: Record<string, unknown>) {
  return new sfn.CustomState(scope, id, {
    stateJson: { Type: 'Task', Resource: `arn:${Aws.PARTITION}:states:::${resource}.sync`, ...state },
  });
}

/** A SageMaker API call allowed on `iamResources` only. */
export function sageMakerCall(
  scope: Construct,
  id: string,
  action: string,
  iamResources: string | readonly string[],
  props: Pick<tasks.CallAwsServiceProps, 'parameters' | 'resultSelector' | 'resultPath'>,
) {
  return new tasks.CallAwsService(scope, id, {
    service: 'sagemaker',
    action,
    iamAction: `sagemaker:${action.charAt(0).toUpperCase()}${action.slice(1)}`,
    iamResources: typeof iamResources === 'string' ? [iamResources] : [...iamResources],
    ...props,
  });
}

/** Overwrites `parameter` with `value` (a literal or a JSONPath). */
export function putParameter(scope: Construct, id: string, parameter: ssm.IStringParameter, value: string) {
  return new tasks.CallAwsService(scope, id, {
    service: 'ssm',
    action: 'putParameter',
    iamAction: 'ssm:PutParameter',
    iamResources: [parameter.parameterArn],
    parameters: { Name: parameter.parameterName, Value: value, Overwrite: true },
    resultPath: sfn.JsonPath.DISCARD,
  });
}

export interface LinearLearnerJob {
  readonly image: string;
  readonly role: iam.IRole;
  readonly bucket: s3.IBucket;
  readonly instanceType: string;
}

/**
 * Trains the built-in linear learner as a binary classifier on the run's `train` and `validation`
 * channels, named by `$.run.name`; answers the model artifact's S3 URI.
 */
export function trainingJob(scope: Construct, id: string, job: LinearLearnerJob) {
  return syncTask(scope, id, 'sagemaker:createTrainingJob', {
    Parameters: {
      'TrainingJobName.$': '$.run.name',
      AlgorithmSpecification: { TrainingImage: job.image, TrainingInputMode: 'File' },
      HyperParameters: {
        predictor_type: 'binary_classifier',
        feature_dim: String(FEATURE_DIMENSION),
        // Log loss is what the gate and the local trainer measure, so the learner selects on it too.
        loss: 'logistic',
        binary_classifier_model_selection_criteria: 'cross_entropy_loss',
        // features.ts already scales the price and one-hot features need no scaling, as in the local trainer.
        normalize_data: 'false',
        mini_batch_size: '1000',
        epochs: '15',
      },
      InputDataConfig: [channel('train', '$.dataset.trainUri'), channel('validation', '$.dataset.validationUri')],
      OutputDataConfig: { S3OutputPath: job.bucket.s3UrlForObject(MODELS_PREFIX) },
      ResourceConfig: { InstanceCount: 1, InstanceType: job.instanceType, VolumeSizeInGB: 30 },
      RoleArn: job.role.roleArn,
      StoppingCondition: { MaxRuntimeInSeconds: Duration.hours(2).toSeconds() },
      EnableNetworkIsolation: true,
    },
    ResultSelector: { 'modelArtifacts.$': '$.ModelArtifacts.S3ModelArtifacts' },
    ResultPath: '$.training',
  });
}

export interface HoldoutScoring {
  /** JSONPaths of the model to score with, the job's name and the output folder. */
  readonly modelNamePath: string;
  readonly jobNamePath: string;
  readonly outputPath: string;
  readonly instanceType: string;
  /** What the state answers: the branch output of the scoring Parallel state. */
  readonly result: Record<string, unknown>;
}

/** Scores the run's holdout features with a model by batch transform. */
export function holdoutTransformJob(scope: Construct, id: string, scoring: HoldoutScoring) {
  return syncTask(scope, id, 'sagemaker:createTransformJob', {
    Parameters: {
      'TransformJobName.$': scoring.jobNamePath,
      'ModelName.$': scoring.modelNamePath,
      BatchStrategy: 'MultiRecord',
      MaxPayloadInMB: 6,
      TransformInput: {
        ContentType: 'text/csv',
        SplitType: 'Line',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', 'S3Uri.$': '$.dataset.holdoutFeaturesUri' } },
      },
      // One JSON line per row, in row order: evaluate-candidate.ts pairs them with the labels.
      TransformOutput: {
        'S3OutputPath.$': scoring.outputPath,
        Accept: 'application/jsonlines',
        AssembleWith: 'Line',
      },
      TransformResources: { InstanceCount: 1, InstanceType: scoring.instanceType },
    },
    ResultSelector: scoring.result,
  });
}

/** A linear learner input channel: CSV with the label first, read whole from one S3 prefix. */
function channel(name: string, uriPath: string) {
  return {
    ChannelName: name,
    ContentType: 'text/csv',
    DataSource: {
      S3DataSource: { S3DataType: 'S3Prefix', 'S3Uri.$': uriPath, S3DataDistributionType: 'FullyReplicated' },
    },
  };
}
