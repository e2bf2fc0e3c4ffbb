import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

/*
 * The charts of docs/benchmarks.md: SVG drawn by Vega-Lite from the results in bench/results/*.json,
 * nothing else. The same results always draw the same bytes (Vega lays text out by estimate in
 * Node, without a canvas), so a test can tell whether the committed charts are current.
 */

interface LatencyMs {
  readonly p50: number;
  readonly p99: number;
}

interface LoadPhase {
  readonly eventsPerSecond: number;
  readonly latencyMs: LatencyMs;
}

/** The parts of bench/results/ingest.json the charts read. */
export interface IngestResults {
  readonly ceiling: { readonly recordsPerSecond: number };
  readonly httpCeiling: { readonly requestsPerSecond: number };
  readonly single: LoadPhase;
  readonly batched: LoadPhase;
  readonly ingestOnly: { readonly single: LoadPhase; readonly batched: LoadPhase };
}

interface SustainedPhase {
  readonly kind: string;
  readonly load: { readonly requestsPerSecond: number; readonly latencyMs: LatencyMs };
  readonly misses: readonly string[];
}

/** The parts of bench/results/sustained.json the charts read. */
export interface SustainedResults {
  readonly phases: readonly SustainedPhase[];
  readonly held: SustainedPhase | null;
}

interface LakeSide {
  readonly files: number;
  readonly bytes: number;
  readonly querySeconds: number;
}

/** The parts of bench/results/lake.json the charts read. */
export interface LakeResults {
  readonly before: LakeSide;
  readonly after: LakeSide;
}

interface Trainer {
  readonly auc: number;
  readonly logLoss: number;
  /** Absent in runs before the ROC curves were recorded. */
  readonly roc?: readonly { readonly fpr: number; readonly tpr: number }[];
}

/** The parts of bench/results/ml.json the charts read. */
export interface MlResults {
  readonly ours: Trainer;
  readonly sklearn: Trainer & { readonly version: string };
  readonly priceOnlyAuc: number;
  readonly trueModelAuc: number;
}

export interface BenchmarkResults {
  readonly ingest?: IngestResults;
  readonly sustained?: SustainedResults;
  readonly lake?: LakeResults;
  readonly ml?: MlResults;
}

export interface Chart {
  /** File name under docs/benchmarks/. */
  readonly file: string;
  /** Alt text and caption. */
  readonly title: string;
  readonly svg: string;
}

/** The measured ingestion phases, named as the charts label them. */
function ingestPhases(ingest: IngestResults, sustained?: SustainedResults): [string, string, LoadPhase][] {
  const phases: [string, string, LoadPhase][] = [
    ['Single events, ingestion only', 'ingestion only', ingest.ingestOnly.single],
    ['Single events, whole platform', 'whole platform', ingest.single],
    ['Batches of 100, ingestion only', 'ingestion only', ingest.ingestOnly.batched],
    ['Batches of 100, whole platform', 'whole platform', ingest.batched],
  ];
  if (sustained?.held) {
    const { requestsPerSecond, latencyMs } = sustained.held.load;
    phases.push(['Held 60 s, whole platform', 'whole platform', { eventsPerSecond: requestsPerSecond, latencyMs }]);
  }
  return phases;
}

/** Events per second of every ingestion phase and ceiling, as the throughput chart draws them. */
export function throughputRows(ingest: IngestResults, sustained?: SustainedResults) {
  return [
    { phase: 'No-op HTTP server ceiling', run: 'ceiling', eventsPerSecond: ingest.httpCeiling.requestsPerSecond },
    { phase: 'Raw Kinesis PutRecords ceiling', run: 'ceiling', eventsPerSecond: ingest.ceiling.recordsPerSecond },
    ...ingestPhases(ingest, sustained).map(([phase, run, load]) => ({
      phase,
      run,
      eventsPerSecond: load.eventsPerSecond,
    })),
  ].map((row) => ({ ...row, eventsPerSecond: Math.round(row.eventsPerSecond) }));
}

/** p50 and p99 latency of every measured ingestion phase, in milliseconds. */
export function latencyRows(ingest: IngestResults, sustained?: SustainedResults) {
  return ingestPhases(ingest, sustained).flatMap(([phase, , load]) =>
    (['p50', 'p99'] as const).map((percentile) => ({
      phase,
      percentile,
      ms: Math.round(load.latencyMs[percentile] * 10) / 10,
    })),
  );
}

/** Each step of the sustained-rate search: the rate offered and the p99 it got. */
export function sustainedRows(sustained: SustainedResults) {
  return sustained.phases.map((phase, step) => ({
    step: step + 1,
    kind: phase.kind,
    rate: phase.load.requestsPerSecond,
    p99: Math.round(phase.load.latencyMs.p99 * 10) / 10,
    outcome: phase.kind === 'warm-up' ? 'warm-up' : phase.misses.length === 0 ? 'held' : 'missed',
  }));
}

/** The lake before and after compaction: files, size and the grouped query's time. */
export function compactionRows(lake: LakeResults) {
  return (['before', 'after'] as const).flatMap((state) => [
    { state, measure: 'Parquet files', value: lake[state].files },
    { state, measure: 'Size (MiB)', value: Math.round(lake[state].bytes / 2 ** 20) },
    { state, measure: 'Grouped query (s)', value: Math.round(lake[state].querySeconds * 100) / 100 },
  ]);
}

/** Both trainers' ROC curves on the shared holdout; empty when the run recorded none. */
export function rocRows(ml: MlResults) {
  const curve = (model: string, trainer: Trainer) =>
    (trainer.roc ?? []).map((point, order) => ({ model, order, fpr: point.fpr, tpr: point.tpr }));
  return [
    ...curve(`ours (AUC ${ml.ours.auc.toFixed(4)})`, ml.ours),
    ...curve(`scikit-learn ${ml.sklearn.version} (AUC ${ml.sklearn.auc.toFixed(4)})`, ml.sklearn),
  ];
}

/** Holdout AUC of both trainers beside the price-only ranking and the generator's true probabilities. */
export function aucRows(ml: MlResults) {
  return [
    { model: 'Ours (TypeScript L-BFGS)', auc: ml.ours.auc },
    { model: `scikit-learn ${ml.sklearn.version}`, auc: ml.sklearn.auc },
    { model: 'Price only', auc: ml.priceOnlyAuc },
    { model: 'True win probability', auc: ml.trueModelAuc },
  ];
}

const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 11 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', labelLimit: 400 },
  title: { fontSize: 13, anchor: 'start' },
  view: { stroke: null },
} as const;

/** Every chart the results allow, in the order the document shows them. */
export async function benchmarkCharts(results: BenchmarkResults): Promise<Chart[]> {
  const charts: Chart[] = [];
  if (results.ingest) {
    charts.push({
      file: 'ingest-throughput.svg',
      title: 'Events per second by phase: ceilings, ingestion alone and the whole platform',
      svg: await render({
        title: 'Ingestion throughput (events/s)',
        width: 460,
        data: { values: throughputRows(results.ingest, results.sustained) },
        encoding: {
          y: { field: 'phase', type: 'nominal', sort: null, title: null, axis: { labelLimit: 400 } },
          x: { field: 'eventsPerSecond', type: 'quantitative', title: 'events/s' },
          color: {
            field: 'run',
            title: 'Run',
            sort: ['ceiling', 'ingestion only', 'whole platform'],
            scale: { range: ['#9aa3b5', '#4c78a8', '#f58518'] },
          },
        },
        layer: [
          { mark: 'bar' },
          {
            mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
            encoding: { text: { field: 'eventsPerSecond', format: ',' } },
          },
        ],
      }),
    });
    charts.push({
      file: 'ingest-latency.svg',
      title: 'Latency p50 and p99 by phase',
      svg: await render({
        title: 'Ingestion latency (ms)',
        width: 420,
        data: { values: latencyRows(results.ingest, results.sustained) },
        encoding: {
          y: { field: 'phase', type: 'nominal', sort: null, title: null, axis: { labelLimit: 400 } },
          yOffset: { field: 'percentile' },
          x: { field: 'ms', type: 'quantitative', title: 'milliseconds' },
          color: { field: 'percentile', title: 'Percentile', scale: { range: ['#54a24b', '#e45756'] } },
        },
        layer: [
          { mark: 'bar' },
          { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { text: { field: 'ms' } } },
        ],
      }),
    });
  }
  if (results.sustained && results.sustained.phases.length > 0) {
    charts.push({
      file: 'sustained-search.svg',
      title: 'The sustained-rate search: each rate offered for a phase and the p99 it got, against the 100 ms goal',
      svg: await render({
        title: 'Sustained-rate search: p99 latency per phase (log scale)',
        width: 460,
        height: 220,
        layer: [
          {
            data: { values: sustainedRows(results.sustained) },
            mark: { type: 'line', color: '#9aa3b5' },
            encoding: {
              x: { field: 'step', type: 'ordinal', title: 'phase', axis: { labelAngle: 0 } },
              y: { field: 'p99', type: 'quantitative', scale: { type: 'log' }, title: 'p99 (ms)' },
            },
          },
          {
            data: { values: sustainedRows(results.sustained) },
            mark: { type: 'point', filled: true, size: 80 },
            encoding: {
              x: { field: 'step', type: 'ordinal' },
              y: { field: 'p99', type: 'quantitative' },
              color: {
                field: 'outcome',
                title: 'Phase',
                sort: ['warm-up', 'held', 'missed'],
                scale: { range: ['#9aa3b5', '#54a24b', '#e45756'] },
              },
            },
          },
          {
            data: { values: sustainedRows(results.sustained) },
            mark: { type: 'text', dy: -10, fontSize: 10 },
            encoding: {
              x: { field: 'step', type: 'ordinal' },
              y: { field: 'p99', type: 'quantitative' },
              text: { field: 'rate', format: ',', title: 'events/s' },
            },
          },
          {
            data: { values: [{ goal: 100 }] },
            mark: { type: 'rule', strokeDash: [4, 4], color: '#e45756' },
            encoding: { y: { field: 'goal', type: 'quantitative' } },
          },
        ],
      }),
    });
  }
  if (results.lake) {
    charts.push({
      file: 'compaction.svg',
      title: 'The lake of 10 million events before and after compaction',
      svg: await render({
        title: 'Compaction: before and after',
        data: { values: compactionRows(results.lake) },
        facet: { column: { field: 'measure', type: 'nominal', title: null, sort: null } },
        spec: {
          width: 150,
          height: 160,
          encoding: {
            x: { field: 'state', type: 'nominal', sort: ['before', 'after'], title: null, axis: { labelAngle: 0 } },
            y: { field: 'value', type: 'quantitative', title: null },
            color: {
              field: 'state',
              legend: null,
              sort: ['before', 'after'],
              scale: { range: ['#e45756', '#54a24b'] },
            },
          },
          layer: [
            { mark: 'bar' },
            { mark: { type: 'text', dy: -5, fontSize: 10 }, encoding: { text: { field: 'value', format: ',' } } },
          ],
        },
        resolve: { scale: { y: 'independent' } },
      }),
    });
  }
  if (results.ml) {
    const roc = rocRows(results.ml);
    charts.push(
      roc.length > 0
        ? {
            file: 'ml-roc.svg',
            title: 'ROC curves of our trainer and scikit-learn on the same holdout',
            svg: await render({
              title: 'ROC on the holdout: ours vs scikit-learn',
              width: 300,
              height: 300,
              layer: [
                {
                  data: { values: [{ x: 0 }, { x: 1 }] },
                  mark: { type: 'line', strokeDash: [4, 4], color: '#9aa3b5' },
                  encoding: {
                    x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] } },
                    y: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] } },
                  },
                },
                {
                  data: { values: roc },
                  mark: { type: 'line', strokeWidth: 2 },
                  encoding: {
                    x: { field: 'fpr', type: 'quantitative', title: 'false positive rate' },
                    y: { field: 'tpr', type: 'quantitative', title: 'true positive rate' },
                    order: { field: 'order' },
                    color: { field: 'model', title: 'Trainer', scale: { range: ['#4c78a8', '#f58518'] } },
                    strokeDash: {
                      field: 'model',
                      title: 'Trainer',
                      scale: {
                        range: [
                          [1, 0],
                          [6, 3],
                        ],
                      },
                    },
                  },
                },
              ],
            }),
          }
        : {
            file: 'ml-auc.svg',
            title:
              'Holdout AUC of both trainers beside the price-only ranking and the true probabilities (the next bench:ml run records the ROC curves)',
            svg: await render({
              title: 'Holdout AUC, ours vs scikit-learn',
              width: 360,
              data: { values: aucRows(results.ml) },
              encoding: {
                y: { field: 'model', type: 'nominal', sort: null, title: null, axis: { labelLimit: 400 } },
                x: { field: 'auc', type: 'quantitative', scale: { domain: [0.5, 1] }, title: 'AUC' },
              },
              layer: [
                // Bars start at 0.5 (a coin toss), not 0; no clipping, whose ids would change with every chart drawn.
                { mark: { type: 'bar', color: '#4c78a8' }, encoding: { x2: { datum: 0.5 } } },
                {
                  mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
                  encoding: { text: { field: 'auc', format: '.4f' } },
                },
              ],
            }),
          },
    );
  }
  return charts;
}

async function render(spec: Record<string, unknown>): Promise<string> {
  const compiled = vegaLite.compile({ ...spec, config: CONFIG } as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}
