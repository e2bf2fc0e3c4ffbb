import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  paginateListEndpointConfigs,
  paginateListModels,
  paginateListTrainingJobs,
  paginateListTransformJobs,
  SageMakerClient,
  StopTrainingJobCommand,
  StopTransformJobCommand,
} from '@aws-sdk/client-sagemaker';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { PIPELINE_ENV, requireEnv } from './pipeline-config.ts';

export interface TeardownConfig {
  readonly endpointName: string;
  /** Only what carries this name prefix is the pipeline's to remove. */
  readonly namePrefix: string;
}

export interface TeardownResult {
  readonly PhysicalResourceId: string;
  readonly Data?: {
    readonly deletedEndpoint: boolean;
    readonly stoppedJobs: string[];
    readonly deletedEndpointConfigs: string[];
    readonly deletedModels: string[];
  };
}

/**
 * The ML stack's teardown (a custom resource's onEvent handler): CloudFormation never created the
 * endpoint, endpoint configs and models the retraining pipeline deploys, so on stack delete this
 * removes them, and stops the pipeline's jobs still running, instead of leaving an endpoint billing.
 * Create and Update do nothing.
 */
export function createTeardownHandler(sagemaker: SageMakerClient, config: TeardownConfig) {
  const ours = (name: string | undefined): name is string => name?.startsWith(config.namePrefix) ?? false;
  const physicalId = `${config.endpointName}-teardown`;

  async function deleteEndpoint(): Promise<boolean> {
    try {
      await sagemaker.send(new DeleteEndpointCommand({ EndpointName: config.endpointName }));
      return true;
    } catch (error) {
      // SageMaker reports a missing endpoint as a ValidationException, told apart only by its message.
      if (/Could not find endpoint/.test((error as Error).message)) return false;
      throw error;
    }
  }

  async function stopJobs(): Promise<string[]> {
    const stopped: string[] = [];
    const filter = { NameContains: config.namePrefix, StatusEquals: 'InProgress' } as const;
    for await (const page of paginateListTrainingJobs({ client: sagemaker }, filter)) {
      for (const job of page.TrainingJobSummaries ?? []) {
        if (!ours(job.TrainingJobName)) continue;
        await sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: job.TrainingJobName }));
        stopped.push(job.TrainingJobName);
      }
    }
    for await (const page of paginateListTransformJobs({ client: sagemaker }, filter)) {
      for (const job of page.TransformJobSummaries ?? []) {
        if (!ours(job.TransformJobName)) continue;
        await sagemaker.send(new StopTransformJobCommand({ TransformJobName: job.TransformJobName }));
        stopped.push(job.TransformJobName);
      }
    }
    return stopped;
  }

  async function deleteConfigsAndModels(): Promise<{ configs: string[]; models: string[] }> {
    const configs: string[] = [];
    for await (const page of paginateListEndpointConfigs({ client: sagemaker }, { NameContains: config.namePrefix })) {
      for (const { EndpointConfigName: name } of page.EndpointConfigs ?? []) if (ours(name)) configs.push(name);
    }
    const models: string[] = [];
    for await (const page of paginateListModels({ client: sagemaker }, { NameContains: config.namePrefix })) {
      for (const { ModelName: name } of page.Models ?? []) if (ours(name)) models.push(name);
    }
    // Configs first: a config names its model, so no model is left referenced by a config.
    for (const name of configs) await sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name }));
    for (const name of models) await sagemaker.send(new DeleteModelCommand({ ModelName: name }));
    return { configs, models };
  }

  return async (event: CloudFormationCustomResourceEvent): Promise<TeardownResult> => {
    if (event.RequestType !== 'Delete') return { PhysicalResourceId: physicalId };
    const deletedEndpoint = await deleteEndpoint();
    const stoppedJobs = await stopJobs();
    const { configs, models } = await deleteConfigsAndModels();
    return {
      PhysicalResourceId: event.PhysicalResourceId,
      Data: { deletedEndpoint, stoppedJobs, deletedEndpointConfigs: configs, deletedModels: models },
    };
  };
}

let teardownHandler: ReturnType<typeof createTeardownHandler> | undefined;

export const handler = (event: CloudFormationCustomResourceEvent) => {
  teardownHandler ??= createTeardownHandler(new SageMakerClient({}), {
    endpointName: requireEnv(process.env, PIPELINE_ENV.endpointName),
    namePrefix: requireEnv(process.env, PIPELINE_ENV.modelNamePrefix),
  });
  return teardownHandler(event);
};
