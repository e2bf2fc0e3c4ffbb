import { LAMBDA_ENV } from '../domain/settings/environment.ts';
import { parseSetting } from '../domain/settings/setting.ts';

/** Environment variables the observability stack sets on the canary and the failed-writes recorder. */
export const OPS_ENV = {
  bcnsStream: LAMBDA_ENV.BCNS_STREAM_NAME.name,
  reportTable: LAMBDA_ENV.REPORTS_TABLE_NAME.name,
  periodSeconds: LAMBDA_ENV.PERIOD_SECONDS.name,
  canaryTimeoutSeconds: LAMBDA_ENV.CANARY_TIMEOUT_SECONDS.name,
  modelParameter: LAMBDA_ENV.CURRENT_MODEL_PARAMETER.name,
  failedEventsStream: LAMBDA_ENV.FAILED_EVENTS_STREAM_NAME.name,
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
  const E = LAMBDA_ENV;
  return {
    bcnsStream: parseSetting(E.BCNS_STREAM_NAME, env[E.BCNS_STREAM_NAME.name]),
    reportTable: parseSetting(E.REPORTS_TABLE_NAME, env[E.REPORTS_TABLE_NAME.name]),
    periodMs: parseSetting(E.PERIOD_SECONDS, env[E.PERIOD_SECONDS.name]) * 1000,
    timeoutMs: parseSetting(E.CANARY_TIMEOUT_SECONDS, env[E.CANARY_TIMEOUT_SECONDS.name]) * 1000,
    modelParameter: env[E.CURRENT_MODEL_PARAMETER.name] || undefined,
  };
}

export function loadFailedWritesConfig(env: NodeJS.ProcessEnv = process.env): { failedEventsStream: string } {
  const E = LAMBDA_ENV;
  return { failedEventsStream: parseSetting(E.FAILED_EVENTS_STREAM_NAME, env[E.FAILED_EVENTS_STREAM_NAME.name]) };
}
