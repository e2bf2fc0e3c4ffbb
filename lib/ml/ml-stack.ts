import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { AWS_DEFAULTS } from '../../lambda/domain/aggregation/aggregation-config.ts';
import { RUNS_PREFIX } from '../../lambda/ml/run-layout.ts';
import { endpointName, modelNamePrefix } from '../../lambda/ml/run-names.ts';
import { PREDICTIONS_ENV } from '../../lambda/predictions/sagemaker-scorer.ts';
import { completeAutoDelete, deletedWithObjects } from '../constructs/deleted-with-objects.ts';
import type { ApiAuth } from '../constructs/platform-rest-api.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';
import { PipelineTeardown } from './pipeline-teardown.ts';
import { PredictionsApi } from './predictions-api.ts';
import { type EndpointHosting, RetrainingPipeline, type SageMakerInstanceTypes } from './retraining-pipeline.ts';
import { RetrainingTriggers } from './retraining-triggers.ts';

export interface MlStackProps extends StackProps {
  /** Prefix of physical names (SSM parameters, SageMaker resources, the endpoint). @default 'sdp' */
  readonly prefix?: string;
  /** The lake bucket of the catalog stack. */
  readonly lakeBucket: s3.IBucket;
  /** The Glue database holding `parquet_bcns`. */
  readonly glueDatabaseName: string;
  /** The Athena workgroup the pipeline queries on. */
  readonly athenaWorkGroupName: string;
  /** The bucket the workgroup's enforced result configuration writes to. */
  readonly athenaResultsBucket: s3.IBucket;
  /** The workgroup's results prefix in that bucket. @default 'results/' */
  readonly athenaResultsPrefix?: string;
  /** A bid is labelled by an impression at most this far from it. @default 300_000 (the aggregation default) */
  readonly attributionWindowMs?: number;
  /** UTC days of bids each run trains on, its own day included (`sdp:trainingDays`). @default 7 */
  readonly trainingDays?: number;
  /** EventBridge schedule expression of the regular run (`sdp:retrainSchedule`). @default 'rate(1 day)' */
  readonly retrainSchedule?: string;
  /** New labelled bids that start a run between schedules (`sdp:retrainMinNewBids`). @default 100_000 */
  readonly retrainMinNewBids?: number;
  /** How callers of the predictions API authenticate. @default 'iam' */
  readonly apiAuth?: ApiAuth;
  readonly instanceTypes?: SageMakerInstanceTypes;
  /** How the predictions endpoint is hosted (`sdp:predictionsEndpoint`). @default { kind: 'instance' } */
  readonly endpoint?: EndpointHosting;
  /** An address told by email about failed runs. @default no subscription */
  readonly notificationEmail?: string;
  /**
   * What `cdk destroy` does with the pipeline bucket: each run's working data, and model artifacts
   * only the endpoint loads, which the teardown removes. By default it is deleted with its objects.
   * @default RemovalPolicy.DESTROY
   */
  readonly bucketRemovalPolicy?: RemovalPolicy;
}

/**
 * Machine learning (SPEC.md §8): the retraining pipeline with its triggers, the endpoint it deploys
 * (named up front, created by the first run whose model passes the gate), and `POST /` predictions.
 */
export class MlStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly pipeline: RetrainingPipeline;
  readonly triggers: RetrainingTriggers;
  /** Removes the endpoint, configs and models the pipeline deployed when the stack is deleted. */
  readonly teardown: PipelineTeardown;
  readonly predictFunction: lambda.IFunction;
  readonly predictionsApi: PredictionsApi;
  readonly notifications: sns.Topic;
  readonly endpointName: string;
  /** The serving model's record (name, metrics, evaluatedAt), written by the pipeline. */
  readonly currentModelParameter: ssm.IStringParameter;

  constructor(scope: Construct, id: string, props: MlStackProps) {
    super(scope, id, props);
    const prefix = props.prefix ?? 'sdp';
    if (!/^[a-z][a-z0-9-]{0,19}$/.test(prefix)) {
      throw new Error(
        `prefix must be 1-20 lowercase letters, digits or '-', starting with a letter. Received "${prefix}"`,
      );
    }
    const attributionWindowMs = props.attributionWindowMs ?? AWS_DEFAULTS.attribution_window_seconds * 1000;
    const lake = {
      lakeBucket: props.lakeBucket,
      glueDatabaseName: props.glueDatabaseName,
      athenaWorkGroupName: props.athenaWorkGroupName,
      athenaResultsBucket: props.athenaResultsBucket,
      athenaResultsPrefix: props.athenaResultsPrefix ?? 'results/',
    };
    this.endpointName = endpointName(prefix);

    this.bucket = new s3.Bucket(this, 'PipelineBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // A run's data is only needed to investigate it; models/ holds what endpoints load, so it stays.
      lifecycleRules: [
        { id: 'expire-runs', prefix: RUNS_PREFIX, expiration: Duration.days(30) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      ...deletedWithObjects(props.bucketRemovalPolicy ?? RemovalPolicy.DESTROY),
    });
    completeAutoDelete(this.bucket);
    const lastRunParameter = new ssm.StringParameter(this, 'LastRunStart', {
      parameterName: `/${prefix}/ml/last-run-start`,
      description: 'Start time of the last retraining run; the new-data trigger counts bids labelled since',
      stringValue: new Date(0).toISOString(),
    });
    const currentModelParameter = new ssm.StringParameter(this, 'CurrentModel', {
      parameterName: `/${prefix}/ml/current-model`,
      description: 'The model the endpoint serves and its holdout metrics, written by the retraining pipeline',
      stringValue: '{}',
    });
    this.currentModelParameter = currentModelParameter;
    this.notifications = new sns.Topic(this, 'Notifications', {
      displayName: 'Streaming Data Platform retraining',
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    if (props.notificationEmail) {
      this.notifications.addSubscription(new subscriptions.EmailSubscription(props.notificationEmail));
    }

    this.pipeline = new RetrainingPipeline(this, 'Retraining', {
      prefix,
      bucket: this.bucket,
      lake,
      attributionWindowMs,
      trainingLookbackDays: props.trainingDays,
      endpointName: this.endpointName,
      lastRunParameter,
      currentModelParameter,
      notifications: this.notifications,
      instanceTypes: props.instanceTypes,
      endpoint: props.endpoint,
    });
    // Deleted after the state machine (which depends on it), so no run deploys once it has run.
    const teardown = new PipelineTeardown(this, 'Teardown', {
      endpointName: this.endpointName,
      namePrefix: modelNamePrefix(prefix),
    });
    this.pipeline.stateMachine.node.addDependency(teardown);
    this.teardown = teardown;
    this.triggers = new RetrainingTriggers(this, 'Triggers', {
      stateMachine: this.pipeline.stateMachine,
      lastRunParameter,
      lake,
      attributionWindowMs,
      schedule: props.retrainSchedule,
      minNewBids: props.retrainMinNewBids,
    });

    this.predictFunction = new SdpFunction(this, 'Predict', {
      entry: 'lambda/predictions/predict.ts',
      description: 'POST predictions: P(win) from the SageMaker endpoint',
      environment: { [PREDICTIONS_ENV.endpointName]: this.endpointName },
    }).function;
    this.predictFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['sagemaker:InvokeEndpoint'],
        resources: [this.formatArn({ service: 'sagemaker', resource: 'endpoint', resourceName: this.endpointName })],
      }),
    );
    this.predictionsApi = new PredictionsApi(this, 'Api', {
      handler: this.predictFunction,
      auth: props.apiAuth ?? 'iam',
    });

    new CfnOutput(this, 'UrlForPredictions', {
      value: this.predictionsApi.url,
      description:
        'Predictions API URL: POST <url> with {"campaignItemId","domain","creativeId","creativeCategory","winPrice"}',
    });
    new CfnOutput(this, 'RetrainingStarter', {
      value: this.triggers.starter.functionName,
      description:
        'Start a run now: aws lambda invoke --function-name <this> --payload \'{"trigger":"manual"}\' out.json',
    });
    new CfnOutput(this, 'RetrainingStateMachine', {
      value: this.pipeline.stateMachine.stateMachineArn,
      description: 'The retraining pipeline: its executions show each run, its gate decision and metrics',
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          'Only the pipeline’s roles read and write this bucket (run data and model artifacts); CloudTrail records their API calls.',
      },
    ]);
  }
}
