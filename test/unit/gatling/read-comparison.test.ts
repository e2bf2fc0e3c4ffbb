import { describe, expect, it } from 'vitest';
import { compareRun } from '../../../gatling/verify/compare-counts.ts';
import { formatComparison } from '../../../gatling/verify/comparison-table.ts';
import { readComparison } from '../../../gatling/verify/read-comparison.ts';
import type { CampaignExpectation, RunLedger } from '../../../gatling/verify/run-ledger.ts';

const NONE = { bids: 0, impressions: 0, clicks: 0 };
const CAMPAIGN = 100_000_000;
const campaigns = new Map<number, CampaignExpectation>([
  [CAMPAIGN, { accepted: { bids: 12_345, impressions: 5_912, clicks: 601 }, ambiguous: { ...NONE, bids: 2 } }],
]);
const RUN: RunLedger = {
  runId: 'bench-1',
  simulation: 'basic.ApiPerformanceTest',
  baseUrl: 'http://127.0.0.1:3100',
  campaignRange: { first: CAMPAIGN, last: CAMPAIGN + 199 },
  campaigns,
};

describe('readComparison', () => {
  it('reads back the metrics verify-run printed, with the lake', () => {
    // Prepare
    const lake = new Map([
      [
        CAMPAIGN,
        {
          bids: { rows: 12_346, distinct: 12_346 },
          impressions: { rows: 5_912, distinct: 5_912 },
          clicks: { rows: 601, distinct: 601 },
        },
      ],
    ]);
    const comparison = compareRun(
      campaigns,
      new Map([[CAMPAIGN, { bids: 12_346, impressions: 5_912, clicks: 601 }]]),
      lake,
    );

    // Act
    const printed = readComparison(`${formatComparison([RUN], comparison)}\n`);

    // Assess
    expect(printed).toStrictEqual({
      metrics: comparison.metrics,
      findings: [
        'ambiguous  reports campaign 100000000 bids: accepted 12345 (+2 ambiguous), found 12346',
        'ambiguous  lake    campaign 100000000 bids: accepted 12345 (+2 ambiguous), found 12346',
      ],
      verdict: 'Zero loss, zero duplicates; 2 counts include events from requests that got no clear answer.',
    });
    expect(printed.metrics[0]?.problems).toStrictEqual(['ambiguous']);
  });

  it('reads back losses and duplicates without a lake column', () => {
    // Prepare
    const comparison = compareRun(campaigns, new Map([[CAMPAIGN, { bids: 12_000, impressions: 5_912, clicks: 700 }]]));

    // Act
    const printed = readComparison(formatComparison([RUN], comparison));

    // Assess
    expect(printed).toStrictEqual({
      metrics: comparison.metrics,
      findings: [
        'loss       reports campaign 100000000 bids: accepted 12345 (+2 ambiguous), found 12000',
        'extra      reports campaign 100000000 clicks: accepted 601, found 700',
      ],
      verdict: 'FAILED: 2 findings of loss, duplicates or extras.',
    });
    expect(printed.metrics.map((m) => [m.metric, m.lake, m.problems])).toStrictEqual([
      ['bids', undefined, ['loss']],
      ['impressions', undefined, []],
      ['clicks', undefined, ['extra']],
    ]);
  });

  it('rejects output without the table', () => {
    expect(() => readComparison('sdp sql exited with 1: no lake\n')).toThrow(
      'verify-run printed no comparison table:\nsdp sql exited with 1: no lake',
    );
  });

  it('rejects a table whose rows are not the three metrics', () => {
    // Prepare
    const output = [
      'metric       accepted  ambiguous  reports  lake rows  lake distinct  verdict',
      'bids              220          0      220          -              -  ok',
      'clicks             14          0       14          -              -  ok',
    ].join('\n');

    // Act + Assess
    expect(() => readComparison(output)).toThrow(
      'verify-run printed "clicks             14          0       14          -              -  ok" where the impressions row belongs',
    );
  });
});
