import type { Counts } from './run-ledger.ts';

export interface ReportsTarget {
  /** Where GET /reports/campaigns/{id} is served: the local platform, or a deployment's UrlForReports. */
  readonly baseUrl: string;
  /** Sent as x-api-key, for a reports API deployed with -c sdp:reportsAuth=apiKey. */
  readonly apiKey?: string;
}

const REQUEST_TIMEOUT_MS = 10_000;
const CONCURRENCY = 8;

/** The report totals of each campaign, a few requests at a time. */
export async function fetchReportTotals(
  target: ReportsTarget,
  campaigns: readonly number[],
): Promise<Map<number, Counts>> {
  const totals = new Map<number, Counts>();
  let next = 0;
  const worker = async () => {
    while (next < campaigns.length) {
      const campaign = campaigns[next++] as number;
      totals.set(campaign, await fetchCampaignTotals(target, campaign));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, campaigns.length) }, worker));
  return totals;
}

async function fetchCampaignTotals(target: ReportsTarget, campaign: number): Promise<Counts> {
  const url = `${target.baseUrl.replace(/\/+$/, '')}/reports/campaigns/${campaign}`;
  const response = await fetch(url, {
    headers: { accept: 'application/json', ...(target.apiKey ? { 'x-api-key': target.apiKey } : {}) },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  const totals = (JSON.parse(text) as { totals?: Partial<Counts> }).totals;
  const { bids, impressions, clicks } = totals ?? {};
  if (![bids, impressions, clicks].every(Number.isSafeInteger)) {
    throw new Error(`GET ${url} answered without integer totals: ${text.slice(0, 300)}`);
  }
  return { bids, impressions, clicks } as Counts;
}
