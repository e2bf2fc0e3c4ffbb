import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  ListTrainingJobsCommand,
  ListTransformJobsCommand,
  SageMakerClient,
  SageMakerServiceException,
  StopTrainingJobCommand,
  StopTransformJobCommand,
} from '@aws-sdk/client-sagemaker';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createTeardownHandler } from '../../../lambda/ml/teardown-models.ts';

const sagemaker = mockClient(SageMakerClient);
afterEach(() => sagemaker.reset());

const CONFIG = { endpointName: 'sdp-win-model', namePrefix: 'sdp-ml-' };
const created = new Date(Date.UTC(2026, 10, 22));

function event(RequestType: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent {
  return {
    RequestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/SdpMl/id',
    RequestId: 'request-1',
    LogicalResourceId: 'Teardown',
    ResourceType: 'Custom::SageMakerTeardown',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider' },
    ...(RequestType === 'Create' ? {} : { PhysicalResourceId: 'sdp-win-model-teardown' }),
    ...(RequestType === 'Update' ? { OldResourceProperties: {} } : {}),
  } as CloudFormationCustomResourceEvent;
}

function givenPipelineResources() {
  sagemaker.on(DeleteEndpointCommand).resolves({});
  // A job of another team whose name merely contains the prefix is never stopped.
  sagemaker.on(ListTrainingJobsCommand, { NameContains: 'sdp-ml-', StatusEquals: 'InProgress' }).resolves({
    TrainingJobSummaries: [
      {
        TrainingJobName: 'sdp-ml-retrain-20261122t1015',
        TrainingJobArn: 'arn',
        CreationTime: created,
        TrainingJobStatus: 'InProgress',
      },
      {
        TrainingJobName: 'team-sdp-ml-x',
        TrainingJobArn: 'arn',
        CreationTime: created,
        TrainingJobStatus: 'InProgress',
      },
    ],
  });
  sagemaker.on(ListTransformJobsCommand, { NameContains: 'sdp-ml-', StatusEquals: 'InProgress' }).resolves({
    TransformJobSummaries: [
      {
        TransformJobName: 'sdp-ml-retrain-20261121t1015-cur',
        TransformJobArn: 'arn',
        CreationTime: created,
        TransformJobStatus: 'InProgress',
      },
    ],
  });
  sagemaker.on(StopTrainingJobCommand).resolves({});
  sagemaker.on(StopTransformJobCommand).resolves({});
  sagemaker
    .on(ListEndpointConfigsCommand, { NameContains: 'sdp-ml-' })
    .resolvesOnce({
      EndpointConfigs: [
        { EndpointConfigName: 'sdp-ml-retrain-20261120t1015', EndpointConfigArn: 'arn', CreationTime: created },
      ],
      NextToken: 'page-2',
    })
    .resolves({
      EndpointConfigs: [
        { EndpointConfigName: 'sdp-ml-retrain-20261121t1015', EndpointConfigArn: 'arn', CreationTime: created },
      ],
    });
  sagemaker.on(ListModelsCommand, { NameContains: 'sdp-ml-' }).resolves({
    Models: [
      { ModelName: 'sdp-ml-retrain-20261121t1015', ModelArn: 'arn', CreationTime: created },
      { ModelName: 'team-sdp-ml-experiment', ModelArn: 'arn', CreationTime: created },
    ],
  });
  sagemaker.on(DeleteEndpointConfigCommand).resolves({});
  sagemaker.on(DeleteModelCommand).resolves({});
}

describe('teardown of what the retraining pipeline deployed', () => {
  it('deletes the endpoint, stops the pipeline’s running jobs and deletes its configs and models on stack delete', async () => {
    // Prepare
    givenPipelineResources();

    // Act
    const result = await createTeardownHandler(new SageMakerClient({}), CONFIG)(event('Delete'));

    // Assess
    expect(result).toStrictEqual({
      PhysicalResourceId: 'sdp-win-model-teardown',
      Data: {
        deletedEndpoint: true,
        stoppedJobs: ['sdp-ml-retrain-20261122t1015', 'sdp-ml-retrain-20261121t1015-cur'],
        deletedEndpointConfigs: ['sdp-ml-retrain-20261120t1015', 'sdp-ml-retrain-20261121t1015'],
        deletedModels: ['sdp-ml-retrain-20261121t1015'],
      },
    });
    expect(sagemaker.commandCalls(DeleteEndpointCommand).map((c) => c.args[0].input)).toStrictEqual([
      { EndpointName: 'sdp-win-model' },
    ]);
    expect(sagemaker.commandCalls(StopTrainingJobCommand).map((c) => c.args[0].input)).toStrictEqual([
      { TrainingJobName: 'sdp-ml-retrain-20261122t1015' },
    ]);
    expect(sagemaker.commandCalls(DeleteModelCommand).map((c) => c.args[0].input)).toStrictEqual([
      { ModelName: 'sdp-ml-retrain-20261121t1015' },
    ]);
  });

  it('deletes the configs and models when no endpoint was ever deployed', async () => {
    // Prepare
    givenPipelineResources();
    sagemaker.on(DeleteEndpointCommand).rejects(
      new SageMakerServiceException({
        name: 'ValidationException',
        $fault: 'client',
        $metadata: {},
        message: 'Could not find endpoint "sdp-win-model".',
      }),
    );

    // Act
    const result = await createTeardownHandler(new SageMakerClient({}), CONFIG)(event('Delete'));

    // Assess
    expect(result.Data?.deletedEndpoint).toBe(false);
    expect(result.Data?.deletedModels).toStrictEqual(['sdp-ml-retrain-20261121t1015']);
  });

  it('fails the stack delete on any other error, so nothing is left silently', async () => {
    // Prepare
    givenPipelineResources();
    sagemaker.on(DeleteEndpointCommand).rejects(new Error('Rate exceeded'));

    // Act & Assess
    await expect(createTeardownHandler(new SageMakerClient({}), CONFIG)(event('Delete'))).rejects.toThrow(
      'Rate exceeded',
    );
    expect(sagemaker.commandCalls(DeleteModelCommand)).toStrictEqual([]);
  });

  it.each(['Create', 'Update'] as const)('does nothing on %s', async (type) => {
    // Act
    const result = await createTeardownHandler(new SageMakerClient({}), CONFIG)(event(type));

    // Assess
    expect(result).toStrictEqual({ PhysicalResourceId: 'sdp-win-model-teardown' });
    expect(sagemaker.calls()).toStrictEqual([]);
  });
});
