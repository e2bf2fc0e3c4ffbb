import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { PIPELINE_ENV } from '../../lambda/ml/pipeline-config.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';

export interface PipelineTeardownProps {
  /** The endpoint the pipeline deploys. */
  readonly endpointName: string;
  /** Prefix of the pipeline's jobs, models and endpoint configs, the only ones removed. */
  readonly namePrefix: string;
}

/**
 * On stack delete, removes what the retraining pipeline created outside CloudFormation: the
 * endpoint (an instance billing around the clock), every endpoint config and model of the
 * pipeline, and stops its jobs still running (teardown-models.ts). Make the state machine depend on
 * this construct, so that CloudFormation deletes the state machine first and no run deploys after.
 */
export class PipelineTeardown extends Construct {
  readonly function: lambda.IFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: PipelineTeardownProps) {
    super(scope, id);
    const { endpointName, namePrefix } = props;
    const stack = Stack.of(this);
    const sageMakerArn = (resource: string, name: string) =>
      stack.formatArn({ service: 'sagemaker', resource, resourceName: name });
    this.function = new SdpFunction(this, 'Function', {
      entry: 'lambda/ml/teardown-models.ts',
      description: 'On stack delete: removes the endpoint, endpoint configs and models the pipeline deployed',
      environment: { [PIPELINE_ENV.endpointName]: endpointName, [PIPELINE_ENV.modelNamePrefix]: namePrefix },
      timeout: Duration.minutes(5),
    }).function;
    for (const statement of [
      // The List actions support no resource-level permissions; the handler keeps to its name prefix.
      new iam.PolicyStatement({
        actions: [
          'sagemaker:ListEndpointConfigs',
          'sagemaker:ListModels',
          'sagemaker:ListTrainingJobs',
          'sagemaker:ListTransformJobs',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        actions: ['sagemaker:DeleteEndpoint'],
        resources: [sageMakerArn('endpoint', endpointName)],
      }),
      new iam.PolicyStatement({
        actions: ['sagemaker:StopTrainingJob'],
        resources: [sageMakerArn('training-job', `${namePrefix}*`)],
      }),
      new iam.PolicyStatement({
        actions: ['sagemaker:StopTransformJob'],
        resources: [sageMakerArn('transform-job', `${namePrefix}*`)],
      }),
      new iam.PolicyStatement({
        actions: ['sagemaker:DeleteEndpointConfig'],
        resources: [sageMakerArn('endpoint-config', `${namePrefix}*`)],
      }),
      new iam.PolicyStatement({
        actions: ['sagemaker:DeleteModel'],
        resources: [sageMakerArn('model', `${namePrefix}*`)],
      }),
    ]) {
      this.function.addToRolePolicy(statement);
    }
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      // Its own log group, deleted with the stack (Lambda's default one would outlive it).
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SageMakerTeardown',
    });

    NagSuppressions.addResourceSuppressions(
      this.function,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: `The List actions support no resource-level permissions; stops and deletes are limited to the pipeline's ${namePrefix}* names.`,
          appliesTo: [
            'Resource::*',
            {
              regex: `/^Resource::arn:<AWS::Partition>:sagemaker:(<AWS::Region>|[\\w-]+):(<AWS::AccountId>|\\d+):(training-job|transform-job|model|endpoint-config)\\/${namePrefix}\\*$/g`,
            },
          ],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(
      provider,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason: 'The custom-resource provider framework uses AWSLambdaBasicExecutionRole for its own logs.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The provider framework may invoke any version of the one teardown function (Provider grants <fn>:*).',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>:\\*$/g' }],
        },
        { id: 'AwsSolutions-L1', reason: 'The provider framework’s runtime is chosen by aws-cdk-lib.' },
      ],
      true,
    );
  }
}
