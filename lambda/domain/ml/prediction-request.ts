import { RequestError } from '../errors.ts';
import { EVENT_SPECS, MAX_BATCH } from '../events.ts';
import { decimalIdValue, type RecordShape, type RequestField } from '../field-checks.ts';
import { bodyError, parseRecordBatch, type RecordBatchRules } from '../record-batch.ts';
import type { PredictionInput } from './features.ts';

/** A predictions request body that breaks the contract of SPEC.md §8. */
export class PredictionRequestError extends RequestError {
  override name = 'PredictionRequestError';
}

const BID = EVENT_SPECS.bid.fields;

/**
 * The request's fields (SPEC.md §8), with the limits of the bid fields they stand for, in the original's
 * contract: `campaignItemId` an integer or its decimal string (a string that is not one, such as the
 * original's test value "c", names no campaign a bid can carry and is refused), `winPrice` any number in range.
 */
export const PREDICTION_FIELDS: Readonly<Record<keyof PredictionInput, RequestField>> = {
  campaignItemId: { ...BID.campaign_item_id, type: 'decimal-id' },
  domain: BID.domain,
  creativeId: BID.creative_id,
  creativeCategory: BID.creative_category,
  // The question is P(win) at a price: without the price there is nothing to predict.
  winPrice: { ...BID.win_price, type: 'number', required: true },
};
const FIELD_NAMES = Object.keys(PREDICTION_FIELDS).join(', ');

/** One SageMaker invocation scores the whole batch; 500 dense CSV rows stay far below its 6 MB payload cap. */
export const MAX_PREDICTION_BATCH = MAX_BATCH;

const SHAPE: RecordShape = {
  name: 'a prediction request',
  fields: PREDICTION_FIELDS,
  undeclared: () => `is not a field of a prediction request (known fields: ${FIELD_NAMES})`,
};

const RULES: RecordBatchRules = {
  shape: SHAPE,
  maxRecords: MAX_PREDICTION_BATCH,
  error: PredictionRequestError,
  emptyArrayMessage: `Request body is an empty array: send one prediction request or an array of 1 to ${MAX_BATCH}`,
  tooManyMessage: (count) =>
    `Request body has ${count} prediction requests: at most ${MAX_PREDICTION_BATCH} are allowed`,
  noun: { one: 'prediction request', batch: 'batch of prediction requests' },
};
/** A score at or above this predicts a win. */
export const PREDICTION_THRESHOLD = 0.5;

export interface Prediction {
  readonly score: number;
  readonly predicted_label: 0 | 1;
}

/**
 * Parses and validates a predictions request body: one request object or an array of them. Throws
 * {@link PredictionRequestError} listing every problem (up to 50).
 */
export function parsePredictionBody(body: string | null | undefined): PredictionInput[] {
  if (body === null || body === undefined || body === '') {
    throw bodyError(
      PredictionRequestError,
      `Request body is required: send one prediction request or an array of 1 to ${MAX_BATCH}`,
    );
  }
  // Validated: campaignItemId is an integer or its digits, and from here on the integer, so "7" and 7 encode alike.
  return (parseRecordBatch(body, RULES) as (PredictionInput & { campaignItemId: number | string })[]).map((input) => ({
    ...input,
    campaignItemId: decimalIdValue(input.campaignItemId),
  }));
}

/** The response body of SPEC.md §8, one prediction per request in request order. */
export function toPredictionResponse(scores: readonly number[]): { predictions: Prediction[] } {
  return {
    predictions: scores.map((score) => ({ score, predicted_label: score >= PREDICTION_THRESHOLD ? 1 : 0 })),
  };
}
