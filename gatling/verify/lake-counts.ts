import { runSdp } from '../../local/cli-process.ts';
import type { LakeCount, LakeCounts } from './compare-counts.ts';
import { type CampaignRange, METRICS, type Metric } from './run-ledger.ts';

const QUERY_TIMEOUT_MS = 120_000;

/** Where each metric lives in the lake: bids are raw bcns rows, the others the processor's joined records. */
const SOURCES: Record<Metric, string> = {
  bids: "parquet_bcns WHERE type = 'bid' AND",
  impressions: 'parquet_impressions WHERE',
  clicks: 'parquet_clicks WHERE',
};

/** One query for all three metrics, so that each poll of the lake costs one `sdp sql` process. */
export function lakeCountsSql(ranges: readonly CampaignRange[]): string {
  const inRanges = ranges.map((r) => `campaign_item_id BETWEEN ${r.first} AND ${r.last}`).join(' OR ');
  return METRICS.map(
    (metric) =>
      `SELECT '${metric}' AS metric, campaign_item_id, count(*) AS n_rows, count(DISTINCT tx_id) AS n_distinct ` +
      `FROM ${SOURCES[metric]} (${inRanges}) GROUP BY campaign_item_id`,
  ).join(' UNION ALL ');
}

/** Reads the rows of {@link lakeCountsSql}; DuckDB's BIGINTs may come back as numbers or digit strings. */
export function parseLakeRows(rows: unknown): LakeCounts {
  if (!Array.isArray(rows))
    throw new Error(`sdp sql printed ${JSON.stringify(rows)?.slice(0, 200)}, not an array of rows`);
  const counts = new Map<number, Partial<Record<Metric, LakeCount>>>();
  for (const row of rows as Record<string, unknown>[]) {
    const metric = row.metric as Metric;
    if (!METRICS.includes(metric)) throw new Error(`Unexpected lake row ${JSON.stringify(row)}`);
    const campaign = integer(row.campaign_item_id, row);
    const entry = counts.get(campaign) ?? {};
    entry[metric] = { rows: integer(row.n_rows, row), distinct: integer(row.n_distinct, row) };
    counts.set(campaign, entry);
  }
  return counts;
}

/** Runs `sdp sql --format json` on the local lake (SDP_DATA_DIR as in this process's environment). */
export async function queryLake(sql: string): Promise<unknown> {
  const run = await runSdp(['sql', '--format', 'json', sql], { timeoutMs: QUERY_TIMEOUT_MS });
  if (run.code !== 0) {
    throw new Error(`sdp sql exited with ${run.code ?? run.signal}: ${run.stderr.trim() || run.stdout.trim()}`);
  }
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`sdp sql printed something that is not JSON: ${run.stdout.slice(0, 300)}`);
  }
}

function integer(value: unknown, row: unknown): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (!Number.isSafeInteger(number)) throw new Error(`Unexpected lake row ${JSON.stringify(row)}`);
  return number as number;
}
