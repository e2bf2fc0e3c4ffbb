export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly average: number;
  readonly max: number;
}

/** Percentiles (nearest rank), mean and maximum of latencies in milliseconds; NaN when there are none. */
export function summarizeLatencies(latencies: Float64Array): LatencySummary {
  const sorted = latencies.slice().sort();
  const count = sorted.length;
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * count) - 1)] ?? Number.NaN;
  return {
    p50: at(0.5),
    p99: at(0.99),
    average: count === 0 ? Number.NaN : sorted.reduce((sum, value) => sum + value, 0) / count,
    max: sorted[count - 1] ?? Number.NaN,
  };
}

/** Answers whose status is outside 2xx, from counts by status. */
export function countNon2xx(statusCodes: Readonly<Record<string, number>>): number {
  return Object.entries(statusCodes).reduce((sum, [status, count]) => sum + (status.startsWith('2') ? 0 : count), 0);
}
