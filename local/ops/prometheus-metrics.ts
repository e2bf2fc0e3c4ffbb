import { Counter, Gauge, Registry } from 'prom-client';
import { METRICS, type MetricDefinition, type MetricPoint, type MetricsSink } from '../../lambda/domain/ops/metrics.ts';

/**
 * The business metrics of lambda/domain/ops/metrics.ts under the same names as on AWS, served by
 * `GET /metrics` in Prometheus' text format: counts as counters, the rest as gauges of the latest
 * value, dimensions as labels.
 */
export class PrometheusMetrics implements MetricsSink {
  readonly registry = new Registry();
  readonly #series = new Map<string, Counter<string> | Gauge<string>>();

  constructor() {
    for (const metric of Object.values(METRICS))
      this.#define(metric, metric === METRICS.failedEvents ? ['Reason'] : []);
  }

  record(points: readonly MetricPoint[]): void {
    for (const { metric, value, dimensions = {} } of points) {
      const series = this.#series.get(metric.name) ?? this.#define(metric, Object.keys(dimensions));
      if (series instanceof Counter) series.inc(dimensions, value);
      else series.set(dimensions, value);
    }
  }

  /** A gauge read when `/metrics` is scraped (stage lag, last file age), with optional labels. */
  gauge(name: string, help: string, read: () => number | undefined): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        const value = read();
        if (value !== undefined) this.set(value);
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  #define(metric: MetricDefinition, labelNames: string[]): Counter<string> | Gauge<string> {
    const options = { name: metric.name, help: metric.help, labelNames, registers: [this.registry] };
    const series = metric.kind === 'counter' ? new Counter(options) : new Gauge(options);
    this.#series.set(metric.name, series);
    return series;
  }
}
