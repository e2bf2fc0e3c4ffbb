import { describe, expect, it } from 'vitest';
import { compareRun } from '../../../gatling/verify/compare-counts.ts';
import { formatComparison, MAX_LISTED_FINDINGS } from '../../../gatling/verify/comparison-table.ts';
import type { CampaignExpectation, RunLedger } from '../../../gatling/verify/run-ledger.ts';

const NONE = { bids: 0, impressions: 0, clicks: 0 };
const campaigns = new Map<number, CampaignExpectation>([
  [100_000_000, { accepted: { bids: 220, impressions: 106, clicks: 14 }, ambiguous: NONE }],
]);
const RUN: RunLedger = {
  runId: 'smoke-1-api',
  simulation: 'basic.ApiPerformanceTest',
  baseUrl: 'http://127.0.0.1:3100',
  campaignRange: { first: 100_000_000, last: 100_000_199 },
  campaigns,
};

describe('formatComparison', () => {
  it('prints expected, reports and lake per metric and the verdict', () => {
    // Prepare
    const lake = new Map([
      [
        100_000_000,
        {
          bids: { rows: 220, distinct: 220 },
          impressions: { rows: 106, distinct: 106 },
          clicks: { rows: 14, distinct: 14 },
        },
      ],
    ]);

    // Act
    const text = formatComparison(
      [RUN],
      compareRun(campaigns, new Map([[100_000_000, campaigns.get(100_000_000)?.accepted ?? NONE]]), lake),
    );

    // Assess
    expect(text).toBe(
      [
        'Run smoke-1-api (basic.ApiPerformanceTest): campaigns 100000000..100000199, 1 with traffic',
        '',
        'metric       accepted  ambiguous  reports  lake rows  lake distinct  verdict',
        'bids              220          0      220        220            220  ok',
        'impressions       106          0      106        106            106  ok',
        'clicks             14          0       14         14             14  ok',
        '',
        'Zero loss, zero duplicates.',
      ].join('\n'),
    );
  });

  it('prints dashes for an unchecked lake, then the findings and the failure', () => {
    // Act
    const text = formatComparison(
      [RUN],
      compareRun(campaigns, new Map([[100_000_000, { bids: 219, impressions: 106, clicks: 15 }]])),
    );

    // Assess
    expect(text).toBe(
      [
        'Run smoke-1-api (basic.ApiPerformanceTest): campaigns 100000000..100000199, 1 with traffic',
        '',
        'metric       accepted  ambiguous  reports  lake rows  lake distinct  verdict',
        'bids              220          0      219          -              -  loss',
        'impressions       106          0      106          -              -  ok',
        'clicks             14          0       15          -              -  extra',
        '',
        'Findings (2 of 2):',
        '  loss       reports campaign 100000000 bids: accepted 220, found 219',
        '  extra      reports campaign 100000000 clicks: accepted 14, found 15',
        '',
        'FAILED: 2 findings of loss, duplicates or extras.',
      ].join('\n'),
    );
  });

  it(`lists at most ${MAX_LISTED_FINDINGS} findings`, () => {
    // Prepare
    const many = new Map<number, CampaignExpectation>(
      Array.from({ length: 30 }, (_, i) => [
        100_000_000 + i,
        { accepted: { bids: 1, impressions: 0, clicks: 0 }, ambiguous: NONE },
      ]),
    );

    // Act
    const text = formatComparison([{ ...RUN, campaigns: many }], compareRun(many, new Map()));

    // Assess
    expect(text).toContain(`Findings (${MAX_LISTED_FINDINGS} of 30):`);
    expect(text.split('\n').filter((line) => line.startsWith('  loss'))).toHaveLength(MAX_LISTED_FINDINGS);
  });
});
