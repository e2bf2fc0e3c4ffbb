// ML benchmark: our logistic-regression trainer against scikit-learn's on the same exported training
// set (AUC, log loss, training time), and local predictions latency. See docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { type PredictionRequest, SdpClient } from '../client/sdp-client.ts';
import {
  type BidFeatures,
  encodeFeatures,
  FEATURE_DIMENSION,
  FEATURE_ENCODING_VERSION,
  type FeatureVector,
} from '../lambda/domain/ml/features.ts';
import { predict, trainLogisticRegression } from '../lambda/domain/ml/logistic-regression.ts';
import { auc, logLoss, type RocPoint, rocCurve } from '../lambda/domain/ml/metrics.ts';
import { isHoldout } from '../lambda/domain/ml/training-set.ts';
import { createPredictHandler } from '../lambda/predictions/predict.ts';
import { createCatalog, planTransaction, seededRandom, winProbability } from '../local/generate/traffic-model.ts';
import { LocalScorer } from '../local/ml/local-scorer.ts';
import { MODEL_FORMAT, ModelStore } from '../local/ml/model-store.ts';
import { writeBenchmarkCharts } from './lib/write-charts.ts';
import { machineInfo, machineMarkdown, replaceSection, writeJson } from './report.ts';

const RESULTS_FILE = fileURLToPath(new URL('./results/ml.json', import.meta.url));
const DOCS_FILE = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const SKLEARN_SCRIPT = fileURLToPath(new URL('./ml_sklearn.py', import.meta.url));
const PYTHON = process.env.PYTHON ?? 'python3';
const BIDS = 200_000;
const CAMPAIGNS = 200;
const L2 = 1e-4;
const TRAIN_RUNS = 3;
const WARMUP_REQUESTS = 500;
const IN_PROCESS_REQUESTS = 5_000;
const HTTP_REQUESTS = 2_000;
const BATCH = 100;
/** Done when our holdout AUC is within this of scikit-learn's on the same rows. */
const AUC_TARGET = 0.01;

interface Row {
  readonly txId: string;
  readonly features: BidFeatures;
  readonly vector: FeatureVector;
  readonly label: 0 | 1;
  readonly trueProbability: number;
}

interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function generate(): Row[] {
  const random = seededRandom(2024);
  const catalog = createCatalog(random, CAMPAIGNS);
  return Array.from({ length: BIDS }, () => {
    const { bid, impression } = planTransaction(random, catalog);
    const features: BidFeatures = {
      campaign_item_id: bid.campaign_item_id,
      domain: bid.domain ?? null,
      creative_id: bid.creative_id ?? null,
      creative_category: bid.creative_category ?? null,
      win_price: bid.win_price ?? null,
    };
    return {
      txId: bid.tx_id,
      features,
      vector: encodeFeatures(features),
      label: impression ? 1 : 0,
      trueProbability: winProbability(bid),
    };
  });
}

/** svmlight with zero-based indices: the encoded matrix, exactly, for scikit-learn's loader. */
async function writeSvmlight(file: string, rows: readonly Row[]): Promise<void> {
  const out = createWriteStream(file);
  for (const row of rows) {
    const cells = row.vector.indices.map((index, k) => `${index}:${row.vector.values[k]}`);
    if (!out.write(`${row.label} ${cells.join(' ')}\n`)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/** The holdout's ROC curve for docs/benchmarks' chart: about a hundred points, four decimals each. */
function roc(labels: readonly number[], scores: readonly number[]): RocPoint[] {
  return rocCurve(labels, scores).map(({ fpr, tpr }) => ({ fpr: round(fpr, 4), tpr: round(tpr, 4) }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  return { p50Ms: round(at(0.5), 3), p99Ms: round(at(0.99), 3) };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function ensureSklearn(): void {
  if (spawnSync(PYTHON, ['-c', 'import sklearn']).status === 0) return;
  console.log('Installing scikit-learn with pip...');
  const install = spawnSync(PYTHON, ['-m', 'pip', 'install', '--quiet', 'scikit-learn'], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`pip install scikit-learn failed (exit ${install.status})`);
}

function runSklearn(trainFile: string, holdoutFile: string, c: number) {
  const run = spawnSync(
    PYTHON,
    [SKLEARN_SCRIPT, trainFile, holdoutFile, String(FEATURE_DIMENSION), String(c), String(TRAIN_RUNS)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`${SKLEARN_SCRIPT} failed (exit ${run.status})`);
  return JSON.parse(run.stdout) as {
    version: string;
    auc: number;
    logLoss: number;
    trainSeconds: number;
    iterations: number;
    holdoutScores: number[];
  };
}

/** Request bodies of held-out bids, as clients send them. */
function requestBodies(rows: readonly Row[], size: number): string[] {
  const requests = rows.map(({ features: f }) => ({
    campaignItemId: f.campaign_item_id,
    ...(f.domain === null ? {} : { domain: f.domain }),
    ...(f.creative_id === null ? {} : { creativeId: f.creative_id }),
    ...(f.creative_category === null ? {} : { creativeCategory: f.creative_category }),
    winPrice: f.win_price ?? 0,
  }));
  if (size === 1) return requests.map((request) => JSON.stringify(request));
  const bodies: string[] = [];
  for (let i = 0; i + size <= requests.length; i += size) bodies.push(JSON.stringify(requests.slice(i, i + size)));
  return bodies;
}

async function timeInProcess(
  handler: ReturnType<typeof createPredictHandler>,
  bodies: string[],
  count: number,
): Promise<Latency> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP_REQUESTS + count; i++) {
    const started = performance.now();
    const result = await handler({ body: bodies[i % bodies.length] as string, isBase64Encoded: false });
    if (result.statusCode !== 200)
      throw new Error(`in-process prediction answered ${result.statusCode}: ${result.body}`);
    if (i >= WARMUP_REQUESTS) samples.push(performance.now() - started);
  }
  return latency(samples);
}

/** The handler behind a bare node:http server, as the local platform's HTTP shim serves it. */
async function timeOverHttp(handler: ReturnType<typeof createPredictHandler>, bodies: string[]): Promise<Latency> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const result = await handler({ body: Buffer.concat(chunks).toString('utf8'), isBase64Encoded: false });
    response.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new SdpClient({ target: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
  const requests = bodies.map((body) => JSON.parse(body) as PredictionRequest);
  try {
    const samples: number[] = [];
    for (let i = 0; i < WARMUP_REQUESTS + HTTP_REQUESTS; i++) {
      const started = performance.now();
      await client.predict(requests[i % requests.length] as PredictionRequest);
      if (i >= WARMUP_REQUESTS) samples.push(performance.now() - started);
    }
    return latency(samples);
  } finally {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function main(): Promise<number> {
  const machine = machineInfo();
  console.log(`Generating ${BIDS.toLocaleString('en-US')} labelled bids (${CAMPAIGNS} campaigns)...`);
  const rows = generate();
  const training = rows.filter((row) => !isHoldout(row.txId));
  const holdout = rows.filter((row) => isHoldout(row.txId));
  const labels = holdout.map((row) => row.label);
  const directory = await mkdtemp(join(tmpdir(), 'sdp-bench-ml-'));
  try {
    const trainFile = join(directory, 'train.svm');
    const holdoutFile = join(directory, 'holdout.svm');
    await writeSvmlight(trainFile, training);
    await writeSvmlight(holdoutFile, holdout);

    console.log(`Training ours ${TRAIN_RUNS} times on ${training.length.toLocaleString('en-US')} rows...`);
    const seconds: number[] = [];
    let result: ReturnType<typeof trainLogisticRegression> | undefined;
    for (let i = 0; i < TRAIN_RUNS; i++) {
      const started = performance.now();
      result = trainLogisticRegression(
        training.map((row) => row.vector),
        training.map((row) => row.label),
        FEATURE_DIMENSION,
        { l2: L2 },
      );
      seconds.push((performance.now() - started) / 1000);
    }
    const { model, iterations } = result as ReturnType<typeof trainLogisticRegression>;
    const scores = holdout.map((row) => predict(model, row.vector));
    const ours = {
      auc: auc(labels, scores),
      logLoss: logLoss(labels, scores),
      trainSeconds: median(seconds),
      iterations,
    };

    ensureSklearn();
    // scikit-learn minimises C·Σ loss + ½‖w‖²: the same optimum as mean loss + l2/2·‖w‖² when C = 1/(l2·n).
    const c = 1 / (L2 * training.length);
    console.log(`Training scikit-learn ${TRAIN_RUNS} times (C = ${c.toPrecision(4)})...`);
    const { holdoutScores, ...sklearn } = runSklearn(trainFile, holdoutFile, c);
    if (holdoutScores.length !== labels.length) {
      throw new Error(`scikit-learn scored ${holdoutScores.length} holdout rows of ${labels.length}`);
    }

    console.log('Measuring POST /predictions latency with the local model...');
    const store = new ModelStore(join(directory, 'models'));
    await store.save({
      format: MODEL_FORMAT,
      encodingVersion: FEATURE_ENCODING_VERSION,
      dimension: FEATURE_DIMENSION,
      trainedAt: new Date().toISOString(),
      metrics: { auc: ours.auc, logLoss: ours.logLoss, baselineAuc: 0 },
      rows: { train: training.length, holdout: holdout.length },
      ...model,
    });
    const handler = createPredictHandler(new LocalScorer(store));
    const singles = requestBodies(holdout, 1);
    const inProcess = await timeInProcess(handler, singles, IN_PROCESS_REQUESTS);
    const inProcessBatch = await timeInProcess(handler, requestBodies(holdout, BATCH), IN_PROCESS_REQUESTS / 10);
    const http = await timeOverHttp(handler, singles);

    const summary = {
      machine,
      bids: BIDS,
      campaigns: CAMPAIGNS,
      trainingRows: training.length,
      holdoutRows: holdout.length,
      featureDimension: FEATURE_DIMENSION,
      l2: L2,
      sklearnC: c,
      ours: {
        ...ours,
        auc: round(ours.auc, 5),
        logLoss: round(ours.logLoss, 5),
        trainSeconds: round(ours.trainSeconds, 3),
        roc: roc(labels, scores),
      },
      sklearn: {
        ...sklearn,
        auc: round(sklearn.auc, 5),
        logLoss: round(sklearn.logLoss, 5),
        trainSeconds: round(sklearn.trainSeconds, 3),
        roc: roc(labels, holdoutScores),
      },
      priceOnlyAuc: round(
        auc(
          labels,
          holdout.map((row) => row.features.win_price ?? 0),
        ),
        5,
      ),
      trueModelAuc: round(
        auc(
          labels,
          holdout.map((row) => row.trueProbability),
        ),
        5,
      ),
      aucDifference: round(Math.abs(ours.auc - sklearn.auc), 5),
      latency: { inProcess, inProcessBatch, http },
    };
    writeJson(RESULTS_FILE, summary);
    replaceSection(DOCS_FILE, 'ml', markdown(summary));
    await writeBenchmarkCharts();
    console.log(markdown(summary));
    return summary.aucDifference <= AUC_TARGET ? 0 : 1;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function markdown(s: {
  machine: ReturnType<typeof machineInfo>;
  trainingRows: number;
  holdoutRows: number;
  sklearnC: number;
  ours: { auc: number; logLoss: number; trainSeconds: number; iterations: number };
  sklearn: { version: string; auc: number; logLoss: number; trainSeconds: number; iterations: number };
  priceOnlyAuc: number;
  trueModelAuc: number;
  aucDifference: number;
  latency: { inProcess: Latency; inProcessBatch: Latency; http: Latency };
}): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const met = s.aucDifference <= AUC_TARGET;
  return `## ML: trainer and predictions

Regenerated by \`npm run bench:ml\` (bench/ml.ts, bench/ml_sklearn.py); raw figures in \`bench/results/ml.json\`.

${machineMarkdown(s.machine)}

Method: ${fmt(BIDS)} bids from the traffic generator (${CAMPAIGNS} campaigns; its known win function depends on price, domain and category), encoded once by \`lambda/domain/ml/features.ts\` (${FEATURE_DIMENSION} features) and written as svmlight. Both trainers fit L2-regularised logistic regression on the same ${fmt(s.trainingRows)} training rows (ours: L-BFGS in TypeScript, l2 = ${L2}; scikit-learn ${s.sklearn.version}: \`LogisticRegression(solver="lbfgs", C=${s.sklearnC.toPrecision(4)})\`, the same objective) and are scored on the same ${fmt(s.holdoutRows)} held-out rows (20% by tx_id hash). Training time is the median of ${TRAIN_RUNS} fits with the data already in memory (ours on one thread).

| Trainer | Holdout AUC | Log loss | Training time | Iterations |
| --- | ---: | ---: | ---: | ---: |
| Ours (TypeScript, L-BFGS) | ${s.ours.auc.toFixed(4)} | ${s.ours.logLoss.toFixed(4)} | ${s.ours.trainSeconds.toFixed(2)} s | ${s.ours.iterations} |
| scikit-learn (lbfgs) | ${s.sklearn.auc.toFixed(4)} | ${s.sklearn.logLoss.toFixed(4)} | ${s.sklearn.trainSeconds.toFixed(2)} s | ${s.sklearn.iterations} |
| Price only (rank by offered price) | ${s.priceOnlyAuc.toFixed(4)} | | | |
| The generator's true win probability | ${s.trueModelAuc.toFixed(4)} | | | |

\`POST /predictions\` latency with the local model (\`createPredictHandler\` + \`LocalScorer\`), sequential requests after ${WARMUP_REQUESTS} warm-up ones:

| Path | Requests | p50 | p99 |
| --- | ---: | ---: | ---: |
| In-process, one bid per request | ${fmt(IN_PROCESS_REQUESTS)} | ${s.latency.inProcess.p50Ms} ms | ${s.latency.inProcess.p99Ms} ms |
| In-process, ${BATCH} bids per request | ${fmt(IN_PROCESS_REQUESTS / 10)} | ${s.latency.inProcessBatch.p50Ms} ms | ${s.latency.inProcessBatch.p99Ms} ms |
| HTTP (node:http, keep-alive), one bid per request | ${fmt(HTTP_REQUESTS)} | ${s.latency.http.p50Ms} ms | ${s.latency.http.p99Ms} ms |

| Target | Goal | Measured | Met |
| --- | ---: | ---: | :---: |
| Our AUC vs scikit-learn's on the same rows | within ${AUC_TARGET} | ${s.aucDifference.toFixed(4)} | ${met ? 'yes' : '**no**'} |
`;
}

process.exitCode = await main();
