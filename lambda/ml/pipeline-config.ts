/** Environment variables the ML stack sets on the retraining pipeline's functions. */
export const PIPELINE_ENV = {
  /** The bucket holding each run's data and the trained models. */
  bucket: 'PIPELINE_BUCKET',
  stateMachineArn: 'RETRAINING_STATE_MACHINE_ARN',
  /** SSM parameter holding when the last run started (ISO-8601). */
  lastRunParameter: 'LAST_RUN_PARAMETER',
  /** New labelled bids since the last run that start the next one. */
  minNewBids: 'RETRAIN_MIN_NEW_BIDS',
  attributionWindowMs: 'ATTRIBUTION_WINDOW_MS',
  database: 'LAKE_DATABASE',
  workGroup: 'ATHENA_WORK_GROUP',
  endpointName: 'ENDPOINT_NAME',
  /** Prefix of every SageMaker model and endpoint config the pipeline creates. */
  modelNamePrefix: 'MODEL_NAME_PREFIX',
} as const;

type PipelineEnvName = (typeof PIPELINE_ENV)[keyof typeof PIPELINE_ENV];

export function requireEnv(env: NodeJS.ProcessEnv, name: PipelineEnvName): string {
  const value = env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

/** A whole number of at least `min` from the environment, or a startup error naming the variable. */
export function requireInteger(env: NodeJS.ProcessEnv, name: PipelineEnvName, min: number): number {
  const raw = requireEnv(env, name);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`Environment variable ${name} must be an integer >= ${min}. Received "${raw}"`);
  }
  return value;
}
