import { LAMBDA_ENV } from '../domain/settings/environment.ts';
import { parseSetting } from '../domain/settings/setting.ts';

/** Environment variables the ML stack sets on the retraining pipeline's functions (declared in the settings spec). */
export const PIPELINE_ENV = {
  bucket: LAMBDA_ENV.PIPELINE_BUCKET.name,
  stateMachineArn: LAMBDA_ENV.RETRAINING_STATE_MACHINE_ARN.name,
  lastRunParameter: LAMBDA_ENV.LAST_RUN_PARAMETER.name,
  minNewBids: LAMBDA_ENV.RETRAIN_MIN_NEW_BIDS.name,
  attributionWindowMs: LAMBDA_ENV.ATTRIBUTION_WINDOW_MS.name,
  database: LAMBDA_ENV.LAKE_DATABASE.name,
  workGroup: LAMBDA_ENV.ATHENA_WORK_GROUP.name,
  endpointName: LAMBDA_ENV.ENDPOINT_NAME.name,
  modelNamePrefix: LAMBDA_ENV.MODEL_NAME_PREFIX.name,
} as const;

type PipelineEnvName = (typeof PIPELINE_ENV)[keyof typeof PIPELINE_ENV];
type StringEnvName = {
  [N in PipelineEnvName]: (typeof LAMBDA_ENV)[N]['type'] extends 'string' ? N : never;
}[PipelineEnvName];
type IntegerEnvName = Exclude<PipelineEnvName, StringEnvName>;

/** A variable the stack sets, or a startup error naming it. */
export function requireEnv(env: NodeJS.ProcessEnv, name: StringEnvName): string {
  return parseSetting(LAMBDA_ENV[name], env[name]);
}

/** A whole number in the variable's range, or a startup error naming the variable, the value and the range. */
export function requireInteger(env: NodeJS.ProcessEnv, name: IntegerEnvName): number {
  return parseSetting(LAMBDA_ENV[name], env[name]);
}
