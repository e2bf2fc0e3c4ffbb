import { describe, expect, it } from 'vitest';
import { mergeLedgers, parseLedger, type RunLedger } from '../../../gatling/verify/run-ledger.ts';

/** A ledger as Ledger.java writes it, trimmed to two campaigns. */
const ledgerJson = (runId: string, first: number) => ({
  run_id: runId,
  simulation: 'basic.ApiPerformanceTest',
  base_url: 'http://127.0.0.1:3100',
  seed: 1,
  started_at: '2026-11-22T04:58:32.862Z',
  finished_at: '2026-11-22T04:58:49.241Z',
  campaign_range: { first, last: first + 199 },
  requests: { accepted: 7, partial: 0, rejected: 1, ambiguous: 1 },
  accepted: { bids: 4, impressions: 2, clicks: 1, events: 7 },
  rejected: { bids: 1, impressions: 0, clicks: 0, events: 1 },
  ambiguous: { bids: 0, impressions: 1, clicks: 0, events: 1 },
  ambiguous_reasons: ['/impression: no response'],
  campaigns: {
    [first]: { accepted: { bids: 3, impressions: 2, clicks: 1 }, ambiguous: { bids: 0, impressions: 1, clicks: 0 } },
    [first + 5]: {
      accepted: { bids: 1, impressions: 0, clicks: 0 },
      ambiguous: { bids: 0, impressions: 0, clicks: 0 },
    },
  },
});

const parsed = (runId: string, first: number): RunLedger =>
  parseLedger(JSON.stringify(ledgerJson(runId, first)), 'x.json');

describe('parseLedger', () => {
  it('reads the run, its campaign range and the accepted and ambiguous counts per campaign', () => {
    // Act
    const ledger = parsed('run-a', 928_461_000);

    // Assess
    expect(ledger).toStrictEqual({
      runId: 'run-a',
      simulation: 'basic.ApiPerformanceTest',
      baseUrl: 'http://127.0.0.1:3100',
      campaignRange: { first: 928_461_000, last: 928_461_199 },
      campaigns: new Map([
        [
          928_461_000,
          { accepted: { bids: 3, impressions: 2, clicks: 1 }, ambiguous: { bids: 0, impressions: 1, clicks: 0 } },
        ],
        [
          928_461_005,
          { accepted: { bids: 1, impressions: 0, clicks: 0 }, ambiguous: { bids: 0, impressions: 0, clicks: 0 } },
        ],
      ]),
    });
  });

  it.each([
    { name: 'text that is not JSON', text: '{"run_id":', message: /^x\.json is not a Gatling run ledger: / },
    { name: 'an array', text: '[]', message: 'x.json is not a Gatling run ledger: the file is not an object' },
    {
      name: 'a missing campaign range',
      text: JSON.stringify({ ...ledgerJson('r', 1000), campaign_range: undefined }),
      message: 'x.json is not a Gatling run ledger: campaign_range is not an object',
    },
    {
      name: 'a negative count',
      text: JSON.stringify({
        ...ledgerJson('r', 1000),
        campaigns: {
          1000: {
            accepted: { bids: -1, impressions: 0, clicks: 0 },
            ambiguous: { bids: 0, impressions: 0, clicks: 0 },
          },
        },
      }),
      message: 'x.json is not a Gatling run ledger: campaigns.1000.accepted.bids is not a count or id',
    },
    {
      name: 'a campaign key that is not an id',
      text: JSON.stringify({
        ...ledgerJson('r', 1000),
        campaigns: {
          abc: { accepted: { bids: 1, impressions: 0, clicks: 0 }, ambiguous: { bids: 0, impressions: 0, clicks: 0 } },
        },
      }),
      message: 'x.json is not a Gatling run ledger: campaigns key "abc" is not a count or id',
    },
  ])('rejects $name', ({ text, message }) => {
    expect(() => parseLedger(text, 'x.json')).toThrow(message);
  });
});

describe('mergeLedgers', () => {
  it('joins the campaigns and ranges of runs in disjoint blocks', () => {
    // Prepare
    const a = parsed('run-a', 100_000_000);
    const b = parsed('run-b', 100_001_000);

    // Act
    const merged = mergeLedgers([a, b]);

    // Assess
    expect(merged.runs).toStrictEqual([a, b]);
    expect(merged.ranges).toStrictEqual([
      { first: 100_000_000, last: 100_000_199 },
      { first: 100_001_000, last: 100_001_199 },
    ]);
    expect([...merged.campaigns.keys()]).toStrictEqual([100_000_000, 100_000_005, 100_001_000, 100_001_005]);
  });

  it('rejects runs whose campaign ranges overlap', () => {
    expect(() => mergeLedgers([parsed('run-a', 100_000_000), parsed('run-b', 100_000_100)])).toThrow(
      'Runs run-a and run-b share campaign ids (100000100..100000299); verify them one at a time',
    );
  });
});
