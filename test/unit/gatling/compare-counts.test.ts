import { describe, expect, it } from 'vitest';
import { compareRun, hasLoss, type LakeCounts } from '../../../gatling/verify/compare-counts.ts';
import type { CampaignExpectation, Counts } from '../../../gatling/verify/run-ledger.ts';

const counts = (bids: number, impressions: number, clicks: number): Counts => ({ bids, impressions, clicks });
const NO_AMBIGUITY = counts(0, 0, 0);
const expectation = (accepted: Counts, ambiguous: Counts = NO_AMBIGUITY): CampaignExpectation => ({
  accepted,
  ambiguous,
});

/** Two campaigns: 101 with full traffic, 102 with bids only. */
const EXPECTED = new Map<number, CampaignExpectation>([
  [101, expectation(counts(10, 4, 1))],
  [102, expectation(counts(3, 0, 0))],
]);
const EXACT_REPORTS = new Map([
  [101, counts(10, 4, 1)],
  [102, counts(3, 0, 0)],
]);
const lakeOf = (entries: [number, Counts, Counts?][]): LakeCounts =>
  new Map(
    entries.map(([campaign, rows, distinct = rows]) => [
      campaign,
      {
        bids: { rows: rows.bids, distinct: distinct.bids },
        impressions: { rows: rows.impressions, distinct: distinct.impressions },
        clicks: { rows: rows.clicks, distinct: distinct.clicks },
      },
    ]),
  );
const EXACT_LAKE = lakeOf([
  [101, counts(10, 4, 1)],
  [102, counts(3, 0, 0)],
]);

describe('compareRun', () => {
  it('passes when the reports and the lake hold exactly what was accepted', () => {
    // Act
    const comparison = compareRun(EXPECTED, EXACT_REPORTS, EXACT_LAKE);

    // Assess
    expect(comparison).toStrictEqual({
      metrics: [
        { metric: 'bids', accepted: 13, ambiguous: 0, reports: 13, lake: { rows: 13, distinct: 13 }, problems: [] },
        { metric: 'impressions', accepted: 4, ambiguous: 0, reports: 4, lake: { rows: 4, distinct: 4 }, problems: [] },
        { metric: 'clicks', accepted: 1, ambiguous: 0, reports: 1, lake: { rows: 1, distinct: 1 }, problems: [] },
      ],
      findings: [],
      ok: true,
    });
  });

  it('leaves the lake out of the summary when it was not checked', () => {
    // Act
    const comparison = compareRun(EXPECTED, EXACT_REPORTS);

    // Assess
    expect(comparison.ok).toBe(true);
    expect(comparison.metrics.map((m) => 'lake' in m)).toStrictEqual([false, false, false]);
  });

  it('fails with a loss when a report is short of the accepted count, and a missing report counts as zero', () => {
    // Prepare
    const reports = new Map([[101, counts(10, 3, 1)]]);

    // Act
    const comparison = compareRun(EXPECTED, reports);

    // Assess
    expect(comparison.ok).toBe(false);
    expect(comparison.findings).toStrictEqual([
      { campaign: 101, metric: 'impressions', source: 'reports', problem: 'loss', accepted: 4, ambiguous: 0, found: 3 },
      { campaign: 102, metric: 'bids', source: 'reports', problem: 'loss', accepted: 3, ambiguous: 0, found: 0 },
    ]);
    expect(comparison.metrics.map((m) => [m.metric, m.reports, m.problems])).toStrictEqual([
      ['bids', 10, ['loss']],
      ['impressions', 3, ['loss']],
      ['clicks', 1, []],
    ]);
    expect(hasLoss(comparison, 'reports')).toBe(true);
    expect(hasLoss(comparison, 'lake')).toBe(false);
  });

  it('fails with an extra when a report counts more than was accepted and may have landed', () => {
    // Prepare
    const expected = new Map([[101, expectation(counts(10, 4, 1), counts(1, 0, 0))]]);

    // Act
    const comparison = compareRun(expected, new Map([[101, counts(12, 4, 1)]]));

    // Assess
    expect(comparison.ok).toBe(false);
    expect(comparison.findings).toStrictEqual([
      { campaign: 101, metric: 'bids', source: 'reports', problem: 'extra', accepted: 10, ambiguous: 1, found: 12 },
    ]);
  });

  it('reports counts within the ambiguous requests without failing', () => {
    // Prepare
    const expected = new Map([[101, expectation(counts(10, 4, 1), counts(2, 1, 0))]]);

    // Act
    const comparison = compareRun(expected, new Map([[101, counts(11, 4, 1)]]), lakeOf([[101, counts(11, 4, 1)]]));

    // Assess
    expect(comparison.ok).toBe(true);
    expect(comparison.findings.map((f) => [f.source, f.metric, f.problem])).toStrictEqual([
      ['reports', 'bids', 'ambiguous'],
      ['lake', 'bids', 'ambiguous'],
    ]);
    expect(comparison.metrics[0]).toStrictEqual({
      metric: 'bids',
      accepted: 10,
      ambiguous: 2,
      reports: 11,
      lake: { rows: 11, distinct: 11 },
      problems: ['ambiguous'],
    });
  });

  it('fails with duplicates when the lake holds more rows than distinct tx_ids', () => {
    // Prepare
    const lake = lakeOf([
      [101, counts(11, 4, 1), counts(10, 4, 1)],
      [102, counts(3, 0, 0)],
    ]);

    // Act
    const comparison = compareRun(EXPECTED, EXACT_REPORTS, lake);

    // Assess
    expect(comparison.ok).toBe(false);
    expect(comparison.findings).toStrictEqual([
      {
        campaign: 101,
        metric: 'bids',
        source: 'lake',
        problem: 'duplicates',
        accepted: 10,
        ambiguous: 0,
        found: 10,
        rows: 11,
      },
    ]);
    expect(comparison.metrics[0]?.lake).toStrictEqual({ rows: 14, distinct: 13 });
  });

  it('fails with a lake loss and with lake rows of a campaign in the run range that the ledger never sent', () => {
    // Prepare
    const lake = lakeOf([
      [101, counts(10, 4, 0)],
      [102, counts(3, 0, 0)],
      [150, counts(1, 0, 0)],
    ]);

    // Act
    const comparison = compareRun(EXPECTED, EXACT_REPORTS, lake);

    // Assess
    expect(comparison.findings).toStrictEqual([
      { campaign: 101, metric: 'clicks', source: 'lake', problem: 'loss', accepted: 1, ambiguous: 0, found: 0 },
      { campaign: 150, metric: 'bids', source: 'lake', problem: 'extra', accepted: 0, ambiguous: 0, found: 1 },
    ]);
    expect(hasLoss(comparison, 'lake')).toBe(true);
    expect(hasLoss(comparison, 'reports')).toBe(false);
  });
});
