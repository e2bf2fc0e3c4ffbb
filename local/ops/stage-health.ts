import { formatPeriod } from '../../lambda/domain/aggregation/aggregation-records.ts';
import type { ComponentHealth } from '../health/component-health.ts';

/** What the stages report, sampled by the platform; times are epoch ms. */
export interface StageSample {
  readonly now: number;
  readonly aggregation?: {
    readonly watermark: number;
    readonly records: number;
    /** When `records` or the watermark last changed. */
    readonly progressedAt: number;
    readonly periodMs: number;
    readonly allowedLatenessMs: number;
  };
  readonly lake?: { readonly files: number; readonly lastFileAt: number | undefined };
  readonly compaction?: { readonly lastRunAt: number | undefined };
  readonly model?: { readonly trainedAt: number | undefined };
  readonly canary?: {
    readonly probedAt: number | undefined;
    readonly latencyMs: number | undefined;
    readonly missed: boolean;
  };
}

const iso = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

/**
 * Judges the stages that can be stuck without an error (a component that fails reports that itself,
 * local/health/component-health.ts) and adds each stage's details: the aggregation is stuck when its
 * watermark (which follows the clock once caught up) lags `stuckMs` with nothing read meanwhile, the
 * canary when its last bid never reached its report row.
 */
export function assessStages(sample: StageSample, stuckMs: number): Record<string, ComponentHealth> {
  const { now } = sample;
  const stages: Record<string, ComponentHealth> = {};
  const agg = sample.aggregation;
  if (agg) {
    const seen = Number.isFinite(agg.watermark);
    const lagMs = seen ? Math.max(0, now - agg.watermark) : null;
    const closedEnd = agg.watermark - agg.allowedLatenessMs;
    const lastClosed = seen ? Math.floor(closedEnd / agg.periodMs) * agg.periodMs - agg.periodMs : undefined;
    const details = {
      lag_ms: lagMs,
      records: agg.records,
      last_window_closed: lastClosed === undefined ? null : formatPeriod(lastClosed),
    };
    const stuck = lagMs !== null && lagMs > stuckMs && now - agg.progressedAt > stuckMs;
    stages.aggregation = stuck
      ? {
          status: 'stuck',
          reason: `the watermark is ${Math.round((lagMs as number) / 1000)} s behind and nothing was read`,
          ...details,
        }
      : { status: seen ? 'ok' : 'idle', ...details };
  }
  const lake = sample.lake;
  if (lake) {
    stages.lake = { status: lake.files > 0 ? 'ok' : 'idle', files: lake.files, last_file_at: iso(lake.lastFileAt) };
  }
  if (sample.compaction) {
    const { lastRunAt } = sample.compaction;
    stages.compaction = { status: lastRunAt === undefined ? 'idle' : 'ok', last_run_at: iso(lastRunAt) };
  }
  const model = sample.model;
  if (model) {
    stages.model = {
      status: model.trainedAt === undefined ? 'idle' : 'ok',
      trained_at: iso(model.trainedAt),
      age_seconds: model.trainedAt === undefined ? null : Math.round((now - model.trainedAt) / 1000),
    };
  }
  const canary = sample.canary;
  if (canary) {
    const details = { latency_ms: canary.latencyMs ?? null, probed_at: iso(canary.probedAt) };
    stages.canary = canary.missed
      ? { status: 'stuck', reason: 'the last canary bid never reached its report row', ...details }
      : { status: canary.probedAt === undefined ? 'idle' : 'ok', ...details };
  }
  return stages;
}

/**
 * One set of components: what each component reports about itself, with the stage's details and
 * judgement added. A failure the component reports wins over the judgement.
 */
export function mergeHealth(
  reported: Readonly<Record<string, ComponentHealth>>,
  assessed: Readonly<Record<string, ComponentHealth>>,
): Record<string, ComponentHealth> {
  const merged: Record<string, ComponentHealth> = { ...reported };
  for (const [name, stage] of Object.entries(assessed)) {
    const own = reported[name];
    merged[name] = own?.status === 'failing' ? { ...stage, ...own } : stage;
  }
  return merged;
}
