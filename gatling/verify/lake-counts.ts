import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LakeCount, LakeCounts } from './compare-counts.ts';
import { type CampaignRange, METRICS, type Metric } from './run-ledger.ts';

const SDP_BIN = fileURLToPath(new URL('../../local/bin/sdp.mjs', import.meta.url));
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
export function queryLake(sql: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SDP_BIN, 'sql', '--format', 'json', sql], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), QUERY_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0)
        return reject(new Error(`sdp sql exited with ${code ?? signal}: ${stderr.trim() || stdout.trim()}`));
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`sdp sql printed something that is not JSON: ${stdout.slice(0, 300)}`));
      }
    });
  });
}

function integer(value: unknown, row: unknown): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (!Number.isSafeInteger(number)) throw new Error(`Unexpected lake row ${JSON.stringify(row)}`);
  return number as number;
}
