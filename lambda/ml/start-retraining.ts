import { AthenaClient } from '@aws-sdk/client-athena';
import { ExecutionAlreadyExists, ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import { AthenaQueries } from './athena-queries.ts';
import { countBids } from './new-labelled-bids.ts';
import { PIPELINE_ENV, requireEnv, requireInteger } from './pipeline-config.ts';
import { runExecutionName } from './run-names.ts';

export const RETRAINING_TRIGGERS = ['schedule', 'newData', 'manual'] as const;
export type RetrainingTrigger = (typeof RETRAINING_TRIGGERS)[number];

export interface StartRetrainingEvent {
  readonly trigger: RetrainingTrigger;
  /** The rule's scheduled time (ISO-8601), identical in duplicate deliveries of one event; manual: now. */
  readonly time?: string;
}

export type StartOutcome =
  | { readonly started: true; readonly executionName: string; readonly executionArn: string }
  | {
      readonly started: false;
      readonly reason: 'running' | 'not-enough-data' | 'already-started';
      readonly detail: string;
    };

export interface StarterConfig {
  readonly stateMachineArn: string;
  readonly lastRunParameter: string;
  readonly minNewBids: number;
  /** A bid's label is final this long after it (SPEC.md §5), so younger bids are not counted yet. */
  readonly attributionWindowMs: number;
}

export interface StarterDeps {
  readonly sfn: SFNClient;
  readonly ssm: SSMClient;
  readonly countNewBids: (fromMs: number, toMs: number) => Promise<number>;
  readonly config: StarterConfig;
  readonly now?: () => number;
}

/**
 * Starts the retraining pipeline, one run at a time (SPEC.md §8): on its schedule, or when at least
 * `minNewBids` labelled bids arrived since the last run started. It never starts a run while one is
 * running, and it names the run by the 15-minute slot of the trigger, so two starters racing past
 * that check collide on the name and only one run starts.
 */
export function createStartRetrainingHandler(deps: StarterDeps) {
  const { sfn, ssm, countNewBids, config } = deps;
  const now = deps.now ?? Date.now;

  async function lastRunStart(): Promise<number> {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: config.lastRunParameter }));
    const time = Date.parse(Parameter?.Value ?? '');
    if (Number.isNaN(time)) throw new Error(`${config.lastRunParameter} holds no time: "${Parameter?.Value}"`);
    return time;
  }

  return async (event: StartRetrainingEvent): Promise<StartOutcome> => {
    if (!RETRAINING_TRIGGERS.includes(event.trigger)) {
      throw new Error(
        `trigger must be one of ${RETRAINING_TRIGGERS.join(', ')}. Received ${JSON.stringify(event.trigger)}`,
      );
    }
    const time = event.time === undefined ? now() : Date.parse(event.time);
    if (Number.isNaN(time)) throw new Error(`time must be an ISO-8601 time. Received ${JSON.stringify(event.time)}`);

    const { executions } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: config.stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 }),
    );
    const running = executions?.[0];
    if (running) return { started: false, reason: 'running', detail: `${running.name} is still running` };

    if (event.trigger === 'newData') {
      const since = await lastRunStart();
      const window = config.attributionWindowMs;
      const newBids = await countNewBids(since - window, time - window);
      if (newBids < config.minNewBids) {
        const detail = `${newBids} new labelled bids since the run of ${new Date(since).toISOString()}; ${config.minNewBids} start one`;
        return { started: false, reason: 'not-enough-data', detail };
      }
    }

    const executionName = runExecutionName(time);
    try {
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: config.stateMachineArn,
          name: executionName,
          input: JSON.stringify({ trigger: event.trigger }),
        }),
      );
      return { started: true, executionName, executionArn: executionArn as string };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) {
        const detail = `${executionName} was already started in this 15-minute slot`;
        return { started: false, reason: 'already-started', detail };
      }
      throw error;
    }
  };
}

let startHandler: ReturnType<typeof createStartRetrainingHandler> | undefined;

const observability = lambdaObservability(SERVICES.retraining);

export const handler = instrumented(observability, async (event: StartRetrainingEvent) => {
  if (!startHandler) {
    const env = process.env;
    const athena = new AthenaQueries(new AthenaClient({}), {
      database: requireEnv(env, PIPELINE_ENV.database),
      workGroup: requireEnv(env, PIPELINE_ENV.workGroup),
    });
    startHandler = createStartRetrainingHandler({
      sfn: new SFNClient({}),
      ssm: new SSMClient({}),
      countNewBids: (fromMs, toMs) => countBids(athena, fromMs, toMs),
      config: {
        stateMachineArn: requireEnv(env, PIPELINE_ENV.stateMachineArn),
        lastRunParameter: requireEnv(env, PIPELINE_ENV.lastRunParameter),
        minNewBids: requireInteger(env, PIPELINE_ENV.minNewBids),
        attributionWindowMs: requireInteger(env, PIPELINE_ENV.attributionWindowMs),
      },
    });
  }
  return startHandler(event);
});
