import type { FeatureVector } from '../domain/ml/features.ts';

/** Scores encoded bids: the local model file or the SageMaker endpoint, behind one interface. */
export interface IScorer {
  /** P(win) of each row, in row order. */
  score(rows: readonly FeatureVector[]): Promise<number[]>;
  /** When the model that answered the last score() was trained, epoch ms, if the scorer knows. */
  modelTrainedAt?(): number | undefined;
}

/**
 * The model cannot answer now, through no fault of the request: there is no model yet (503, with how
 * to train one in the message), or the endpoint is busy (429) or unavailable (503).
 */
export class ScorerUnavailableError extends Error {
  override name = 'ScorerUnavailableError';

  constructor(
    message: string,
    readonly statusCode: 429 | 503,
  ) {
    super(message);
  }
}
