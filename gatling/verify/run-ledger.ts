/**
 * The ledger a Gatling run writes (`gatling/target/ledger/<runId>.json`, see Ledger.java): what the
 * platform accepted per campaign, the ground truth of the after-run check.
 */
export const METRICS = ['bids', 'impressions', 'clicks'] as const;
export type Metric = (typeof METRICS)[number];
export type Counts = Record<Metric, number>;

export interface CampaignExpectation {
  /** Events the API certainly stored. */
  readonly accepted: Counts;
  /** Events whose request got no clear answer: they may or may not be stored. */
  readonly ambiguous: Counts;
}

export interface CampaignRange {
  readonly first: number;
  readonly last: number;
}

export interface RunLedger {
  readonly runId: string;
  readonly simulation: string;
  readonly baseUrl: string;
  readonly campaignRange: CampaignRange;
  readonly campaigns: ReadonlyMap<number, CampaignExpectation>;
}

/** Several runs checked together: their campaign ranges must not overlap, or their counts would mix. */
export interface MergedLedgers {
  readonly runs: readonly RunLedger[];
  readonly ranges: readonly CampaignRange[];
  readonly campaigns: ReadonlyMap<number, CampaignExpectation>;
}

export function parseLedger(text: string, source: string): RunLedger {
  const fail = (problem: string): never => {
    throw new Error(`${source} is not a Gatling run ledger: ${problem}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail((error as Error).message);
  }
  const root = objectAt(json, '', fail);
  const range = objectAt(root.campaign_range, 'campaign_range', fail);
  const campaignsJson = objectAt(root.campaigns, 'campaigns', fail);
  const campaigns = new Map<number, CampaignExpectation>();
  for (const [id, value] of Object.entries(campaignsJson)) {
    const campaign = objectAt(value, `campaigns.${id}`, fail);
    campaigns.set(integerAt(Number(id), `campaigns key "${id}"`, fail), {
      accepted: countsAt(campaign.accepted, `campaigns.${id}.accepted`, fail),
      ambiguous: countsAt(campaign.ambiguous, `campaigns.${id}.ambiguous`, fail),
    });
  }
  return {
    runId: stringAt(root.run_id, 'run_id', fail),
    simulation: stringAt(root.simulation, 'simulation', fail),
    baseUrl: stringAt(root.base_url, 'base_url', fail),
    campaignRange: {
      first: integerAt(range.first, 'campaign_range.first', fail),
      last: integerAt(range.last, 'campaign_range.last', fail),
    },
    campaigns,
  };
}

export function mergeLedgers(ledgers: readonly RunLedger[]): MergedLedgers {
  const campaigns = new Map<number, CampaignExpectation>();
  ledgers.forEach((ledger, i) => {
    for (const other of ledgers.slice(0, i)) {
      const { first, last } = ledger.campaignRange;
      if (first <= other.campaignRange.last && other.campaignRange.first <= last) {
        throw new Error(
          `Runs ${other.runId} and ${ledger.runId} share campaign ids (${first}..${last}); verify them one at a time`,
        );
      }
    }
    for (const [id, expectation] of ledger.campaigns) campaigns.set(id, expectation);
  });
  return { runs: ledgers, ranges: ledgers.map((ledger) => ledger.campaignRange), campaigns };
}

type Fail = (problem: string) => never;

function objectAt(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail(`${path || 'the file'} is not an object`);
  return value as Record<string, unknown>;
}

function stringAt(value: unknown, path: string, fail: Fail): string {
  return typeof value === 'string' ? value : fail(`${path} is not a string`);
}

function integerAt(value: unknown, path: string, fail: Fail): number {
  return Number.isSafeInteger(value) && (value as number) >= 0
    ? (value as number)
    : fail(`${path} is not a count or id`);
}

function countsAt(value: unknown, path: string, fail: Fail): Counts {
  const counts = objectAt(value, path, fail);
  return {
    bids: integerAt(counts.bids, `${path}.bids`, fail),
    impressions: integerAt(counts.impressions, `${path}.impressions`, fail),
    clicks: integerAt(counts.clicks, `${path}.clicks`, fail),
  };
}
