import type { MetricPoint, MetricsSink } from '../../lambda/domain/ops/metrics.ts';
import type { Log } from '../../lambda/observability/log.ts';

export type LogCall = [level: 'info' | 'warn' | 'error', message: string, ...fields: unknown[]];

/** A Log that keeps every call, to assert what a handler logged and at which level. */
export function recordingLog(): Log & { readonly calls: LogCall[] } {
  const calls: LogCall[] = [];
  return {
    calls,
    info: (message: string, ...fields: unknown[]) => calls.push(['info', message, ...fields]),
    warn: (message: string, ...fields: unknown[]) => calls.push(['warn', message, ...fields]),
    error: (message: string, ...fields: unknown[]) => calls.push(['error', message, ...fields]),
  } as Log & { readonly calls: LogCall[] };
}

/** A MetricsSink that keeps every point, and sums them by metric name (and dimensions) for assertions. */
export function recordingMetrics(): MetricsSink & { readonly points: MetricPoint[]; totals(): Record<string, number> } {
  const points: MetricPoint[] = [];
  return {
    points,
    record: (recorded) => {
      points.push(...recorded);
    },
    totals: () => {
      const totals: Record<string, number> = {};
      for (const { metric, value, dimensions } of points) {
        const key = dimensions ? `${metric.name}${JSON.stringify(dimensions)}` : metric.name;
        totals[key] = (totals[key] ?? 0) + value;
      }
      return totals;
    },
  };
}
