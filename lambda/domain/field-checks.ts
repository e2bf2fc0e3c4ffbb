import type { ValidationIssue } from './errors.ts';
import { type FieldSpec, WELL_FORMED_TEXT } from './events.ts';

const WELL_FORMED = new RegExp(WELL_FORMED_TEXT, 'u');
const LONE_SURROGATE = /\p{Surrogate}/u;

/** A number, fractional or not, within limits: the predictions API's `winPrice` (SPEC.md §8). */
export interface NumberField {
  readonly type: 'number';
  readonly required: boolean;
  readonly minimum: number;
  readonly maximum: number;
  readonly description: string;
}

/**
 * An id given as an integer or as its decimal string, which the original platform's clients send
 * (`"campaignItemId":"1463517"`); both stand for the same integer. Digits only: a sign, spaces or an
 * exponent are not an id's decimal string.
 */
export interface DecimalIdField {
  readonly type: 'decimal-id';
  readonly required: boolean;
  readonly minimum: number;
  readonly maximum: number;
  readonly description: string;
}

/** A field a request may carry: the event schema's kinds, and those only the predictions API takes. */
export type RequestField = FieldSpec | NumberField | DecimalIdField;

/** Digits only, the form a decimal-id string must have (a JSON Schema `pattern` too). */
export const DECIMAL_DIGITS = '^[0-9]+$';
const DIGITS = new RegExp(DECIMAL_DIGITS);

/** What one JSON object of a request body must look like. */
export interface RecordShape {
  /** Names the record in issues: `must be a JSON object (<name>)`, e.g. `a bid event`. */
  readonly name: string;
  /** The declared fields, checked in this order. */
  readonly fields: Readonly<Record<string, RequestField>>;
  /** The issue message for a key `fields` does not declare, or undefined to accept the key. */
  readonly undeclared: (key: string, record: Readonly<Record<string, unknown>>) => string | undefined;
}

/**
 * The issues of one record at `index` (null when the body is the record): declared fields missing or out of
 * their limits, in field order, then undeclared keys, in the record's order.
 */
export function recordIssues(value: unknown, shape: RecordShape, index: number | null): ValidationIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ index, path: '', message: `must be a JSON object (${shape.name}), got ${jsonType(value)}` }];
  }
  const record = value as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  for (const [name, field] of Object.entries(shape.fields)) {
    const fieldValue = record[name];
    if (fieldValue === undefined) {
      if (field.required) issues.push({ index, path: name, message: 'is required' });
      continue;
    }
    const problem = fieldProblem(field, fieldValue);
    if (problem) issues.push({ index, path: name, message: problem });
  }
  for (const key of Object.keys(record)) {
    // Own keys only: `in` would also find Object.prototype members and accept "toString" or "__proto__".
    if (Object.hasOwn(shape.fields, key)) continue;
    const problem = shape.undeclared(key, record);
    if (problem) issues.push({ index, path: key, message: problem });
  }
  return issues;
}

/** A decimal-id field's value as the integer it stands for (validate first: a string must be digits). */
export function decimalIdValue(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

function fieldProblem(field: RequestField, value: unknown): string | undefined {
  if (field.type === 'decimal-id') {
    if (typeof value === 'string' && !DIGITS.test(value)) {
      return `must be an integer or the decimal string of one (digits only), got ${JSON.stringify(value)}`;
    }
    if (typeof value !== 'string' && (typeof value !== 'number' || !Number.isInteger(value))) {
      return `must be an integer or the decimal string of one, got ${jsonType(value)}`;
    }
    return rangeProblem(field, decimalIdValue(value), String(value));
  }
  if (field.type === 'number') {
    return typeof value === 'number' ? rangeProblem(field, value) : `must be a number, got ${jsonType(value)}`;
  }
  if (field.type === 'string') {
    if (typeof value !== 'string') return `must be a string, got ${jsonType(value)}`;
    if (!WELL_FORMED.test(value)) {
      return LONE_SURROGATE.test(value)
        ? 'must be well-formed Unicode, got a lone surrogate (an unpaired \\ud800-\\udfff escape)'
        : 'must not contain U+FFFD, the replacement character: the text was not valid UTF-8 before it was sent';
    }
    // JSON Schema (and so the API Gateway request model) counts code points, not UTF-16 units.
    const length = codePointLength(value);
    if (length < field.minLength || length > field.maxLength) {
      return `must be ${field.minLength} to ${field.maxLength} characters long, got ${length}`;
    }
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return `must be an integer, got ${jsonType(value)}`;
  return rangeProblem(field, value);
}

/** `shown` is the value as the client wrote it: a string of 30 digits, not 1e+29. */
function rangeProblem(field: { minimum: number; maximum: number }, value: number, shown = String(value)) {
  return value < field.minimum || value > field.maximum
    ? `must be between ${field.minimum} and ${field.maximum}, got ${shown}`
    : undefined;
}

function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a non-integer number';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
