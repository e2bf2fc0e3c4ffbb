/** Aggregation semantics settings (SPEC.md §5), all in milliseconds of event time. */
export interface AggregationConfig {
  /** Tumbling window length. */
  readonly periodMs: number;
  /** A bid and its impression join when their timestamps are at most this far apart, either order. */
  readonly attributionWindowMs: number;
  /** An impression and its click join when their timestamps are at most this far apart, either order. */
  readonly clickWindowMs: number;
  /** A window is first emitted once the watermark passes its end plus this. */
  readonly allowedLatenessMs: number;
}

/** The language-neutral form used by the shared fixtures and the Flink job's properties. */
export interface AggregationSettings {
  readonly period_seconds: number;
  readonly attribution_window_seconds: number;
  readonly click_window_seconds: number;
  readonly allowed_lateness_seconds: number;
}

export const AWS_DEFAULTS: AggregationSettings = {
  period_seconds: 60,
  attribution_window_seconds: 300,
  click_window_seconds: 900,
  allowed_lateness_seconds: 5,
};

export const LOCAL_DEFAULTS: AggregationSettings = { ...AWS_DEFAULTS, period_seconds: 10, allowed_lateness_seconds: 2 };

export function aggregationConfig(settings: AggregationSettings): AggregationConfig {
  for (const [name, value] of Object.entries(settings)) {
    const min = name === 'allowed_lateness_seconds' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
  }
  return {
    periodMs: settings.period_seconds * 1000,
    attributionWindowMs: settings.attribution_window_seconds * 1000,
    clickWindowMs: settings.click_window_seconds * 1000,
    allowedLatenessMs: settings.allowed_lateness_seconds * 1000,
  };
}

/**
 * How long after its end a window still accepts corrections. An impression can wait up to the
 * attribution window for its bid, and a click that came first up to the click window for its
 * impression, so a window's counts can change until both have passed.
 */
export function correctionHorizonMs(config: AggregationConfig): number {
  return config.allowedLatenessMs + config.attributionWindowMs + config.clickWindowMs;
}
