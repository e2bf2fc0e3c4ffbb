import { type CampaignExpectation, type Counts, METRICS, type Metric } from './run-ledger.ts';

/**
 * The after-run verdict: what each campaign's ledger says the API accepted against what the reports
 * API and the lake hold. Acknowledged events missing anywhere are a loss; more rows than distinct
 * tx_ids in the lake are duplicates; more than accepted plus ambiguous is an extra (an event counted
 * that the API never acknowledged, or a double count). Counts above the accepted ones but within the
 * ambiguous requests cannot be told apart from those requests landing; they are reported, not failed.
 */
export interface LakeCount {
  readonly rows: number;
  readonly distinct: number;
}

/** Per campaign and metric; what the lake does not list it holds none of. */
export type LakeCounts = ReadonlyMap<number, Partial<Record<Metric, LakeCount>>>;

export type Problem = 'loss' | 'duplicates' | 'extra' | 'ambiguous';
export type Source = 'reports' | 'lake';

export interface Finding {
  readonly campaign: number;
  readonly metric: Metric;
  readonly source: Source;
  readonly problem: Problem;
  readonly accepted: number;
  readonly ambiguous: number;
  /** The report's total, or the lake's distinct tx_ids. */
  readonly found: number;
  /** Lake rows, for duplicates. */
  readonly rows?: number;
}

export interface MetricSummary {
  readonly metric: Metric;
  readonly accepted: number;
  readonly ambiguous: number;
  readonly reports: number;
  /** Absent when the lake was not checked. */
  readonly lake?: LakeCount;
  readonly problems: readonly Problem[];
}

export interface RunComparison {
  readonly metrics: readonly MetricSummary[];
  readonly findings: readonly Finding[];
  /** No loss, no duplicates, no extras. */
  readonly ok: boolean;
}

const NONE: CampaignExpectation = {
  accepted: { bids: 0, impressions: 0, clicks: 0 },
  ambiguous: { bids: 0, impressions: 0, clicks: 0 },
};
const PROBLEM_ORDER: readonly Problem[] = ['loss', 'duplicates', 'extra', 'ambiguous'];

export function compareRun(
  expected: ReadonlyMap<number, CampaignExpectation>,
  reports: ReadonlyMap<number, Counts>,
  lake?: LakeCounts,
): RunComparison {
  const findings: Finding[] = [];
  for (const [campaign, expectation] of expected) {
    for (const metric of METRICS) {
      const found = reports.get(campaign)?.[metric] ?? 0;
      const problem = judge(expectation, metric, found);
      if (problem) findings.push(finding(campaign, metric, 'reports', problem, expectation, found));
    }
  }
  if (lake) {
    const campaigns = [...new Set([...expected.keys(), ...lake.keys()])].sort((a, b) => a - b);
    for (const campaign of campaigns) {
      const expectation = expected.get(campaign) ?? NONE;
      for (const metric of METRICS) {
        const { rows, distinct } = lake.get(campaign)?.[metric] ?? { rows: 0, distinct: 0 };
        if (rows > distinct) {
          findings.push({ ...finding(campaign, metric, 'lake', 'duplicates', expectation, distinct), rows });
        }
        const problem = judge(expectation, metric, distinct);
        if (problem) findings.push(finding(campaign, metric, 'lake', problem, expectation, distinct));
      }
    }
  }
  const metrics = METRICS.map((metric): MetricSummary => {
    const problems = new Set(findings.filter((f) => f.metric === metric).map((f) => f.problem));
    return {
      metric,
      accepted: sum(expected.values(), (e) => e.accepted[metric]),
      ambiguous: sum(expected.values(), (e) => e.ambiguous[metric]),
      reports: sum(expected.keys(), (campaign) => reports.get(campaign)?.[metric] ?? 0),
      ...(lake && {
        lake: {
          rows: sum(lake.values(), (counts) => counts[metric]?.rows ?? 0),
          distinct: sum(lake.values(), (counts) => counts[metric]?.distinct ?? 0),
        },
      }),
      problems: PROBLEM_ORDER.filter((problem) => problems.has(problem)),
    };
  });
  return { metrics, findings, ok: findings.every((f) => f.problem === 'ambiguous') };
}

/** True while some acknowledged event is not yet visible in `source`: worth waiting for. */
export function hasLoss(comparison: RunComparison, source: Source): boolean {
  return comparison.findings.some((f) => f.source === source && f.problem === 'loss');
}

function judge(expectation: CampaignExpectation, metric: Metric, found: number): Problem | undefined {
  const accepted = expectation.accepted[metric];
  if (found < accepted) return 'loss';
  if (found > accepted + expectation.ambiguous[metric]) return 'extra';
  if (found > accepted) return 'ambiguous';
  return undefined;
}

function finding(
  campaign: number,
  metric: Metric,
  source: Source,
  problem: Problem,
  expectation: CampaignExpectation,
  found: number,
): Finding {
  return {
    campaign,
    metric,
    source,
    problem,
    accepted: expectation.accepted[metric],
    ambiguous: expectation.ambiguous[metric],
    found,
  };
}

function sum<T>(items: Iterable<T>, value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}
