import { describe, expect, it } from 'vitest';
import { formatCount, formatRatio, formatSpend } from '../../../dashboard/src/format.ts';
import { healthView } from '../../../dashboard/src/health-view.ts';
import { seriesColumns, timeSpan } from '../../../dashboard/src/series.ts';
import { LIST_RANGES, listQuery, SERIES_RANGES, seriesQuery } from '../../../dashboard/src/time-range.ts';

const at = (iso: string) => Date.parse(iso);
const listRange = (id: string) => LIST_RANGES.find((range) => range.id === id) as (typeof LIST_RANGES)[number];
const seriesRange = (id: string) => SERIES_RANGES.find((range) => range.id === id) as (typeof SERIES_RANGES)[number];

describe('the range pickers', () => {
  it.each([
    { id: 'hour', now: '2026-11-22T10:15:00Z', from: '2026-11-22T10:00:00Z', to: '2026-11-22T11:00:00Z' },
    { id: '24h', now: '2026-11-22T10:00:00Z', from: '2026-11-21T11:00:00Z', to: '2026-11-22T11:00:00Z' },
    { id: 'today', now: '2026-11-22T23:59:59.999Z', from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' },
    { id: '24h', now: '2027-01-01T00:30:00Z', from: '2026-12-31T01:00:00Z', to: '2027-01-01T01:00:00Z' },
    { id: '7d', now: '2026-03-01T05:10:00Z', from: '2026-02-22T06:00:00Z', to: '2026-03-01T06:00:00Z' },
  ])(
    'asks for the campaign list of "$id" at $now in whole hours ending with the hour in progress',
    ({ id, now, from, to }) => {
      expect(listQuery(listRange(id), at(now))).toStrictEqual({ from, to });
    },
  );

  it.each([
    { id: '15m', granularity: 'period', now: '2026-11-22T10:15:07Z', from: '2026-11-22T10:00:00Z' },
    { id: '1h', granularity: 'hour', now: '2027-01-01T00:15:07Z', from: '2026-12-31T23:00:00Z' },
    { id: '30d', granularity: 'day', now: '2026-03-01T05:10:00Z', from: '2026-01-30T00:00:00Z' },
  ] as const)('starts the "$id" chart on a whole $granularity bucket', ({ id, granularity, now, from }) => {
    expect(seriesQuery(seriesRange(id), granularity, at(now), 10)).toStrictEqual({ from, granularity });
  });
});

describe('healthView', () => {
  const timing = { periodSeconds: 10, allowedLatenessSeconds: 2 };
  const body = (records: number, watermark: string | null, extra: Record<string, unknown> = {}) => ({
    status: 'ok',
    components: { kinesis: { status: 'ok' } },
    watermark,
    aggregation: { records, malformed: 1, duplicates: 9, lateDropped: 2 },
    lake: { bcns: { rejected: 3 }, clicks: { rejected: 0 } },
    ...extra,
  });

  it('answers the ingest rate between two samples, the lag, the last window closed and failed events', () => {
    // Act
    const view = healthView(
      { at: at('2026-11-22T10:15:04Z'), httpStatus: 200, body: body(1_500, '2026-11-22T10:15:01.000Z') },
      { at: at('2026-11-22T10:14:59Z'), httpStatus: 200, body: body(1_000, '2026-11-22T10:14:56.000Z') },
      timing,
    );

    // Assess: the window [10:14:50, 10:15:00) closed at 10:15:02 of event time; 10:14:59 + 2 s is not yet there.
    expect(view).toStrictEqual({
      status: 'ok',
      failing: [],
      rows: [
        { id: 'ingest', label: 'Ingest rate', value: '100 events/s', state: 'ok' },
        { id: 'lag', label: 'Processor lag', value: '3.0 s', state: 'ok' },
        { id: 'window', label: 'Last window closed', value: '2026-11-22 10:14:40 UTC', state: 'ok' },
        { id: 'lake', label: 'Lake freshness', value: 'not reported', state: 'unknown' },
        { id: 'compaction', label: 'Last compaction', value: 'not reported', state: 'unknown' },
        { id: 'failed', label: 'Failed events', value: '6', state: 'warn' },
      ],
    });
  });

  it('flags a processor more than two windows behind, and a platform whose /health names failing parts', () => {
    // Act
    const view = healthView(
      {
        at: at('2026-11-22T10:15:30Z'),
        httpStatus: 503,
        body: body(1_000, '2026-11-22T10:15:00Z', { status: 'failing', failing: ['dynamodb'] }),
      },
      undefined,
      timing,
    );

    // Assess
    expect(view.status).toBe('degraded');
    expect(view.failing).toStrictEqual(['dynamodb']);
    expect(view.rows.find((row) => row.id === 'lag')).toMatchObject({ value: '30.0 s', state: 'warn' });
    expect(view.rows.find((row) => row.id === 'ingest')).toMatchObject({ value: '–', state: 'unknown' });
  });

  it("reads the lake's last file and the last compaction from /health's components, across midnight", () => {
    // Prepare
    const components = {
      lake_bcns: { status: 'ok' },
      lake: { status: 'ok', files: 8, last_file_at: '2026-12-31T23:59:58.500Z' },
      compaction: { status: 'ok', last_run_at: '2026-12-31T23:00:00.000Z' },
    };

    // Act
    const view = healthView(
      { at: at('2027-01-01T00:00:01Z'), httpStatus: 200, body: body(10, '2027-01-01T00:00:00Z', { components }) },
      undefined,
      timing,
    );

    // Assess
    expect(view.rows.filter((row) => row.id === 'lake' || row.id === 'compaction')).toStrictEqual([
      { id: 'lake', label: 'Lake freshness', value: 'last file 2.5 s ago', state: 'ok' },
      { id: 'compaction', label: 'Last compaction', value: '2026-12-31 23:00:00 UTC', state: 'ok' },
    ]);
  });

  it('says the lake has no files and compaction has not run yet, and flags a failing lake writer or compaction', () => {
    // Prepare
    const idle = {
      lake: { status: 'idle', files: 0, last_file_at: null },
      compaction: { status: 'idle', last_run_at: null },
    };
    const failing = {
      lake_clicks: { status: 'failing', error: 'ENOSPC', since: '2026-11-22T10:15:00.000Z' },
      lake: { status: 'ok', files: 1, last_file_at: '2026-11-22T10:14:00.000Z' },
      compaction: { status: 'failing', error: 'ENOSPC', since: '2026-11-22T10:15:00.000Z', last_run_at: null },
    };
    const sample = (components: object) => ({
      at: at('2026-11-22T10:15:30Z'),
      httpStatus: 200,
      body: body(10, '2026-11-22T10:15:29Z', { components }),
    });

    // Act
    const rows = [idle, failing].map((components) =>
      healthView(sample(components), undefined, timing).rows.filter(
        (row) => row.id === 'lake' || row.id === 'compaction',
      ),
    );

    // Assess
    expect(rows).toStrictEqual([
      [
        { id: 'lake', label: 'Lake freshness', value: 'no files yet', state: 'unknown' },
        { id: 'compaction', label: 'Last compaction', value: 'not run yet', state: 'unknown' },
      ],
      [
        { id: 'lake', label: 'Lake freshness', value: 'last file 2 min ago', state: 'warn' },
        { id: 'compaction', label: 'Last compaction', value: 'not run yet', state: 'warn' },
      ],
    ]);
  });

  it('shows nothing it cannot know when the consumers are off', () => {
    const view = healthView({ at: 0, httpStatus: 200, body: { status: 'ok', consumers: 'off' } }, undefined, timing);
    expect(view.rows.map((row) => row.state)).toStrictEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });
});

describe('the page formats and chart columns', () => {
  it('writes counts with separators, ratios as percentages and micro-unit spend as currency', () => {
    expect([formatCount(12_345), formatRatio(0.38612), formatRatio(null), formatSpend(1_200_000_5)]).toStrictEqual([
      '12,345',
      '38.6%',
      '–',
      '12.00',
    ]);
  });

  it('charts one point per bucket, times in epoch seconds and spend in currency units', () => {
    expect(
      seriesColumns([
        { period: '2026-11-22T10:15:00Z', bids: 3, impressions: 1, clicks: 0, spend: 1_500_000 },
        { period: '2026-11-22T10:15:20Z', bids: 2, impressions: 2, clicks: 1, spend: 250_000 },
      ]),
    ).toStrictEqual([
      [at('2026-11-22T10:15:00Z') / 1000, at('2026-11-22T10:15:20Z') / 1000],
      [3, 2],
      [1, 2],
      [0, 1],
      [1.5, 0.25],
    ]);
  });
});

describe('the time axis', () => {
  const t = (iso: string) => Date.parse(iso) / 1000;
  const NOW = t('2027-01-01T00:05:00Z');

  it('spans the buckets it draws, first to last', () => {
    expect(timeSpan(t('2026-12-31T23:58:00Z'), t('2027-01-01T00:02:00Z'), 60, NOW)).toStrictEqual([
      t('2026-12-31T23:58:00Z'),
      t('2027-01-01T00:02:00Z'),
    ]);
  });

  it('gives a lone bucket one bucket on either side, not years', () => {
    expect(timeSpan(t('2026-12-31T23:00:00Z'), t('2026-12-31T23:00:00Z'), 3_600, NOW)).toStrictEqual([
      t('2026-12-31T22:00:00Z'),
      t('2027-01-01T00:00:00Z'),
    ]);
  });

  it('shows the last bucket up to now before there is any', () => {
    expect(timeSpan(null, null, 10, NOW)).toStrictEqual([NOW - 10, NOW]);
  });
});
