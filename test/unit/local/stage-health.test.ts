import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../lambda/domain/ops/metrics.ts';
import { healthResponse } from '../../../local/health/component-health.ts';
import { PrometheusMetrics } from '../../../local/ops/prometheus-metrics.ts';
import { assessStages, mergeHealth, type StageSample } from '../../../local/ops/stage-health.ts';

const STUCK_MS = 120_000;
const aggregation = (now: number, lagMs: number, idleMs: number): StageSample['aggregation'] => ({
  watermark: now - lagMs,
  records: 42,
  progressedAt: now - idleMs,
  periodMs: 10_000,
  allowedLatenessMs: 2_000,
});

describe('the stages’ health', () => {
  it.each([
    ['an hour', Date.parse('2026-11-22T11:00:01.000Z'), '2026-11-22T10:59:40Z'],
    ['a day', Date.parse('2026-11-23T00:00:05.000Z'), '2026-11-22T23:59:50Z'],
    ['a year', Date.parse('2027-01-01T00:00:09.500Z'), '2026-12-31T23:59:50Z'],
  ])('names the last window closed across %s boundary', (_name, now, closed) => {
    // Prepare: the watermark trails the clock by 0.5 s, windows close 2 s after their end
    const stages = assessStages({ now, aggregation: aggregation(now, 500, 1_000) }, STUCK_MS);

    // Assess
    expect(stages.aggregation).toStrictEqual({ status: 'ok', lag_ms: 500, records: 42, last_window_closed: closed });
  });

  it('calls the aggregation stuck only when it lags and has read nothing for the stuck time', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(assessStages({ now, aggregation: aggregation(now, 600_000, 1_000) }, STUCK_MS).aggregation?.status).toBe(
      'ok',
    );
    expect(assessStages({ now, aggregation: aggregation(now, 600_000, 120_001) }, STUCK_MS).aggregation).toMatchObject({
      status: 'stuck',
      reason: 'the watermark is 600 s behind and nothing was read',
    });
    expect(
      assessStages(
        { now, aggregation: { ...aggregation(now, 0, 0), watermark: Number.NEGATIVE_INFINITY } as never },
        STUCK_MS,
      ).aggregation,
    ).toMatchObject({ status: 'idle', lag_ms: null, last_window_closed: null });
  });

  it('adds stage details and a canary miss, and lets a component’s own failure win', () => {
    // Prepare
    const now = Date.parse('2026-11-22T10:00:00Z');
    const sample: StageSample = {
      now,
      compaction: { lastRunAt: now - 1_000 },
      canary: { probedAt: now - 60_000, latencyMs: undefined, missed: true },
      model: { trainedAt: now - 3_600_000 },
      lake: { files: 3, lastFileAt: now - 5_000 },
    };
    const reported = {
      compaction: { status: 'failing' as const, error: 'disk full', since: '2026-11-22T09:59:59.000Z' },
      reports_writer: { status: 'ok' as const },
    };

    // Act
    const components = mergeHealth(reported, assessStages(sample, STUCK_MS));

    // Assess
    expect(components).toStrictEqual({
      compaction: {
        status: 'failing',
        error: 'disk full',
        since: '2026-11-22T09:59:59.000Z',
        last_run_at: '2026-11-22T09:59:59.000Z',
      },
      reports_writer: { status: 'ok' },
      lake: { status: 'ok', files: 3, last_file_at: '2026-11-22T09:59:55.000Z' },
      model: { status: 'ok', trained_at: '2026-11-22T09:00:00.000Z', age_seconds: 3_600 },
      canary: {
        status: 'stuck',
        reason: 'the last canary bid never reached its report row',
        latency_ms: null,
        probed_at: '2026-11-22T09:59:00.000Z',
      },
    });
    expect(healthResponse(components, {}).statusCode).toBe(503);
    expect(healthResponse({ lake: { status: 'idle' } }, {}).statusCode).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('exports counts as counters and the rest as gauges, under the AWS names, dimensions as labels', async () => {
    // Prepare
    const metrics = new PrometheusMetrics();

    // Act
    metrics.record([
      { metric: METRICS.reportRowsWritten, value: 3 },
      { metric: METRICS.reportRowsWritten, value: 2 },
      { metric: METRICS.canaryLatency, value: 4_000 },
      { metric: METRICS.canaryLatency, value: 3_500 },
      { metric: METRICS.failedEvents, value: 2, dimensions: { Reason: 'malformed' } },
    ]);
    const text = await metrics.text();

    // Assess
    expect(text).toContain('# TYPE ReportRowsWritten counter\nReportRowsWritten 5\n');
    expect(text).toContain('# TYPE CanaryLatency gauge\nCanaryLatency 3500\n');
    expect(text).toContain('FailedEvents{Reason="malformed"} 2');
  });
});
