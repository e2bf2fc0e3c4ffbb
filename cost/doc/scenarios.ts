import { type CostEstimate, estimateCost, monthlyFloor } from '../cost-model.ts';
import { readDeployment } from '../deployment.ts';
import type { Templates } from '../templates.ts';
import { type ProfileInput, resolveWorkload, type Workload } from '../traffic-profile.ts';

/** A deployment (its CDK context) priced under a traffic profile. */
export interface Scenario {
  readonly label: string;
  /** The `-c` values that make the deployment, besides `sdp:traffic`. */
  readonly context: Readonly<Record<string, string>>;
  readonly workload: Workload;
  readonly estimate: CostEstimate;
  readonly floor: CostEstimate;
}

export type Synthesize = (context: Record<string, unknown>) => Templates;

/**
 * Prices deployments under profiles, synthesizing each distinct context once: the profile goes to
 * the app as `sdp:traffic`, so a deployment sized from the traffic is sized for the traffic priced.
 */
export class ScenarioRunner {
  readonly #cache = new Map<string, Templates>();

  constructor(private readonly synthesize: Synthesize) {}

  run(label: string, context: Readonly<Record<string, string>>, profile: ProfileInput): Scenario {
    const workload = resolveWorkload(profile);
    const full = { ...context, 'sdp:traffic': JSON.stringify(profile) };
    const key = JSON.stringify(full);
    let templates = this.#cache.get(key);
    if (!templates) {
      templates = this.synthesize(full);
      this.#cache.set(key, templates);
    }
    const deployment = readDeployment(templates);
    return {
      label,
      context,
      workload,
      estimate: estimateCost(deployment, workload),
      floor: monthlyFloor(deployment, workload),
    };
  }
}

/** The traffic profiles docs/cost.md prices: 100, 1,000 and 10,000 events/s, one or 100 events a request. */
export const DOC_PROFILES: readonly ProfileInput[] = [100, 1000, 10_000].flatMap((eventsPerSecond) =>
  [1, 100].map((eventsPerRequest) => ({ eventsPerSecond, eventsPerRequest })),
);

/** The profile the levers are measured at: 1,000 events/s in requests of 100. */
export const LEVER_PROFILE: ProfileInput = { eventsPerSecond: 1000, eventsPerRequest: 100 };

/** Each lever alone, as a context key, then all of them as `sdp:profile=lean`. */
export function leverContexts(profile: ProfileInput): { label: string; context: Record<string, string> }[] {
  const { traffic } = resolveWorkload(profile);
  const dayOfBids = Math.round(traffic.eventsPerSecond * traffic.mix.bids * 86_400);
  return [
    { label: 'default deployment', context: {} },
    { label: 'streams provisioned, sized from the traffic', context: { 'sdp:shards': 'auto' } },
    { label: 'Lambda lake writer instead of Firehose', context: { 'sdp:lakeWriter': 'lambda' } },
    { label: 'Serverless Inference endpoint', context: { 'sdp:predictionsEndpoint': 'serverless' } },
    { label: 'retrain on a day of new bids, not 100,000', context: { 'sdp:retrainMinNewBids': String(dayOfBids) } },
    { label: 'no X-Ray tracing on the ingestion stage', context: { 'sdp:ingestionTracing': 'false' } },
    { label: 'all of them: sdp:profile=lean', context: { 'sdp:profile': 'lean' } },
  ];
}

/** The deployments docs/cost.md prices at every profile. */
export const DOC_DEPLOYMENTS: readonly { label: string; context: Record<string, string> }[] = [
  { label: 'default', context: {} },
  { label: 'lean', context: { 'sdp:profile': 'lean' } },
  { label: 'throughput', context: { 'sdp:profile': 'throughput' } },
];
