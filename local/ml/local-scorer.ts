import { FEATURE_ENCODING_VERSION, type FeatureVector } from '../../lambda/domain/ml/features.ts';
import { predict } from '../../lambda/domain/ml/logistic-regression.ts';
import { type IScorer, ScorerUnavailableError } from '../../lambda/predictions/scorer.ts';
import { type FileVersion, isCompatible, type ModelStore, type SavedModel } from './model-store.ts';

export const LOCAL_NO_MODEL_MESSAGE =
  'No prediction model yet. Send traffic (`npx sdp generate`), let the attribution window (5 minutes ' +
  'by default) pass so that bids are labelled by their impressions, then run `npx sdp train`; the ' +
  'platform also retrains on its own once enough labelled bids have arrived.';

/**
 * Scores with the model the local trainer saved, as the SageMaker endpoint would. The model is
 * re-read only when `current.json` changes, so a new model is served from the next request on.
 */
export class LocalScorer implements IScorer {
  private cached: { version: FileVersion; model: SavedModel } | undefined;

  constructor(private readonly store: ModelStore) {}

  modelTrainedAt(): number | undefined {
    return this.cached ? Date.parse(this.cached.model.trainedAt) : undefined;
  }

  async score(rows: readonly FeatureVector[]): Promise<number[]> {
    const model = await this.currentModel();
    return rows.map((row) => predict(model, row));
  }

  private async currentModel(): Promise<SavedModel> {
    const version = await this.store.version();
    if (version === undefined) throw new ScorerUnavailableError(LOCAL_NO_MODEL_MESSAGE, 503);
    if (!this.cached || !sameVersion(this.cached.version, version)) {
      const model = await this.store.load();
      if (model === undefined) throw new ScorerUnavailableError(LOCAL_NO_MODEL_MESSAGE, 503);
      this.cached = { version, model };
    }
    const { model } = this.cached;
    if (!isCompatible(model)) {
      throw new ScorerUnavailableError(
        `The saved model uses feature encoding v${model.encodingVersion}, this version encodes v${FEATURE_ENCODING_VERSION}: ` +
          'run `npx sdp train` to train a model for it.',
        503,
      );
    }
    return model;
  }
}

function sameVersion(a: FileVersion, b: FileVersion): boolean {
  return a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.size === b.size;
}
