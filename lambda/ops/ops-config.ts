/** Environment variables the observability stack sets on the canary and the failed-writes recorder. */
export const OPS_ENV = {
  bcnsStream: 'BCNS_STREAM_NAME',
  reportTable: 'REPORTS_TABLE_NAME',
  periodSeconds: 'PERIOD_SECONDS',
  canaryTimeoutSeconds: 'CANARY_TIMEOUT_SECONDS',
  modelParameter: 'CURRENT_MODEL_PARAMETER',
  failedEventsStream: 'FAILED_EVENTS_STREAM_NAME',
} as const;

export interface CanaryConfig {
  readonly bcnsStream: string;
  readonly reportTable: string;
  readonly periodMs: number;
  readonly timeoutMs: number;
  /** The SSM parameter holding the serving model's record; unset, no model age is measured. */
  readonly modelParameter: string | undefined;
}

export function loadCanaryConfig(env: NodeJS.ProcessEnv = process.env): CanaryConfig {
  return {
    bcnsStream: required(env, OPS_ENV.bcnsStream),
    reportTable: required(env, OPS_ENV.reportTable),
    periodMs: positiveInteger(env, OPS_ENV.periodSeconds) * 1000,
    timeoutMs: positiveInteger(env, OPS_ENV.canaryTimeoutSeconds) * 1000,
    modelParameter: env[OPS_ENV.modelParameter] || undefined,
  };
}

export function loadFailedWritesConfig(env: NodeJS.ProcessEnv = process.env): { failedEventsStream: string } {
  return { failedEventsStream: required(env, OPS_ENV.failedEventsStream) };
}

function required(env: NodeJS.ProcessEnv, key: string): string {
  const value = env[key];
  if (!value) throw new Error(`Environment variable ${key} is not set`);
  return value;
}

function positiveInteger(env: NodeJS.ProcessEnv, key: string): number {
  const value = Number(required(env, key));
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${key} must be an integer >= 1, got "${env[key]}"`);
  return value;
}
