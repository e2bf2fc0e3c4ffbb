import type { Finding, RunComparison } from './compare-counts.ts';
import type { RunLedger } from './run-ledger.ts';

/** How many per-campaign findings are listed; the rest are only counted. */
export const MAX_LISTED_FINDINGS = 20;

const HEADER = ['metric', 'accepted', 'ambiguous', 'reports', 'lake rows', 'lake distinct', 'verdict'];

/** The check's printout: the runs, expected vs reports vs lake per metric, then what is wrong where. */
export function formatComparison(runs: readonly RunLedger[], comparison: RunComparison): string {
  const lines = runs.map(
    (run) =>
      `Run ${run.runId} (${run.simulation}): campaigns ${run.campaignRange.first}..${run.campaignRange.last}, ${run.campaigns.size} with traffic`,
  );
  const rows = comparison.metrics.map((m) => [
    m.metric,
    String(m.accepted),
    String(m.ambiguous),
    String(m.reports),
    m.lake ? String(m.lake.rows) : '-',
    m.lake ? String(m.lake.distinct) : '-',
    m.problems.length === 0 ? 'ok' : m.problems.join(', '),
  ]);
  const widths = HEADER.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] as string).length)));
  const format = (row: readonly string[]) =>
    row
      .map((cell, i) =>
        i === 0 || i === row.length - 1 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number),
      )
      .join('  ')
      .trimEnd();
  lines.push('', format(HEADER), ...rows.map(format));
  const { findings } = comparison;
  if (findings.length > 0) {
    const listed = findings.slice(0, MAX_LISTED_FINDINGS);
    lines.push('', `Findings (${listed.length} of ${findings.length}):`, ...listed.map((f) => `  ${describe(f)}`));
  }
  lines.push('', verdict(comparison));
  return lines.join('\n');
}

function describe(f: Finding): string {
  const where = `${f.problem.padEnd(10)} ${f.source.padEnd(7)} campaign ${f.campaign} ${f.metric}`;
  if (f.problem === 'duplicates') return `${where}: ${f.rows} rows for ${f.found} distinct tx_id`;
  const ambiguous = f.ambiguous > 0 ? ` (+${f.ambiguous} ambiguous)` : '';
  return `${where}: accepted ${f.accepted}${ambiguous}, found ${f.found}`;
}

function verdict({ ok, findings }: RunComparison): string {
  const ambiguous = findings.filter((f) => f.problem === 'ambiguous').length;
  if (!ok) return `FAILED: ${findings.length - ambiguous} findings of loss, duplicates or extras.`;
  if (ambiguous > 0) {
    return `Zero loss, zero duplicates; ${ambiguous} counts include events from requests that got no clear answer.`;
  }
  return 'Zero loss, zero duplicates.';
}
