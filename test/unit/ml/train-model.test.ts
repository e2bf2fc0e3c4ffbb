import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_DIMENSION } from '../../../lambda/domain/ml/features.ts';
import {
  bindParameters,
  isHoldout,
  trainingSetParameters,
  trainingSetQuery,
} from '../../../lambda/domain/ml/training-set.ts';
import { seededRandom } from '../../../local/generate/traffic-model.ts';
import { ModelStore, type SavedModel } from '../../../local/ml/model-store.ts';
import { describeTrainingReport, trainFromLake } from '../../../local/ml/train-model.ts';
import { generatedBids, lakeRows } from './generated-bids.ts';

const NOW = new Date('2024-06-01T12:00:00.000Z');
const BIDS = generatedBids(10_000);
const HOLDOUT_ROWS = BIDS.filter((bid) => isHoldout(bid.txId)).length;

/** A query function answering fixed rows, recording the SQL it ran. */
function lake(rows: Record<string, unknown>[]) {
  const queries: string[] = [];
  return {
    queries,
    query: async (sql: string) => {
      queries.push(sql);
      return rows;
    },
  };
}

/** The same bids with random labels on the training side: the model learns noise, the holdout is intact. */
function noisyTrainingLabels(): Record<string, unknown>[] {
  const random = seededRandom(99);
  return lakeRows(BIDS).map((row) =>
    isHoldout(row.tx_id as string) ? row : { ...row, label: random() < 0.4 ? 1 : 0 },
  );
}

/** Each test trains on 8,000 rows, which takes seconds on a busy machine. */
describe('trainFromLake', { timeout: 60_000 }, () => {
  let modelDir: string;
  beforeEach(async () => {
    modelDir = await mkdtemp(join(tmpdir(), 'sdp-train-'));
  });
  afterEach(() => rm(modelDir, { recursive: true, force: true }));

  it('trains the first model on the training-set query, evaluates it on the holdout and saves it', async () => {
    // Prepare
    const { query, queries } = lake(lakeRows(BIDS));

    // Act
    const report = await trainFromLake({ query, modelDir, now: NOW, attributionWindowMs: 60_000 });

    // Assess
    // The training window ends on the run's day: 2024-06-01, bound as Athena binds ExecutionParameters.
    const expected = trainingSetQuery({ attributionWindowMs: 60_000 });
    expect(queries).toStrictEqual([bindParameters(expected.sql, trainingSetParameters(expected, NOW))]);
    expect(queries[0]).toContain("dt <= '2024-06-01'");
    expect(report).toMatchObject({
      trained: true,
      saved: true,
      current: null,
      rows: 10_000,
      holdoutRows: HOLDOUT_ROWS,
    });
    expect(report.reason).toBe(`first model (AUC ${report.auc?.toFixed(4)}, log loss ${report.logLoss?.toFixed(4)})`);
    expect(report.auc).toBeGreaterThan(report.baseline as number);
    const saved = JSON.parse(await readFile(join(modelDir, 'current.json'), 'utf8')) as SavedModel;
    expect(saved).toMatchObject({
      format: 'sdp-logistic-regression',
      encodingVersion: 1,
      dimension: FEATURE_DIMENSION,
      trainedAt: '2024-06-01T12:00:00.000Z',
      metrics: { auc: report.auc, logLoss: report.logLoss, baselineAuc: report.baseline },
      rows: { train: 10_000 - HOLDOUT_ROWS, holdout: HOLDOUT_ROWS },
    });
    expect(saved.weights).toHaveLength(FEATURE_DIMENSION);
    expect(saved.replaced).toBeNull();
    expect(saved.calibration?.reduce((rows, bin) => rows + bin.count, 0)).toBe(HOLDOUT_ROWS);
    expect(await new ModelStore(modelDir).loadLastRun()).toStrictEqual({
      at: '2024-06-01T12:00:00.000Z',
      accepted: true,
      reason: report.reason,
      candidate: { auc: report.auc, logLoss: report.logLoss },
      served: null,
      holdoutRows: HOLDOUT_ROWS,
    });
  });

  it('keeps the current model when the candidate is worse on the same holdout', async () => {
    // Prepare
    await trainFromLake({ query: lake(lakeRows(BIDS)).query, modelDir });
    const before = await readFile(join(modelDir, 'current.json'), 'utf8');

    // Act
    const report = await trainFromLake({ query: lake(noisyTrainingLabels()).query, modelDir, now: NOW });

    // Assess
    expect(report.trained).toBe(true);
    expect(report.saved).toBe(false);
    expect(await new ModelStore(modelDir).loadLastRun()).toStrictEqual({
      at: '2024-06-01T12:00:00.000Z',
      accepted: false,
      reason: report.reason,
      candidate: { auc: report.auc, logLoss: report.logLoss },
      served: report.current,
      holdoutRows: HOLDOUT_ROWS,
    });
    expect(report.reason).toBe(
      `candidate AUC ${report.auc?.toFixed(4)} is below the current ${report.current?.auc.toFixed(4)} by more than 0.002`,
    );
    expect(report.auc).toBeLessThan(0.55);
    expect(await readFile(join(modelDir, 'current.json'), 'utf8')).toBe(before);
  });

  it('replaces the current model with a retrained one that is at least as good', async () => {
    // Prepare
    await trainFromLake({ query: lake(lakeRows(BIDS)).query, modelDir, now: new Date(0) });

    // Act
    const report = await trainFromLake({ query: lake(lakeRows(BIDS)).query, modelDir, now: NOW });

    // Assess: the same data trains the same model, which is exactly as good.
    expect(report.saved).toBe(true);
    expect(report.current).toStrictEqual({ auc: report.auc, logLoss: report.logLoss });
    const store = new ModelStore(modelDir);
    expect((await store.load())?.trainedAt).toBe('2024-06-01T12:00:00.000Z');
    expect((await store.load())?.replaced).toStrictEqual(report.current);
    expect((await store.loadPrevious())?.trainedAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('replaces a model of an older feature encoding without comparing', async () => {
    // Prepare
    await trainFromLake({ query: lake(lakeRows(BIDS)).query, modelDir });
    const current = JSON.parse(await readFile(join(modelDir, 'current.json'), 'utf8')) as SavedModel;
    await writeFile(join(modelDir, 'current.json'), JSON.stringify({ ...current, encodingVersion: 0 }));

    // Act
    const report = await trainFromLake({ query: lake(noisyTrainingLabels()).query, modelDir });

    // Assess
    expect(report).toMatchObject({ saved: true, current: null });
  });

  it('trains nothing when a side of the split has too few labelled bids', async () => {
    // Prepare
    const rows = lakeRows(BIDS.slice(0, 300));
    const holdout = BIDS.slice(0, 300).filter((bid) => isHoldout(bid.txId)).length;

    // Act
    const report = await trainFromLake({ query: lake(rows).query, modelDir });

    // Assess
    expect(report).toStrictEqual({
      trained: false,
      saved: false,
      reason: `not enough labelled bids: ${holdout} holdout rows, at least 100 needed`,
      auc: null,
      logLoss: null,
      baseline: null,
      current: null,
      rows: 300,
      holdoutRows: holdout,
      durationMs: report.durationMs,
    });
    expect(await new ModelStore(modelDir).load()).toBeUndefined();
  });

  it('trains nothing when no bid won', async () => {
    // Prepare
    const rows = lakeRows(BIDS.slice(0, 2_000)).map((row) => ({ ...row, label: 0 }));

    // Act
    const report = await trainFromLake({ query: lake(rows).query, modelDir });

    // Assess
    expect(report.reason).toBe(
      'not enough labelled bids: the training rows are all losses; the holdout rows are all losses',
    );
    expect(report.trained).toBe(false);
  });

  it('refuses to run while another run holds the lock', async () => {
    // Prepare
    const store = new ModelStore(modelDir);

    // Act
    const report = await store.withTrainingLock(() => trainFromLake({ query: lake(lakeRows(BIDS)).query, modelDir }));

    // Assess
    expect(report).toMatchObject({
      trained: false,
      saved: false,
      reason: `another training run holds the lock in ${modelDir}`,
      rows: 0,
    });
  });
});

describe('describeTrainingReport', () => {
  it('summarises a run on one line', () => {
    // Act
    const line = describeTrainingReport({
      trained: true,
      saved: false,
      reason: 'candidate log loss 0.5600 is worse than the current 0.5500',
      auc: 0.77,
      logLoss: 0.56,
      baseline: 0.75,
      current: { auc: 0.77, logLoss: 0.55 },
      rows: 1000,
      holdoutRows: 200,
      durationMs: 42,
    });

    // Assess
    expect(line).toBe(
      'model rejected: candidate log loss 0.5600 is worse than the current 0.5500; 1000 labelled bids (200 held out), price-only baseline AUC 0.7500, 42 ms',
    );
  });
});
