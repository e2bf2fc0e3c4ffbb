import { RequestError, type ValidationIssue } from '../errors.ts';
import { EVENT_SPECS, type FieldSpec, MAX_BATCH, MAX_BODY_BYTES } from '../events.ts';
import type { PredictionInput } from './features.ts';

/** A predictions request body that breaks the contract of SPEC.md §8. */
export class PredictionRequestError extends RequestError {
  override name = 'PredictionRequestError';
}

const BID = EVENT_SPECS.bid.fields;

/** The request's fields (SPEC.md §8), with the limits of the bid fields they stand for. */
const FIELDS: Readonly<Record<keyof PredictionInput, FieldSpec>> = {
  campaignItemId: BID.campaign_item_id,
  domain: BID.domain,
  creativeId: BID.creative_id,
  creativeCategory: BID.creative_category,
  // The question is P(win) at a price: without the price there is nothing to predict.
  winPrice: { ...BID.win_price, required: true },
};
const FIELD_NAMES = Object.keys(FIELDS).join(', ');

/** One SageMaker invocation scores the whole batch; 500 dense CSV rows stay far below its 6 MB payload cap. */
export const MAX_PREDICTION_BATCH = MAX_BATCH;
/** A score at or above this predicts a win. */
export const PREDICTION_THRESHOLD = 0.5;
/** Stop collecting after this many issues, as the ingestion API does. */
const MAX_ISSUES = 50;

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
    throw bodyError(`Request body is required: send one prediction request or an array of 1 to ${MAX_BATCH}`);
  }
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    throw new PredictionRequestError(
      `Request body exceeds ${MAX_BODY_BYTES} bytes`,
      [{ index: null, path: '', message: `body must be at most ${MAX_BODY_BYTES} bytes` }],
      413,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw bodyError(`Request body is not valid JSON: ${(error as Error).message}`);
  }
  const requests = Array.isArray(parsed) ? parsed : [parsed];
  if (requests.length === 0) {
    throw bodyError(`Request body is an empty array: send one prediction request or an array of 1 to ${MAX_BATCH}`);
  }
  if (requests.length > MAX_PREDICTION_BATCH) {
    throw bodyError(
      `Request body has ${requests.length} prediction requests: at most ${MAX_PREDICTION_BATCH} are allowed`,
    );
  }
  const issues: ValidationIssue[] = [];
  // Collecting one issue past the cap tells "exactly 50" apart from "more than 50".
  for (let i = 0; i < requests.length && issues.length <= MAX_ISSUES; i++) {
    collectIssues(requests[i], Array.isArray(parsed) ? i : null, issues);
  }
  if (issues.length > 0) {
    const noun = Array.isArray(parsed) ? 'batch of prediction requests' : 'prediction request';
    throw new PredictionRequestError(`Invalid ${noun}: ${describeCount(issues.length)}`, issues.slice(0, MAX_ISSUES));
  }
  return requests as PredictionInput[];
}

/** The response body of SPEC.md §8, one prediction per request in request order. */
export function toPredictionResponse(scores: readonly number[]): { predictions: Prediction[] } {
  return {
    predictions: scores.map((score) => ({ score, predicted_label: score >= PREDICTION_THRESHOLD ? 1 : 0 })),
  };
}

function collectIssues(request: unknown, index: number | null, issues: ValidationIssue[]): void {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    issues.push({ index, path: '', message: `must be a JSON object (a prediction request), got ${jsonType(request)}` });
    return;
  }
  const record = request as Record<string, unknown>;
  for (const [name, field] of Object.entries(FIELDS)) {
    const value = record[name];
    if (value === undefined) {
      if (field.required) issues.push({ index, path: name, message: 'is required' });
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem) issues.push({ index, path: name, message: problem });
  }
  for (const name of Object.keys(record)) {
    // Own keys only: `in` would also find Object.prototype members such as "toString".
    if (!Object.hasOwn(FIELDS, name)) {
      issues.push({
        index,
        path: name,
        message: `is not a field of a prediction request (known fields: ${FIELD_NAMES})`,
      });
    }
  }
}

function fieldProblem(field: FieldSpec, value: unknown): string | undefined {
  if (field.type === 'string') {
    if (typeof value !== 'string') return `must be a string, got ${jsonType(value)}`;
    // Code points, as the event contract counts them.
    const length = [...value].length;
    if (length < field.minLength || length > field.maxLength) {
      return `must be ${field.minLength} to ${field.maxLength} characters long, got ${length}`;
    }
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return `must be an integer, got ${jsonType(value)}`;
  if (value < field.minimum || value > field.maximum) {
    return `must be between ${field.minimum} and ${field.maximum}, got ${value}`;
  }
  return undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a non-integer number';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function bodyError(message: string): PredictionRequestError {
  return new PredictionRequestError(message, [{ index: null, path: '', message }]);
}

function describeCount(n: number): string {
  return n === 1 ? '1 error' : `${n > MAX_ISSUES ? `${MAX_ISSUES}+` : n} errors`;
}
