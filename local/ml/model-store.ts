import { copyFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CalibrationBin } from '../../lambda/domain/ml/calibration.ts';
import { FEATURE_DIMENSION, FEATURE_ENCODING_VERSION } from '../../lambda/domain/ml/features.ts';
import type { LogisticModel } from '../../lambda/domain/ml/logistic-regression.ts';
import type { ModelMetrics } from '../../lambda/domain/ml/model-gate.ts';

export const MODEL_FORMAT = 'sdp-logistic-regression';

/** A trained model as saved: the weights plus what it was trained on and how well it did. */
export interface SavedModel extends LogisticModel {
  readonly format: typeof MODEL_FORMAT;
  readonly encodingVersion: number;
  readonly dimension: number;
  /** ISO-8601 UTC. */
  readonly trainedAt: string;
  /** On its holdout, with the price-only baseline's AUC on the same rows. */
  readonly metrics: ModelMetrics & { readonly baselineAuc: number };
  readonly rows: { readonly train: number; readonly holdout: number };
  /** Predicted against observed win rate on its holdout (absent in models saved before it was kept). */
  readonly calibration?: readonly CalibrationBin[];
  /** The model it replaced, on the same holdout (absent before it was kept; null for a first model). */
  readonly replaced?: ModelMetrics | null;
}

/** What the last training run decided, accepted or not: the dashboard shows the gate's decision. */
export interface TrainingRun {
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly accepted: boolean;
  readonly reason: string;
  readonly candidate: ModelMetrics;
  /** The served model on the same holdout; null when there was none to compare. */
  readonly served: ModelMetrics | null;
  readonly holdoutRows: number;
}

/** Where a file stands now: a swap to a new model changes the inode, a rewrite the mtime or size. */
export interface FileVersion {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly size: number;
}

/**
 * The local model directory: `current.json` is the served model, `previous.json` the one it
 * replaced and `last-run.json` what the last training run decided. A save never leaves a file
 * missing or half written: the new content is written and synced to a temporary file, then renamed
 * over it (rename is atomic on one filesystem).
 */
export class ModelStore {
  readonly currentFile: string;
  readonly previousFile: string;
  readonly lastRunFile: string;
  private readonly lockFile: string;

  constructor(readonly directory: string) {
    this.currentFile = join(directory, 'current.json');
    this.previousFile = join(directory, 'previous.json');
    this.lastRunFile = join(directory, 'last-run.json');
    this.lockFile = join(directory, 'train.lock');
  }

  /** The current model, or undefined when none was saved yet. */
  async load(): Promise<SavedModel | undefined> {
    const text = await readIfPresent(this.currentFile);
    return text === undefined ? undefined : parseModel(text, this.currentFile);
  }

  /** The model the current one replaced, or undefined when there is none. */
  async loadPrevious(): Promise<SavedModel | undefined> {
    const text = await readIfPresent(this.previousFile);
    return text === undefined ? undefined : parseModel(text, this.previousFile);
  }

  /** What the last training run decided, or undefined before the first run that trained a model. */
  async loadLastRun(): Promise<TrainingRun | undefined> {
    const text = await readIfPresent(this.lastRunFile);
    return text === undefined ? undefined : (JSON.parse(text) as TrainingRun);
  }

  async saveLastRun(run: TrainingRun): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const next = `${this.lastRunFile}.${process.pid}-${Date.now()}.tmp`;
    await writeSynced(next, `${JSON.stringify(run)}\n`);
    await rename(next, this.lastRunFile);
  }

  /** The current file's version, or undefined when there is no model. */
  async version(): Promise<FileVersion | undefined> {
    try {
      const { ino, mtimeMs, size } = await stat(this.currentFile);
      return { ino, mtimeMs, size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Makes `model` current and keeps the model it replaces as `previous.json`. */
  async save(model: SavedModel): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const suffix = `${process.pid}-${Date.now()}.tmp`;
    const next = `${this.currentFile}.${suffix}`;
    await writeSynced(next, `${JSON.stringify(model)}\n`);
    try {
      await copyFile(this.currentFile, `${this.previousFile}.${suffix}`);
      await rename(`${this.previousFile}.${suffix}`, this.previousFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rename(next, this.currentFile);
  }

  /**
   * Runs `work` unless another process or run holds the training lock; answers undefined then. A lock
   * left by a process that died is taken over.
   */
  async withTrainingLock<T>(work: () => Promise<T>): Promise<T | undefined> {
    await mkdir(this.directory, { recursive: true });
    if (!(await this.tryLock())) return undefined;
    try {
      return await work();
    } finally {
      await rm(this.lockFile, { force: true });
    }
  }

  private async tryLock(): Promise<boolean> {
    try {
      await writeSynced(this.lockFile, String(process.pid), 'wx');
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(this.lockFile, 'utf8').catch(() => ''));
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) return false;
    // The holder died mid-run. Remove its lock and race once more: `wx` lets exactly one taker win.
    await rm(this.lockFile, { force: true });
    try {
      await writeSynced(this.lockFile, String(process.pid), 'wx');
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }
}

/** Whether a saved model can score rows of today's encoding. */
export function isCompatible(model: SavedModel): boolean {
  return model.encodingVersion === FEATURE_ENCODING_VERSION && model.dimension === FEATURE_DIMENSION;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseModel(text: string, file: string): SavedModel {
  const model = JSON.parse(text) as Partial<SavedModel>;
  const valid =
    model.format === MODEL_FORMAT &&
    Number.isInteger(model.encodingVersion) &&
    Number.isInteger(model.dimension) &&
    typeof model.bias === 'number' &&
    Array.isArray(model.weights) &&
    model.weights.length === model.dimension &&
    model.weights.every((weight) => typeof weight === 'number');
  if (!valid) throw new Error(`${file} is not a model saved by the platform's trainer`);
  return model as SavedModel;
}

async function writeSynced(file: string, text: string, flags = 'w'): Promise<void> {
  const handle = await open(file, flags);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
