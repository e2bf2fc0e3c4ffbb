// After a Gatling run: compares what the API accepted (the run's ledger) with the reports API and
// the lake, waiting for windows to close and the lake writer to flush. Exit 0 when nothing was lost
// or duplicated, 1 when something was, 2 when the check itself could not run. See gatling/README.md.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compareRun, hasLoss, type LakeCounts } from './verify/compare-counts.ts';
import { formatComparison } from './verify/comparison-table.ts';
import { lakeCountsSql, parseLakeRows, queryLake } from './verify/lake-counts.ts';
import { fetchReportTotals, type ReportsTarget } from './verify/reports-counts.ts';
import {
  type CampaignExpectation,
  type Counts,
  type MergedLedgers,
  mergeLedgers,
  parseLedger,
} from './verify/run-ledger.ts';

const USAGE = `Usage: npx tsx gatling/verify-run.ts --ledger <file> [--ledger <file> ...] [options]

  --ledger FILE          a run's ledger, gatling/target/ledger/<runId>.json (repeatable)
  --base-url URL         reports API base URL (default: the base URL the run targeted)
  --api-key KEY          x-api-key header for the reports API
  --no-lake              check the reports API only, not the lake (sdp sql)
  --timeout-seconds N    how long to wait for the reports, then again for the lake (default 120)`;

const REPORTS_POLL_MS = 2_000;
const LAKE_POLL_MS = 5_000;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ledger: { type: 'string', multiple: true },
      'base-url': { type: 'string' },
      'api-key': { type: 'string' },
      'no-lake': { type: 'boolean', default: false },
      'timeout-seconds': { type: 'string', default: '120' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const files = values.ledger ?? [];
  const timeoutSeconds = Number(values['timeout-seconds']);
  if (files.length === 0 || !(timeoutSeconds > 0)) {
    console.error(USAGE);
    return 2;
  }
  const ledgers = await Promise.all(files.map(async (file) => parseLedger(await readFile(file, 'utf8'), file)));
  const merged = mergeLedgers(ledgers);
  const target: ReportsTarget = { baseUrl: values['base-url'] ?? targetedUrl(merged), apiKey: values['api-key'] };
  const reports = await waitForReports(target, merged.campaigns, timeoutSeconds * 1000);
  const lake = values['no-lake'] ? undefined : await waitForLake(merged, reports, timeoutSeconds * 1000);
  const comparison = compareRun(merged.campaigns, reports, lake);
  console.log(formatComparison(ledgers, comparison));
  return comparison.ok ? 0 : 1;
}

/** Polls the campaigns still short of their accepted counts; then reads every campaign once more, to see overshoots. */
async function waitForReports(
  target: ReportsTarget,
  expected: ReadonlyMap<number, CampaignExpectation>,
  timeoutMs: number,
): Promise<Map<number, Counts>> {
  const deadline = Date.now() + timeoutMs;
  let short = [...expected.keys()];
  while (short.length > 0 && Date.now() < deadline) {
    const subset = new Map(short.map((campaign) => [campaign, expected.get(campaign) as CampaignExpectation]));
    const { findings } = compareRun(subset, await fetchReportTotals(target, short));
    short = [...new Set(findings.filter((f) => f.problem === 'loss').map((f) => f.campaign))];
    if (short.length > 0) {
      console.error(
        `reports: ${short.length} of ${expected.size} campaigns still short (${secondsLeft(deadline)} s left)`,
      );
      await sleep(REPORTS_POLL_MS);
    }
  }
  return fetchReportTotals(target, [...expected.keys()]);
}

async function waitForLake(
  merged: MergedLedgers,
  reports: ReadonlyMap<number, Counts>,
  timeoutMs: number,
): Promise<LakeCounts> {
  const deadline = Date.now() + timeoutMs;
  const sql = lakeCountsSql(merged.ranges);
  for (;;) {
    const lake = parseLakeRows(await queryLake(sql));
    if (!hasLoss(compareRun(merged.campaigns, reports, lake), 'lake') || Date.now() >= deadline) return lake;
    console.error(`lake: some accepted events are not in the lake yet (${secondsLeft(deadline)} s left)`);
    await sleep(LAKE_POLL_MS);
  }
}

function targetedUrl({ runs }: MergedLedgers): string {
  const urls = new Set(runs.map((run) => run.baseUrl));
  if (urls.size > 1) throw new Error(`The runs targeted ${[...urls].join(' and ')}; pass --base-url`);
  return [...urls][0] as string;
}

const secondsLeft = (deadline: number) => Math.max(0, Math.round((deadline - Date.now()) / 1000));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
