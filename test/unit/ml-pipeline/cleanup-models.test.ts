import {
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createCleanupHandler } from '../../../lambda/ml/cleanup-models.ts';
import { retiredNames } from '../../../lambda/ml/model-retention.ts';

const sagemaker = mockClient(SageMakerClient);
afterEach(() => sagemaker.reset());

const CONFIG = { endpointName: 'sdp-win-model', namePrefix: 'sdp-ml-' };
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 10, 15));

/** Runs of the 18th to the 22nd: the 21st's model serves, the 22nd's was rejected. */
const RUNS = [18, 19, 20, 21, 22].map((day) => ({ name: `sdp-ml-retrain-202611${day}t1015`, createdAt: at(day) }));
const SERVING = 'sdp-ml-retrain-20261121t1015';

function givenEndpointServing(name: string) {
  sagemaker.on(DescribeEndpointCommand, { EndpointName: 'sdp-win-model' }).resolves({ EndpointConfigName: name });
  sagemaker
    .on(DescribeEndpointConfigCommand, { EndpointConfigName: name })
    .resolves({ ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: name }] });
}

function givenResources() {
  // An unrelated model whose name merely contains the prefix is never the pipeline's to delete.
  const models = [...RUNS, { name: 'team-sdp-ml-experiment', createdAt: at(1) }];
  sagemaker
    .on(ListModelsCommand, { NameContains: 'sdp-ml-' })
    .resolvesOnce({
      Models: models.slice(0, 3).map((m) => ({ ModelName: m.name, ModelArn: 'arn', CreationTime: m.createdAt })),
      NextToken: 'page-2',
    })
    .resolves({
      Models: models.slice(3).map((m) => ({ ModelName: m.name, ModelArn: 'arn', CreationTime: m.createdAt })),
    });
  // The rejected run of the 22nd created no endpoint config.
  sagemaker.on(ListEndpointConfigsCommand, { NameContains: 'sdp-ml-' }).resolves({
    EndpointConfigs: RUNS.slice(0, 4).map((c) => ({
      EndpointConfigName: c.name,
      EndpointConfigArn: 'arn',
      CreationTime: c.createdAt,
    })),
  });
  sagemaker.on(DeleteEndpointConfigCommand).resolves({});
  sagemaker.on(DeleteModelCommand).resolves({});
}

describe('cleanup of old models', () => {
  it('keeps the serving model and config and the ones before them, and deletes the rest, configs first', async () => {
    // Prepare
    givenEndpointServing(SERVING);
    givenResources();

    // Act
    const result = await createCleanupHandler(new SageMakerClient({}), CONFIG)();

    // Assess
    expect(result).toStrictEqual({
      serving: { endpointConfigName: SERVING, modelName: SERVING },
      deletedEndpointConfigs: ['sdp-ml-retrain-20261118t1015', 'sdp-ml-retrain-20261119t1015'],
      deletedModels: ['sdp-ml-retrain-20261118t1015', 'sdp-ml-retrain-20261119t1015', 'sdp-ml-retrain-20261122t1015'],
    });
    const deletions = sagemaker
      .calls()
      .map((call) => call.args[0])
      .filter((command) => command instanceof DeleteEndpointConfigCommand || command instanceof DeleteModelCommand)
      .map((command) => command.input);
    expect(deletions).toStrictEqual([
      { EndpointConfigName: 'sdp-ml-retrain-20261118t1015' },
      { EndpointConfigName: 'sdp-ml-retrain-20261119t1015' },
      { ModelName: 'sdp-ml-retrain-20261118t1015' },
      { ModelName: 'sdp-ml-retrain-20261119t1015' },
      { ModelName: 'sdp-ml-retrain-20261122t1015' },
    ]);
  });

  it('deletes nothing while there is no endpoint yet', async () => {
    // Prepare
    sagemaker.on(DescribeEndpointCommand).rejects(
      new SageMakerServiceException({
        name: 'ValidationException',
        $fault: 'client',
        $metadata: {},
        message: 'Could not find endpoint "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/sdp-win-model".',
      }),
    );
    givenResources();

    // Act
    const result = await createCleanupHandler(new SageMakerClient({}), CONFIG)();

    // Assess
    expect(result).toStrictEqual({ serving: null, deletedEndpointConfigs: [], deletedModels: [] });
    expect(sagemaker.commandCalls(ListModelsCommand)).toHaveLength(0);
    expect(sagemaker.commandCalls(DeleteModelCommand)).toHaveLength(0);
  });

  it('fails on other errors rather than guessing what serves', async () => {
    sagemaker.on(DescribeEndpointCommand).rejects(new Error('Rate exceeded'));
    await expect(createCleanupHandler(new SageMakerClient({}), CONFIG)()).rejects.toThrow('Rate exceeded');
    expect(sagemaker.commandCalls(DeleteModelCommand)).toHaveLength(0);
  });
});

describe('retiredNames', () => {
  it('retires all but the serving one and the newest one before it', () => {
    expect(retiredNames(RUNS, SERVING)).toStrictEqual([
      'sdp-ml-retrain-20261118t1015',
      'sdp-ml-retrain-20261119t1015',
      'sdp-ml-retrain-20261122t1015',
    ]);
  });

  it('keeps a first model that has no predecessor, and retires newer rejected ones', () => {
    expect(retiredNames(RUNS.slice(0, 3), 'sdp-ml-retrain-20261118t1015')).toStrictEqual([
      'sdp-ml-retrain-20261119t1015',
      'sdp-ml-retrain-20261120t1015',
    ]);
  });

  it('retires nothing when the serving one is not the pipeline’s', () => {
    expect(retiredNames(RUNS, 'hand-deployed-model')).toStrictEqual([]);
  });
});
