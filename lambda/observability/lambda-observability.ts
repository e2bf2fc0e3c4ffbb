import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, type MetricPoint, type MetricsSink } from '../domain/ops/metrics.ts';

/** A Lambda's structured logger and EMF metrics (Powertools), named after its service. */
export interface LambdaObservability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly sink: MetricsSink;
}

/**
 * Powertools Logger (JSON lines with level, service, cold start and request id) and Metrics (EMF in
 * {@link METRICS_NAMESPACE}, dimension `service`), created once per execution environment.
 */
export function lambdaObservability(serviceName: string): LambdaObservability {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  return { logger, metrics, sink: new EmfSink(metrics) };
}

const UNITS = {
  Count: MetricUnit.Count,
  Milliseconds: MetricUnit.Milliseconds,
  Seconds: MetricUnit.Seconds,
  None: MetricUnit.NoUnit,
} as const;

/** Records points as EMF: a point with its own dimensions goes out as a single metric carrying them. */
export class EmfSink implements MetricsSink {
  constructor(private readonly metrics: Metrics) {}

  record(points: readonly MetricPoint[]): void {
    for (const { metric, value, dimensions } of points) {
      const unit = UNITS[metric.unit];
      if (dimensions) {
        const single = this.metrics.singleMetric();
        for (const [name, dimension] of Object.entries(dimensions)) single.addDimension(name, dimension);
        single.addMetric(metric.name, unit, value);
      } else {
        this.metrics.addMetric(metric.name, unit, value);
      }
    }
  }
}

/**
 * Wraps a handler: the request id and cold start on every log line, metrics flushed after each
 * invocation (also a failed one), and an error logged as JSON before Lambda sees it.
 */
export function instrumented<E, R>(
  { logger, metrics }: LambdaObservability,
  handler: (event: E, context?: Context) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    metrics.captureColdStartMetric();
    try {
      return await handler(event, context);
    } catch (error) {
      logger.error('Invocation failed', error as Error);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
