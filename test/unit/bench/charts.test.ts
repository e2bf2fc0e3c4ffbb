import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type BenchmarkResults,
  benchmarkCharts,
  compactionRows,
  type IngestResults,
  latencyRows,
  type MlResults,
  rocRows,
  type SustainedResults,
  sustainedRows,
  throughputRows,
} from '../../../bench/lib/charts.ts';
import { CHARTS_DIR, chartsMarkdown, readBenchmarkResults } from '../../../bench/lib/write-charts.ts';
import { DOCS_FILE } from '../../../bench/report.ts';

const phase = (eventsPerSecond: number, p50: number, p99: number) => ({ eventsPerSecond, latencyMs: { p50, p99 } });
const INGEST: IngestResults = {
  ceiling: { recordsPerSecond: 36_938.09 },
  httpCeiling: { requestsPerSecond: 31_481.79 },
  single: phase(5_084.06, 10.44, 41.28),
  batched: phase(17_545.99, 177.5, 286.84),
  ingestOnly: { single: phase(6_646.2, 8.31, 22.66), batched: phase(26_133.4, 113.6, 228.1) },
};
const load = (requestsPerSecond: number, p99: number) => ({ requestsPerSecond, latencyMs: { p50: 1, p99 } });
const SUSTAINED: SustainedResults = {
  phases: [
    { kind: 'warm-up', load: load(2550, 1802.9), misses: ['p99 1803 ms ≥ 100 ms'] },
    { kind: 'probe', load: load(2550, 310.04), misses: ['p99 310 ms ≥ 100 ms'] },
    { kind: 'hold', load: load(2250, 46.53), misses: [] },
  ],
  held: { kind: 'hold', load: load(2250, 46.53), misses: [] },
};

describe('benchmark chart data', () => {
  it('draws each ingestion phase and ceiling in events per second, the held rate last', () => {
    expect(throughputRows(INGEST, SUSTAINED)).toStrictEqual([
      { phase: 'No-op HTTP server ceiling', run: 'ceiling', eventsPerSecond: 31_482 },
      { phase: 'Raw Kinesis PutRecords ceiling', run: 'ceiling', eventsPerSecond: 36_938 },
      { phase: 'Single events, ingestion only', run: 'ingestion only', eventsPerSecond: 6_646 },
      { phase: 'Single events, whole platform', run: 'whole platform', eventsPerSecond: 5_084 },
      { phase: 'Batches of 100, ingestion only', run: 'ingestion only', eventsPerSecond: 26_133 },
      { phase: 'Batches of 100, whole platform', run: 'whole platform', eventsPerSecond: 17_546 },
      { phase: 'Held 60 s, whole platform', run: 'whole platform', eventsPerSecond: 2_250 },
    ]);
  });

  it('draws p50 and p99 of each measured phase', () => {
    expect(latencyRows(INGEST).slice(0, 2)).toStrictEqual([
      { phase: 'Single events, ingestion only', percentile: 'p50', ms: 8.3 },
      { phase: 'Single events, ingestion only', percentile: 'p99', ms: 22.7 },
    ]);
    expect(latencyRows(INGEST, SUSTAINED)).toHaveLength(10);
  });

  it('marks each step of the sustained search as a warm-up, held or missed', () => {
    expect(sustainedRows(SUSTAINED)).toStrictEqual([
      { step: 1, kind: 'warm-up', rate: 2550, p99: 1802.9, outcome: 'warm-up' },
      { step: 2, kind: 'probe', rate: 2550, p99: 310, outcome: 'missed' },
      { step: 3, kind: 'hold', rate: 2250, p99: 46.5, outcome: 'held' },
    ]);
  });

  it('draws files, MiB and query seconds before and after compaction', () => {
    const side = (files: number, bytes: number, querySeconds: number) => ({ files, bytes, querySeconds });
    expect(
      compactionRows({ before: side(8640, 145_174_976, 2.1531), after: side(24, 72_641_885, 0.284) }),
    ).toStrictEqual([
      { state: 'before', measure: 'Parquet files', value: 8640 },
      { state: 'before', measure: 'Size (MiB)', value: 138 },
      { state: 'before', measure: 'Grouped query (s)', value: 2.15 },
      { state: 'after', measure: 'Parquet files', value: 24 },
      { state: 'after', measure: 'Size (MiB)', value: 69 },
      { state: 'after', measure: 'Grouped query (s)', value: 0.28 },
    ]);
  });

  it('draws ROC curves when the run recorded them, and an AUC comparison otherwise', async () => {
    // Prepare
    const trainer = { auc: 0.77282, logLoss: 0.54857 };
    const without: MlResults = {
      ours: trainer,
      sklearn: { ...trainer, version: '1.9.1' },
      priceOnlyAuc: 0.74654,
      trueModelAuc: 0.77408,
    };
    const roc = [
      { fpr: 0, tpr: 0 },
      { fpr: 0.5, tpr: 0.8 },
      { fpr: 1, tpr: 1 },
    ];
    const withRoc: MlResults = { ...without, ours: { ...trainer, roc }, sklearn: { ...without.sklearn, roc } };

    // Act
    const [fallback] = await benchmarkCharts({ ml: without });
    const [curves] = await benchmarkCharts({ ml: withRoc });

    // Assess
    expect(rocRows(without)).toStrictEqual([]);
    expect(rocRows(withRoc).map((row) => [row.model, row.order, row.fpr, row.tpr])).toStrictEqual([
      ['ours (AUC 0.7728)', 0, 0, 0],
      ['ours (AUC 0.7728)', 1, 0.5, 0.8],
      ['ours (AUC 0.7728)', 2, 1, 1],
      ['scikit-learn 1.9.1 (AUC 0.7728)', 0, 0, 0],
      ['scikit-learn 1.9.1 (AUC 0.7728)', 1, 0.5, 0.8],
      ['scikit-learn 1.9.1 (AUC 0.7728)', 2, 1, 1],
    ]);
    expect(fallback?.file).toBe('ml-auc.svg');
    expect(curves?.file).toBe('ml-roc.svg');
    expect(curves?.svg).toMatch(/^<svg [^>]*class="marks"/);
    expect(curves?.svg.match(/<path [^>]*aria-roledescription="line mark"/g)).toHaveLength(3);
  });
});

describe('docs/benchmarks charts', () => {
  it('are exactly what the results in bench/results draw (npm run bench:charts redraws them)', async () => {
    // Prepare
    const results: BenchmarkResults = readBenchmarkResults();

    // Act
    const charts = await benchmarkCharts(results);

    // Assess
    expect(readdirSync(CHARTS_DIR).sort()).toStrictEqual(charts.map((chart) => chart.file).sort());
    for (const chart of charts) expect(readFileSync(join(CHARTS_DIR, chart.file), 'utf8')).toBe(chart.svg);
    expect(readFileSync(DOCS_FILE, 'utf8')).toContain(
      `<!-- bench:charts:start -->\n${chartsMarkdown(charts).trim()}\n<!-- bench:charts:end -->`,
    );
  });
});
