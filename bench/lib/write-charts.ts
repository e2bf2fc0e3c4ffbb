import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DOCS_FILE, RESULTS_DIR, rebuildDocument, replaceSection } from '../report.ts';
import { type BenchmarkResults, benchmarkCharts, type Chart } from './charts.ts';

/** docs/benchmarks/, beside docs/benchmarks.md, where the charts' SVG files live. */
export const CHARTS_DIR = join(dirname(DOCS_FILE), 'benchmarks');

/** The results the charts draw, from bench/results/*.json as the benchmarks last wrote them. */
export function readBenchmarkResults(resultsDir = RESULTS_DIR): BenchmarkResults {
  const read = (name: string) => {
    const file = join(resultsDir, `${name}.json`);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  };
  return { ingest: read('ingest'), sustained: read('sustained'), lake: read('lake'), ml: read('ml') };
}

export function chartsMarkdown(charts: readonly Chart[]): string {
  return [
    '## Charts',
    '',
    'Drawn by `npm run bench:charts` (bench/lib/charts.ts, Vega-Lite) from `bench/results/*.json` alone; every benchmark that changes those results redraws them.',
    '',
    ...charts.flatMap((chart) => [`![${chart.title}](benchmarks/${chart.file})`, '']),
  ].join('\n');
}

/**
 * Draws every chart from the results on disk into docs/benchmarks/*.svg and rewrites the document's
 * charts section, which follows the summary.
 */
export async function writeBenchmarkCharts(): Promise<Chart[]> {
  const charts = await benchmarkCharts(readBenchmarkResults());
  mkdirSync(CHARTS_DIR, { recursive: true });
  for (const chart of charts) writeFileSync(join(CHARTS_DIR, chart.file), chart.svg);
  replaceSection(DOCS_FILE, 'charts', chartsMarkdown(charts));
  rebuildDocument(DOCS_FILE, ['summary', 'charts']);
  return charts;
}
