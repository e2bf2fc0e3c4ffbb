import {
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  paginateListEndpointConfigs,
  paginateListModels,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import { type NamedResource, retiredNames } from './model-retention.ts';
import { PIPELINE_ENV, requireEnv } from './pipeline-config.ts';

export interface CleanupConfig {
  readonly endpointName: string;
  /** Only models and endpoint configs named with this prefix are the pipeline's to delete. */
  readonly namePrefix: string;
}

export interface CleanupResult {
  /** The endpoint config and model the endpoint serves, or null when there is no endpoint yet. */
  readonly serving: { readonly endpointConfigName: string; readonly modelName: string } | null;
  readonly deletedEndpointConfigs: string[];
  readonly deletedModels: string[];
}

/**
 * Deletes the pipeline's models and endpoint configs except the ones the endpoint serves and the
 * ones before them (see model-retention.ts), so that each run does not leave two resources behind.
 */
export function createCleanupHandler(sagemaker: SageMakerClient, config: CleanupConfig) {
  const ours = (name: string | undefined): name is string => name?.startsWith(config.namePrefix) ?? false;

  async function serving(): Promise<CleanupResult['serving']> {
    let endpointConfigName: string | undefined;
    try {
      ({ EndpointConfigName: endpointConfigName } = await sagemaker.send(
        new DescribeEndpointCommand({ EndpointName: config.endpointName }),
      ));
    } catch (error) {
      // SageMaker reports a missing endpoint as a ValidationException, told apart only by its message.
      if (/Could not find endpoint/.test((error as Error).message)) return null;
      throw error;
    }
    if (!endpointConfigName) throw new Error(`Endpoint ${config.endpointName} has no endpoint config`);
    const { ProductionVariants } = await sagemaker.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: endpointConfigName }),
    );
    const modelName = ProductionVariants?.[0]?.ModelName;
    if (!modelName) throw new Error(`Endpoint config ${endpointConfigName} names no model`);
    return { endpointConfigName, modelName };
  }

  async function models(): Promise<NamedResource[]> {
    const found: NamedResource[] = [];
    for await (const page of paginateListModels({ client: sagemaker }, { NameContains: config.namePrefix })) {
      for (const model of page.Models ?? []) {
        if (ours(model.ModelName) && model.CreationTime) {
          found.push({ name: model.ModelName, createdAt: model.CreationTime });
        }
      }
    }
    return found;
  }

  async function endpointConfigs(): Promise<NamedResource[]> {
    const found: NamedResource[] = [];
    const pages = paginateListEndpointConfigs({ client: sagemaker }, { NameContains: config.namePrefix });
    for await (const page of pages) {
      for (const endpointConfig of page.EndpointConfigs ?? []) {
        if (ours(endpointConfig.EndpointConfigName) && endpointConfig.CreationTime) {
          found.push({ name: endpointConfig.EndpointConfigName, createdAt: endpointConfig.CreationTime });
        }
      }
    }
    return found;
  }

  return async (): Promise<CleanupResult> => {
    const current = await serving();
    if (current === null) return { serving: null, deletedEndpointConfigs: [], deletedModels: [] };
    const deletedEndpointConfigs = retiredNames(await endpointConfigs(), current.endpointConfigName);
    const deletedModels = retiredNames(await models(), current.modelName);
    // Configs first: a config names its model, so the model is never left referenced by a config.
    for (const name of deletedEndpointConfigs) {
      await sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name }));
    }
    for (const name of deletedModels) await sagemaker.send(new DeleteModelCommand({ ModelName: name }));
    return { serving: current, deletedEndpointConfigs, deletedModels };
  };
}

let cleanupHandler: ReturnType<typeof createCleanupHandler> | undefined;

const observability = lambdaObservability(SERVICES.retraining);

export const handler = instrumented(observability, async () => {
  cleanupHandler ??= createCleanupHandler(new SageMakerClient({}), {
    endpointName: requireEnv(process.env, PIPELINE_ENV.endpointName),
    namePrefix: requireEnv(process.env, PIPELINE_ENV.modelNamePrefix),
  });
  return cleanupHandler();
});
