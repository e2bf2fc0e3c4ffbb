import type { RequestError, ValidationIssue } from './errors.ts';
import { MAX_BODY_BYTES } from './events.ts';
import { type RecordShape, recordIssues } from './field-checks.ts';

/** Stop collecting after this many issues: a 500-record batch of garbage needs no 4,000-line answer. */
const MAX_ISSUES = 50;

/** A {@link RequestError} subclass, whose constructor it keeps. */
export type RequestErrorClass = new (
  message: string,
  errors: readonly ValidationIssue[],
  statusCode?: number,
) => RequestError;

/** How a body of one record or an array of them is checked, and how a refusal is worded. */
export interface RecordBatchRules {
  readonly shape: RecordShape;
  readonly maxRecords: number;
  /** The refusal thrown, e.g. `EventValidationError`. */
  readonly error: RequestErrorClass;
  readonly emptyArrayMessage: string;
  readonly tooManyMessage: (count: number) => string;
  /** What an invalid body is called: `Invalid <noun>: 3 errors`. */
  readonly noun: { readonly one: string; readonly batch: string };
}

/**
 * Parses a request body holding one JSON object or an array of 1 to `maxRecords` of them. All or nothing:
 * it returns every record, or throws `rules.error` listing every problem (up to 50).
 */
export function parseRecordBatch(body: string, rules: RecordBatchRules): unknown[] {
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    throw new rules.error(
      `Request body exceeds ${MAX_BODY_BYTES} bytes`,
      [{ index: null, path: '', message: `body must be at most ${MAX_BODY_BYTES} bytes` }],
      413,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw bodyError(rules.error, `Request body is not valid JSON: ${(error as Error).message}`);
  }
  const isBatch = Array.isArray(parsed);
  const records: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  if (records.length === 0) throw bodyError(rules.error, rules.emptyArrayMessage);
  if (records.length > rules.maxRecords) throw bodyError(rules.error, rules.tooManyMessage(records.length));
  const issues: ValidationIssue[] = [];
  // Collecting one issue past the cap tells "exactly 50" apart from "more than 50".
  for (let i = 0; i < records.length && issues.length <= MAX_ISSUES; i++) {
    issues.push(...recordIssues(records[i], rules.shape, isBatch ? i : null));
  }
  if (issues.length > 0) {
    const noun = isBatch ? rules.noun.batch : rules.noun.one;
    throw new rules.error(`Invalid ${noun}: ${describeCount(issues.length)}`, issues.slice(0, MAX_ISSUES));
  }
  return records;
}

/** A body-level refusal: the message is repeated as the only issue. */
export function bodyError(error: RequestErrorClass, message: string): RequestError {
  return new error(message, [{ index: null, path: '', message }]);
}

function describeCount(n: number): string {
  return n === 1 ? '1 error' : `${n > MAX_ISSUES ? `${MAX_ISSUES}+` : n} errors`;
}
