/*
 * Names of what a retraining run creates. SageMaker names allow letters, digits and '-' up to 63
 * characters and are unique per account and region, so every name carries the platform prefix and
 * the Step Functions execution name, and the IAM policies are scoped to `<prefix>-ml-*`.
 */

/** Triggers of one 15-minute slot name the same execution, so racing starters collide. */
const RUN_SLOT_MS = 15 * 60_000;

/** `retrain-20261122t1015` for any time in 10:15:00–10:29:59 UTC of 2026-11-22. */
export function runExecutionName(epochMs: number): string {
  const slot = new Date(Math.floor(epochMs / RUN_SLOT_MS) * RUN_SLOT_MS).toISOString();
  return `retrain-${slot.slice(0, 4)}${slot.slice(5, 7)}${slot.slice(8, 10)}t${slot.slice(11, 13)}${slot.slice(14, 16)}`;
}

/** Prefix of the run's training job, model, endpoint config and transform jobs. */
export const modelNamePrefix = (prefix: string) => `${prefix}-ml-`;

/** The one endpoint the predictions API calls; the pipeline creates it with the first model it accepts. */
export const endpointName = (prefix: string) => `${prefix}-win-model`;
