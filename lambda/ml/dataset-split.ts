import { fnv1a } from '../domain/ml/features.ts';
import { isHoldout } from '../domain/ml/training-set.ts';

export type Split = 'train' | 'validation' | 'holdout';

/** The share of the non-holdout bids the linear learner keeps for early stopping and model selection, in percent. */
export const VALIDATION_PERCENT = 10;

/**
 * A bid's split, by hashes of its `tx_id`: the holdout is the shared one of the training set, so the
 * candidate and the model it may replace are scored on rows neither was trained on; validation is
 * drawn from the rest with another hash, so it too stays put across runs.
 */
export function splitOf(txId: string): Split {
  if (isHoldout(txId)) return 'holdout';
  return fnv1a(`validation:${txId}`) % 100 < VALIDATION_PERCENT ? 'validation' : 'train';
}

export type LabelCounts = Readonly<Record<Split, { readonly positives: number; readonly negatives: number }>>;

/** The error name the state machine catches to end a run without a model (a Lambda error's type is its name). */
export const INSUFFICIENT_DATA_ERROR = 'InsufficientTrainingDataError';

/** Labelled bids were too few to train and evaluate a model; the run ends without one. */
export class InsufficientTrainingDataError extends Error {
  override name = INSUFFICIENT_DATA_ERROR;
}

/**
 * Throws {@link InsufficientTrainingDataError} unless training and the holdout both hold wins and
 * losses (AUC needs both) and validation is not empty (the linear learner rejects an empty channel).
 */
export function checkLabelCounts(counts: LabelCounts): void {
  const problems: string[] = [];
  for (const split of ['train', 'holdout'] as const) {
    const { positives, negatives } = counts[split];
    if (positives === 0 || negatives === 0) {
      problems.push(`${split} has ${positives} won and ${negatives} lost bids; it needs both`);
    }
  }
  if (counts.validation.positives + counts.validation.negatives === 0) problems.push('validation is empty');
  if (problems.length > 0) {
    throw new InsufficientTrainingDataError(`Not enough labelled bids to train: ${problems.join('; ')}`);
  }
}
