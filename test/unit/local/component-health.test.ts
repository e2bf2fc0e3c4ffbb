import { describe, expect, it } from 'vitest';
import { HealthState, healthResponse } from '../../../local/health/component-health.ts';

describe('HealthState', () => {
  it('reports ok until a failure, then the failure that started it until a success', () => {
    // Prepare
    const health = new HealthState();
    const start = Date.parse('2026-11-22T10:00:00Z');

    // Act
    const transitions = [
      health.fail(new Error('IO error: 000003.log: No space left on device'), start),
      health.fail(new Error('connect ECONNREFUSED 127.0.0.1:4567'), start + 1_000),
    ];
    const failing = health.snapshot();
    transitions.push(health.ok(), health.ok());

    // Assess
    expect(failing).toStrictEqual({
      status: 'failing',
      error: 'IO error: 000003.log: No space left on device',
      since: '2026-11-22T10:00:00.000Z',
    });
    expect(transitions).toStrictEqual([true, false, true, false]);
    expect(health.snapshot()).toStrictEqual({ status: 'ok' });
  });
});

describe('healthResponse', () => {
  it('answers 200 and ok while every component works', () => {
    expect(healthResponse({ kinesis: { status: 'ok' } }, { watermark: null })).toStrictEqual({
      statusCode: 200,
      body: { status: 'ok', components: { kinesis: { status: 'ok' } }, watermark: null },
    });
  });

  it('answers 503 naming the failing components', () => {
    // Prepare
    const disk = { status: 'failing', error: 'No space left on device', since: '2026-11-22T10:00:00.000Z' } as const;

    // Act
    const response = healthResponse({ kinesis: disk, dynamodb: { status: 'ok' }, lake_bcns: disk }, {});

    // Assess
    expect(response).toStrictEqual({
      statusCode: 503,
      body: {
        status: 'failing',
        failing: ['kinesis', 'lake_bcns'],
        components: { kinesis: disk, dynamodb: { status: 'ok' }, lake_bcns: disk },
      },
    });
  });
});
