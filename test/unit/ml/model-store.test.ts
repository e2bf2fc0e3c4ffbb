import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_DIMENSION, FEATURE_ENCODING_VERSION } from '../../../lambda/domain/ml/features.ts';
import { isCompatible, MODEL_FORMAT, ModelStore, type SavedModel } from '../../../local/ml/model-store.ts';

function savedModel(bias: number): SavedModel {
  return {
    format: MODEL_FORMAT,
    encodingVersion: FEATURE_ENCODING_VERSION,
    dimension: FEATURE_DIMENSION,
    trainedAt: '2024-06-01T12:00:00.000Z',
    metrics: { auc: 0.77, logLoss: 0.55, baselineAuc: 0.75 },
    rows: { train: 800, holdout: 200 },
    bias,
    weights: Array.from({ length: FEATURE_DIMENSION }, (_, i) => (i % 7) / 10 - bias),
  };
}

describe('ModelStore', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sdp-models-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('has no model before the first save, even without its directory', async () => {
    // Act & Assess
    expect(await new ModelStore(join(directory, 'missing')).load()).toBeUndefined();
    expect(await new ModelStore(join(directory, 'missing')).version()).toBeUndefined();
  });

  it('saves a model as current.json and loads it back, leaving no temporary file', async () => {
    // Prepare
    const store = new ModelStore(join(directory, 'models'));

    // Act
    await store.save(savedModel(0.5));

    // Assess
    expect(await store.load()).toStrictEqual(savedModel(0.5));
    expect(await readdir(store.directory)).toStrictEqual(['current.json']);
  });

  it('keeps the replaced model as previous.json', async () => {
    // Prepare
    const store = new ModelStore(directory);
    await store.save(savedModel(0.1));

    // Act
    await store.save(savedModel(0.2));

    // Assess
    expect(await store.load()).toStrictEqual(savedModel(0.2));
    expect(JSON.parse(await readFile(store.previousFile, 'utf8'))).toStrictEqual(savedModel(0.1));
    expect((await readdir(directory)).sort()).toStrictEqual(['current.json', 'previous.json']);
  });

  it('never shows a reader a missing or half-written model while models are swapped', async () => {
    // Prepare
    const store = new ModelStore(directory);
    await store.save(savedModel(0));
    const biases = new Set<number>();
    let saving = true;

    // Act
    const reader = (async () => {
      while (saving) biases.add(((await store.load()) as SavedModel).bias);
    })();
    for (let i = 1; i <= 30; i++) await store.save(savedModel(i));
    saving = false;
    await reader;

    // Assess: every read parsed a whole model of one of the saves.
    expect([...biases].every((bias) => Number.isInteger(bias) && bias >= 0 && bias <= 30)).toBe(true);
    expect((await store.load())?.bias).toBe(30);
  });

  it('rejects a current.json the trainer did not write', async () => {
    // Prepare
    const store = new ModelStore(directory);
    await writeFile(store.currentFile, JSON.stringify({ ...savedModel(0), weights: [1, 2] }));

    // Act & Assess
    await expect(store.load()).rejects.toThrow(`${store.currentFile} is not a model saved by the platform's trainer`);
  });

  it('runs one training at a time: a second run while the lock is held is refused', async () => {
    // Prepare
    const store = new ModelStore(directory);
    let inner: string | undefined = 'not run';

    // Act
    const outer = await store.withTrainingLock(async () => {
      inner = await store.withTrainingLock(async () => 'ran');
      return 'ran';
    });
    const after = await store.withTrainingLock(async () => 'ran');

    // Assess
    expect(outer).toBe('ran');
    expect(inner).toBeUndefined();
    expect(after).toBe('ran');
    expect(await readdir(directory)).toStrictEqual([]);
  });

  it('takes over a lock left by a process that died', async () => {
    // Prepare
    const store = new ModelStore(directory);
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
    await writeFile(join(directory, 'train.lock'), String(deadPid));

    // Act
    const result = await store.withTrainingLock(async () => 'ran');

    // Assess
    expect(result).toBe('ran');
  });
});

describe('isCompatible', () => {
  it('accepts a model of the current encoding and refuses one of another', () => {
    // Act & Assess
    expect(isCompatible(savedModel(0))).toBe(true);
    expect(isCompatible({ ...savedModel(0), encodingVersion: FEATURE_ENCODING_VERSION + 1 })).toBe(false);
  });
});
