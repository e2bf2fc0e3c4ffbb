import { describe, expect, it } from 'vitest';
import {
  buildCampaignReport,
  type CampaignReport,
  type PeriodCounts,
  periodKeyRange,
} from '../../../../lambda/domain/reports/campaign-report.ts';
import {
  encodeToken,
  parseReportQuery,
  type ReportQuery,
  tokenScope,
} from '../../../../lambda/domain/reports/report-query.ts';

/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);

const CAMPAIGN = 1463517;

function query(overrides: Partial<ReportQuery> = {}): ReportQuery {
  return {
    campaignItemId: CAMPAIGN,
    fromMs: undefined,
    toMs: undefined,
    granularity: 'period',
    limit: 100,
    after: undefined,
    ...overrides,
  };
}

const row = (period: string, bids: number, impressions: number, clicks: number, spend: number): PeriodCounts => ({
  period,
  bids,
  impressions,
  clicks,
  spend,
});

/** Stored 10-second periods over two hours of one day and the next day, ascending. */
const STORED: PeriodCounts[] = [
  row('2026-11-22T10:15:00Z', 10, 4, 1, 4_000_000),
  row('2026-11-22T10:15:10Z', 5, 2, 0, 1_500_000),
  row('2026-11-22T10:59:50Z', 1, 1, 1, 900_000),
  row('2026-11-22T11:00:00Z', 7, 3, 0, 2_100_000),
  row('2026-11-22T23:59:50Z', 2, 0, 0, 0),
  row('2026-11-23T00:00:00Z', 3, 1, 1, 1_000_000),
];
const STORED_TOTALS = { bids: 28, impressions: 11, clicks: 3, spend: 9_500_000 };

describe('buildCampaignReport', () => {
  it('returns zero totals and no periods for a campaign without stored periods', () => {
    // Act
    const report = buildCampaignReport(query(), []);

    // Assess
    expect(report).toStrictEqual({
      campaign_item_id: CAMPAIGN,
      granularity: 'period',
      totals: { bids: 0, impressions: 0, clicks: 0, spend: 0 },
      periods: [],
      next_token: null,
    } satisfies CampaignReport);
  });

  it('returns each stored period as is with the totals over all of them', () => {
    // Act
    const report = buildCampaignReport(query(), STORED);

    // Assess
    expect(report).toStrictEqual({
      campaign_item_id: CAMPAIGN,
      granularity: 'period',
      totals: STORED_TOTALS,
      periods: STORED,
      next_token: null,
    });
  });

  it('sorts periods given out of order ascending', () => {
    // Prepare
    const shuffled = [STORED[3], STORED[0], STORED[5], STORED[1], STORED[4], STORED[2]] as PeriodCounts[];

    // Act
    const report = buildCampaignReport(query(), shuffled);

    // Assess
    expect(report.periods).toStrictEqual(STORED);
  });

  it('rolls periods up to the hours they start in', () => {
    // Act
    const report = buildCampaignReport(query({ granularity: 'hour' }), STORED);

    // Assess
    expect(report).toStrictEqual({
      campaign_item_id: CAMPAIGN,
      granularity: 'hour',
      totals: STORED_TOTALS,
      periods: [
        row('2026-11-22T10:00:00Z', 16, 7, 2, 6_400_000),
        row('2026-11-22T11:00:00Z', 7, 3, 0, 2_100_000),
        row('2026-11-22T23:00:00Z', 2, 0, 0, 0),
        row('2026-11-23T00:00:00Z', 3, 1, 1, 1_000_000),
      ],
      next_token: null,
    });
  });

  it('rolls periods up to the UTC days they start in', () => {
    // Act
    const report = buildCampaignReport(query({ granularity: 'day' }), STORED);

    // Assess
    expect(report).toStrictEqual({
      campaign_item_id: CAMPAIGN,
      granularity: 'day',
      totals: STORED_TOTALS,
      periods: [row('2026-11-22T00:00:00Z', 25, 10, 2, 8_500_000), row('2026-11-23T00:00:00Z', 3, 1, 1, 1_000_000)],
      next_token: null,
    });
  });

  it.each([
    ['period', ['2026-12-31T23:59:50Z', '2027-01-01T00:00:00Z']],
    ['hour', ['2026-12-31T23:00:00Z', '2027-01-01T00:00:00Z']],
    ['day', ['2026-12-31T00:00:00Z', '2027-01-01T00:00:00Z']],
  ] as const)('keeps the last window of a year and the first of the next apart per %s', (granularity, periods) => {
    // Prepare
    const newYear = [row('2026-12-31T23:59:50Z', 2, 1, 0, 100), row('2027-01-01T00:00:00Z', 3, 1, 1, 200)];

    // Act
    const report = buildCampaignReport(query({ granularity }), newYear);

    // Assess
    expect(report.periods).toStrictEqual([
      { ...(newYear[0] as PeriodCounts), period: periods[0] },
      { ...(newYear[1] as PeriodCounts), period: periods[1] },
    ]);
  });

  it('reads the range up to New Year (exclusive) as the periods of the old year only', () => {
    // Act
    const range = periodKeyRange(query({ fromMs: Date.parse('2026-12-31T23:00:00Z'), toMs: Date.parse('2027-01-01') }));

    // Assess
    expect(range).toStrictEqual({ from: '2026-12-31T23:00:00Z', to: '2026-12-31T23:59:59Z' });
  });

  it('does not change the stored periods it rolls up', () => {
    // Prepare
    const stored = structuredClone(STORED);

    // Act
    buildCampaignReport(query({ granularity: 'day' }), stored);

    // Assess
    expect(stored).toStrictEqual(STORED);
  });

  it('cuts the first page at the limit and totals the whole range', () => {
    // Act
    const report = buildCampaignReport(query({ limit: 2 }), STORED);

    // Assess
    expect(report).toStrictEqual({
      campaign_item_id: CAMPAIGN,
      granularity: 'period',
      totals: STORED_TOTALS,
      periods: [STORED[0], STORED[1]],
      next_token: encodeToken('2026-11-22T10:15:10Z', tokenScope(query())),
    });
  });

  it('starts a page after the bucket its token names and ends the last page with a null token', () => {
    // Act
    const report = buildCampaignReport(query({ limit: 4, after: '2026-11-22T10:15:10Z' }), STORED);

    // Assess
    expect(report).toStrictEqual({
      campaign_item_id: CAMPAIGN,
      granularity: 'period',
      totals: STORED_TOTALS,
      periods: STORED.slice(2),
      next_token: null,
    });
  });

  it('gives no token when the page ends exactly at the last bucket', () => {
    // Act
    const report = buildCampaignReport(query({ limit: 6 }), STORED);

    // Assess
    expect(report.periods).toStrictEqual(STORED);
    expect(report.next_token).toBeNull();
  });

  it('returns an empty page and null token after the last bucket', () => {
    // Act
    const report = buildCampaignReport(query({ after: '2026-11-23T00:00:00Z' }), STORED);

    // Assess
    expect(report).toStrictEqual({
      campaign_item_id: CAMPAIGN,
      granularity: 'period',
      totals: STORED_TOTALS,
      periods: [],
      next_token: null,
    });
  });

  it.each(
    named([
      { name: 'periods one at a time', granularity: 'period' as const, limit: 1, pages: 6 },
      { name: 'periods four at a time', granularity: 'period' as const, limit: 4, pages: 2 },
      { name: 'periods three at a time (the last page full)', granularity: 'period' as const, limit: 3, pages: 2 },
      { name: 'hours one at a time', granularity: 'hour' as const, limit: 1, pages: 4 },
      { name: 'days one at a time', granularity: 'day' as const, limit: 1, pages: 2 },
    ]),
  )('walks every bucket exactly once following next_token: %s', (_, { granularity, limit, pages }) => {
    // Prepare
    const all = buildCampaignReport(query({ granularity, limit: 1000 }), STORED).periods;
    const walked: PeriodCounts[] = [];
    const totals: unknown[] = [];
    let token: string | null = null;
    let requests = 0;

    // Act
    do {
      const params: Record<string, string> = { granularity, limit: String(limit) };
      if (token !== null) params.next_token = token;
      const report = buildCampaignReport(parseReportQuery(String(CAMPAIGN), params), STORED);
      walked.push(...report.periods);
      totals.push(report.totals);
      token = report.next_token;
      requests++;
    } while (token !== null && requests <= 10);

    // Assess
    expect(requests).toBe(pages);
    expect(walked).toStrictEqual(all);
    expect(new Set(walked.map((bucket) => bucket.period)).size).toBe(walked.length);
    expect(totals).toStrictEqual(Array.from({ length: pages }, () => STORED_TOTALS));
  });
});

describe('periodKeyRange', () => {
  it.each(
    named([
      {
        name: 'the whole key space without bounds',
        bounds: {},
        expected: { from: '1970-01-01T00:00:00Z', to: '9999-12-31T23:59:59Z' },
      },
      {
        name: 'a whole-second from as is (inclusive)',
        bounds: { fromMs: Date.UTC(2026, 10, 22, 10, 15) },
        expected: { from: '2026-11-22T10:15:00Z', to: '9999-12-31T23:59:59Z' },
      },
      {
        name: 'a sub-second from up to the next whole second',
        bounds: { fromMs: Date.UTC(2026, 10, 22, 10, 15, 0, 1) },
        expected: { from: '2026-11-22T10:15:01Z', to: '9999-12-31T23:59:59Z' },
      },
      {
        name: 'a whole-second to as the second before it (exclusive)',
        bounds: { toMs: Date.UTC(2026, 10, 22, 11) },
        expected: { from: '1970-01-01T00:00:00Z', to: '2026-11-22T10:59:59Z' },
      },
      {
        name: 'a sub-second to as the whole second before it',
        bounds: { toMs: Date.UTC(2026, 10, 22, 11, 0, 0, 1) },
        expected: { from: '1970-01-01T00:00:00Z', to: '2026-11-22T11:00:00Z' },
      },
      {
        name: 'a to of 999 ms as the whole second before it',
        bounds: { toMs: Date.UTC(2026, 10, 22, 11, 0, 0, 999) },
        expected: { from: '1970-01-01T00:00:00Z', to: '2026-11-22T11:00:00Z' },
      },
      {
        name: 'a one-second range as that one key',
        bounds: { fromMs: Date.UTC(2026, 10, 22, 10, 15), toMs: Date.UTC(2026, 10, 22, 10, 15, 1) },
        expected: { from: '2026-11-22T10:15:00Z', to: '2026-11-22T10:15:00Z' },
      },
      {
        name: 'a range inside one second as an empty range (from after to)',
        bounds: { fromMs: Date.UTC(2026, 10, 22, 10, 15, 0, 200), toMs: Date.UTC(2026, 10, 22, 10, 15, 0, 800) },
        expected: { from: '2026-11-22T10:15:01Z', to: '2026-11-22T10:15:00Z' },
      },
      {
        name: 'epoch 0 as the first key',
        bounds: { fromMs: 0, toMs: 1000 },
        expected: { from: '1970-01-01T00:00:00Z', to: '1970-01-01T00:00:00Z' },
      },
    ]),
  )('gives %s', (_, { bounds, expected }) => {
    // Act
    const range = periodKeyRange(query(bounds));

    // Assess
    expect(range).toStrictEqual(expected);
  });

  it('selects exactly the whole-second periods p with from <= p < to', () => {
    // Prepare
    const fromMs = Date.UTC(2026, 10, 22, 10, 15, 0, 500);
    const toMs = Date.UTC(2026, 10, 22, 10, 15, 3, 0);
    const seconds = Array.from({ length: 6 }, (_, i) => Date.UTC(2026, 10, 22, 10, 14, 59) + i * 1000);

    // Act
    const { from, to } = periodKeyRange(query({ fromMs, toMs }));

    // Assess
    const selected = seconds.filter((ms) => {
      const key = `${new Date(ms).toISOString().slice(0, 19)}Z`;
      return from <= key && key <= to;
    });
    expect(selected).toStrictEqual(seconds.filter((ms) => fromMs <= ms && ms < toMs));
    expect(selected).toStrictEqual([Date.UTC(2026, 10, 22, 10, 15, 1), Date.UTC(2026, 10, 22, 10, 15, 2)]);
  });
});
