import type { Node } from 'constructs';
import { provisionedShards } from '../cost/stream-sizing.ts';
import { ProfileError, type ProfileInput, resolveWorkload, type Workload } from '../cost/traffic-profile.ts';
import { CONTEXT } from '../lambda/domain/settings/context.ts';
import {
  type CustomSetting,
  parseSetting,
  type Setting,
  settingError,
  type ValueOf,
} from '../lambda/domain/settings/setting.ts';
import { STREAM_NAMES, type StreamName } from '../lambda/domain/streams.ts';
import type { LakeWriterKind } from './lake/data-lake-stack.ts';
import type { EndpointHosting, SageMakerInstanceTypes as PipelineInstanceTypes } from './ml/retraining-pipeline.ts';
import { SAGEMAKER_INSTANCE_TYPES } from './ml/sagemaker-instances.ts';

/*
 * The cost levers of a deployment (docs/cost.md measures each): CDK context keys, each with a
 * default, and `sdp:profile`, which sets several at once for a kind of traffic. An explicit key
 * always wins over the profile. `sdp:traffic` (the cost model's profile fields) is what "sized from
 * the traffic" means: provisioned shards, the throughput profile's Flink parallelism and throttling.
 */

/** The levers' context keys, declared in the settings spec (lambda/domain/settings/context.ts). */
export const COST_LEVER_KEYS = {
  profile: CONTEXT.profile.name,
  traffic: CONTEXT.traffic.name,
  lakeWriter: CONTEXT.lakeWriter.name,
  predictionsEndpoint: CONTEXT.predictionsEndpoint.name,
  serverlessMemoryMiB: CONTEXT.serverlessMemoryMiB.name,
  serverlessMaxConcurrency: CONTEXT.serverlessMaxConcurrency.name,
  instanceTypes: CONTEXT.instanceTypes.name,
  ingestionTracing: CONTEXT.ingestionTracing.name,
} as const;

export const COST_PROFILES = CONTEXT.profile.values;
export type CostProfile = (typeof COST_PROFILES)[number];

export type PredictionsEndpoint = EndpointHosting;
export type SageMakerInstanceTypes = Required<PipelineInstanceTypes>;

/** What a profile sets; every field is also a context key of its own. */
interface ProfileSettings {
  readonly shards: 'auto' | undefined;
  readonly lakeWriter: LakeWriterKind;
  readonly endpoint: 'instance' | 'serverless';
  readonly ingestionTracing: boolean;
  /** Retrain on new data once a day's bids arrived, not every few minutes at high traffic. */
  readonly dailyRetrainThreshold: boolean;
  /** Flink parallelism and API throttling sized from the traffic. */
  readonly sizedForTraffic: boolean;
}

const PROFILE_SETTINGS: Record<CostProfile | 'none', ProfileSettings> = {
  none: {
    shards: undefined,
    lakeWriter: 'firehose',
    endpoint: 'instance',
    ingestionTracing: true,
    dailyRetrainThreshold: false,
    sizedForTraffic: false,
  },
  lean: {
    shards: 'auto',
    lakeWriter: 'lambda',
    endpoint: 'serverless',
    ingestionTracing: false,
    dailyRetrainThreshold: true,
    sizedForTraffic: false,
  },
  throughput: {
    shards: 'auto',
    lakeWriter: 'lambda',
    endpoint: 'instance',
    ingestionTracing: false,
    dailyRetrainThreshold: true,
    sizedForTraffic: true,
  },
};

export interface CostLevers {
  readonly profile?: CostProfile;
  /** The traffic the deployment is sized for (`sdp:traffic`, or the cost model's default profile). */
  readonly workload: Workload;
  readonly lakeWriter: LakeWriterKind;
  readonly predictionsEndpoint: PredictionsEndpoint;
  readonly instanceTypes: SageMakerInstanceTypes;
  readonly ingestionTracing: boolean;
  /** Defaults for keys of PlatformConfig that a profile changes; an explicit key wins. */
  readonly defaults: {
    readonly shards: 'auto' | undefined;
    readonly flinkParallelism: number;
    readonly throttleRateLimit: number;
    readonly throttleBurstLimit: number;
    readonly retrainMinNewBids: number;
  };
}

const SERVERLESS_MEMORY = [1024, 2048, 3072, 4096, 5120, 6144];
const INSTANCE_TYPE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;

export function loadCostLevers(node: Node): CostLevers {
  const rawProfile = node.tryGetContext(COST_LEVER_KEYS.profile);
  const profile = rawProfile === undefined ? undefined : parseSetting(CONTEXT.profile, rawProfile);
  const settings = PROFILE_SETTINGS[profile ?? 'none'];
  const workload = trafficOf(node);
  const endpointKind = read(node, CONTEXT.predictionsEndpoint, settings.endpoint);
  const predictionsEndpoint: PredictionsEndpoint =
    endpointKind === 'instance'
      ? { kind: 'instance' }
      : {
          kind: 'serverless',
          memoryMiB: serverlessMemory(node),
          maxConcurrency: read(node, CONTEXT.serverlessMaxConcurrency),
        };
  const { traffic, assumptions } = workload;
  const requestsPerSecond = traffic.eventsPerSecond / traffic.eventsPerRequest;
  const rate = settings.sizedForTraffic ? Math.max(1000, Math.ceil(2 * requestsPerSecond)) : 1000;
  return {
    profile,
    workload,
    lakeWriter: read(node, CONTEXT.lakeWriter, settings.lakeWriter),
    predictionsEndpoint,
    instanceTypes: instanceTypesOf(node),
    ingestionTracing: read(node, CONTEXT.ingestionTracing, settings.ingestionTracing),
    defaults: {
      shards: settings.shards,
      flinkParallelism: settings.sizedForTraffic
        ? Math.min(64, Math.max(1, Math.ceil(traffic.eventsPerSecond / assumptions.flinkEventsPerKpuSecond)))
        : 1,
      throttleRateLimit: rate,
      throttleBurstLimit: 2 * rate,
      retrainMinNewBids: settings.dailyRetrainThreshold
        ? Math.max(100_000, Math.round(traffic.eventsPerSecond * traffic.mix.bids * 86_400))
        : 100_000,
    },
  };
}

/**
 * Provisioned shards for every stream, sized from the traffic by the cost model's own rule
 * (cost/stream-sizing.ts), for the consumers the deployment gives each stream: the lake's readers
 * (two Firehoses or the one lake writer), the aggregation job on bcns, the reports writer on aggregates.
 */
export function autoShards(levers: CostLevers, periodSeconds: number): Record<StreamName, number> {
  const lakeReaders = levers.lakeWriter === 'firehose' ? 2 : 1;
  const consumers = Object.fromEntries(
    STREAM_NAMES.map((name) => [name, lakeReaders + (name === 'bcns' || name === 'aggregates' ? 1 : 0)]),
  ) as Record<StreamName, number>;
  return provisionedShards(levers.workload.traffic, levers.workload.assumptions, periodSeconds, consumers);
}

function trafficOf(node: Node): Workload {
  const raw = node.tryGetContext(COST_LEVER_KEYS.traffic);
  let input: unknown = raw ?? {};
  if (typeof raw === 'string') {
    try {
      input = JSON.parse(raw);
    } catch {
      throw settingError(CONTEXT.traffic, raw);
    }
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw settingError(CONTEXT.traffic, raw);
  try {
    return resolveWorkload(input as ProfileInput);
  } catch (error) {
    if (error instanceof ProfileError) throw new Error(`${COST_LEVER_KEYS.traffic}: ${error.message}`);
    throw error;
  }
}

function instanceTypesOf(node: Node): SageMakerInstanceTypes {
  const raw = node.tryGetContext(COST_LEVER_KEYS.instanceTypes);
  const invalid = () => settingError(CONTEXT.instanceTypes, raw);
  let value: unknown = raw ?? {};
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw invalid();
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid();
  const types = { ...SAGEMAKER_INSTANCE_TYPES, ...value };
  for (const [job, type] of Object.entries(types)) {
    if (!['training', 'transform', 'endpoint'].includes(job) || typeof type !== 'string' || !INSTANCE_TYPE.test(type)) {
      throw invalid();
    }
  }
  return types as SageMakerInstanceTypes;
}

/** A lever's key as the settings spec declares it, defaulting to what the profile sets. */
function read<S extends Exclude<Setting, CustomSetting>>(node: Node, setting: S, fallback?: ValueOf<S>): ValueOf<S> {
  return parseSetting(
    setting,
    node.tryGetContext(setting.name),
    fallback ?? (setting.default as ValueOf<S> | undefined),
  );
}

function serverlessMemory(node: Node): number {
  const raw = node.tryGetContext(COST_LEVER_KEYS.serverlessMemoryMiB);
  if (raw === undefined) return 2048;
  const value = Number(raw);
  if (!SERVERLESS_MEMORY.includes(value)) throw settingError(CONTEXT.serverlessMemoryMiB, raw);
  return value;
}
