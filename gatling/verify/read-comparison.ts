import type { MetricSummary, Problem } from './compare-counts.ts';
import { METRICS, type Metric } from './run-ledger.ts';

/** What `verify-run.ts` printed (see comparison-table.ts), read back by a caller that ran it as a process. */
export interface PrintedComparison {
  readonly metrics: readonly MetricSummary[];
  /** The listed findings, as printed. */
  readonly findings: readonly string[];
  /** The last line: zero loss and duplicates, or what failed. */
  readonly verdict: string;
}

const HEADER = /^metric\s+accepted\s+ambiguous\s+reports\s+lake rows\s+lake distinct\s+verdict$/;
const PROBLEMS: readonly Problem[] = ['loss', 'duplicates', 'extra', 'ambiguous'];

export function readComparison(output: string): PrintedComparison {
  const lines = output.trimEnd().split('\n');
  const header = lines.findIndex((line) => HEADER.test(line));
  if (header === -1) throw new Error(`verify-run printed no comparison table:\n${output.slice(0, 500)}`);
  const rows = lines.slice(header + 1, header + 1 + METRICS.length);
  const metrics = rows.map((line, i) => metricRow(line, METRICS[i] as Metric));
  const findingsStart = lines.findIndex((line) => line.startsWith('Findings ('));
  const findings = findingsStart === -1 ? [] : takeIndented(lines.slice(findingsStart + 1));
  return { metrics, findings, verdict: lines.at(-1) as string };
}

function metricRow(line: string, metric: Metric): MetricSummary {
  const cells = line.split(/ {2,}/);
  const [name, accepted, ambiguous, reports, lakeRows, lakeDistinct, verdict] = cells;
  if (cells.length !== 7 || name !== metric) {
    throw new Error(`verify-run printed "${line}" where the ${metric} row belongs`);
  }
  const problems = verdict === 'ok' ? [] : (verdict as string).split(', ');
  const unknown = problems.filter((problem) => !PROBLEMS.includes(problem as Problem));
  if (unknown.length > 0) throw new Error(`verify-run printed an unknown verdict "${verdict}" for ${metric}`);
  return {
    metric,
    accepted: count(accepted, line),
    ambiguous: count(ambiguous, line),
    reports: count(reports, line),
    ...(lakeRows !== '-' && { lake: { rows: count(lakeRows, line), distinct: count(lakeDistinct, line) } }),
    problems: problems as Problem[],
  };
}

function takeIndented(lines: readonly string[]): string[] {
  const end = lines.findIndex((line) => !line.startsWith('  '));
  return lines.slice(0, end === -1 ? lines.length : end).map((line) => line.trim());
}

function count(cell: string | undefined, line: string): number {
  if (cell === undefined || !/^\d+$/.test(cell)) throw new Error(`verify-run printed "${line}": "${cell}" is no count`);
  return Number(cell);
}
