import { GIB, type LineContext, SECONDS_PER_MONTH } from '../cost-model.ts';
import type { ResourceRef } from '../templates.ts';

/** A logical id without the hash CDK appends: `Bcns12FC19DD` → `Bcns`. */
export function resourceName(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

export function labelled(ref: ResourceRef, service: string, resource = resourceName(ref.logicalId)) {
  return { stack: ref.stack, service, resource };
}

/** Bytes billed when each of `records` is rounded up to a whole number of `increment`-byte units. */
export function roundedGiB(records: number, bytes: number, increment: number): number {
  return (records * Math.ceil(bytes / increment) * increment) / GIB;
}

/**
 * Traces X-Ray records a month under the default sampling rule: the first request each second and
 * 5% of the rest (the rule a deployment gets unless it defines its own).
 */
export function sampledTraces(requestsPerMonth: number): number {
  const perSecond = requestsPerMonth / SECONDS_PER_MONTH;
  return (Math.min(perSecond, 1) + 0.05 * Math.max(perSecond - 1, 0)) * SECONDS_PER_MONTH;
}

/** GB-seconds of Lambda for `invocations` of `ms` each at `memoryMiB`. */
export function gbSeconds(invocations: number, ms: number, memoryMiB: number): number {
  return invocations * (ms / 1000) * (memoryMiB / 1024);
}

export type { LineContext };
