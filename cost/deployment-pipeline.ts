import { joinedString, type Located, type ResourceRef } from './templates.ts';

/** The SageMaker endpoint a retraining pipeline deploys its accepted models to. */
export type EndpointFacts =
  | { readonly kind: 'instance'; readonly instanceType: string; readonly instanceCount: number }
  | { readonly kind: 'serverless'; readonly memoryMiB: number; readonly maxConcurrency: number };

/** What one run of a retraining state machine starts, read from its Amazon States Language definition. */
export interface PipelineFacts extends ResourceRef {
  readonly training: { readonly instanceType: string; readonly instanceCount: number };
  /** Batch transform jobs of a run (the candidate's, and the serving model's when one serves). */
  readonly transforms: readonly { readonly instanceType: string; readonly instanceCount: number }[];
  readonly endpoint: EndpointFacts;
  /** Athena queries a run starts. */
  readonly athenaQueries: number;
  /** States in the definition: about the transitions of one run without waiting. */
  readonly states: number;
}

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Branches?: readonly { readonly States: Record<string, AslState> }[];
}

/** The pipeline a state machine is, or nothing for a state machine that trains no SageMaker model. */
export function readPipeline({ stack, logicalId, resource }: Located): PipelineFacts[] {
  const definition = joinedString(resource.Properties?.DefinitionString);
  if (!definition) return [];
  const states = allStates(JSON.parse(definition) as { States: Record<string, AslState> });
  const calling = (action: string) => states.filter((state) => state.Resource?.includes(`:${action}`));
  const training = calling('sagemaker:createTrainingJob')[0];
  const endpointConfig = calling('sagemaker:createEndpointConfig')[0];
  if (!training || !endpointConfig) return [];
  const resources = training.Parameters?.ResourceConfig as { InstanceType: string; InstanceCount?: number };
  const transforms = calling('sagemaker:createTransformJob').map((state) => {
    const transform = state.Parameters?.TransformResources as { InstanceType: string; InstanceCount?: number };
    return { instanceType: transform.InstanceType, instanceCount: transform.InstanceCount ?? 1 };
  });
  return [
    {
      stack,
      logicalId,
      training: { instanceType: resources.InstanceType, instanceCount: resources.InstanceCount ?? 1 },
      transforms,
      endpoint: endpointOf(endpointConfig),
      athenaQueries: calling('athena:startQueryExecution').length,
      states: states.length,
    },
  ];
}

function endpointOf(state: AslState): EndpointFacts {
  const variants = (state.Parameters?.ProductionVariants ?? []) as Record<string, unknown>[];
  const variant = variants[0];
  if (!variant) throw new Error('The endpoint config of the retraining pipeline has no production variant');
  const serverless = variant.ServerlessConfig as { MemorySizeInMB: number; MaxConcurrency: number } | undefined;
  if (serverless) {
    return { kind: 'serverless', memoryMiB: serverless.MemorySizeInMB, maxConcurrency: serverless.MaxConcurrency };
  }
  return {
    kind: 'instance',
    instanceType: String(variant.InstanceType),
    instanceCount: Number(variant.InitialInstanceCount ?? 1),
  };
}

function allStates(machine: { States: Record<string, AslState> }): AslState[] {
  return Object.values(machine.States).flatMap((state) => [
    state,
    ...(state.Branches ?? []).flatMap((branch) => allStates(branch)),
  ]);
}
