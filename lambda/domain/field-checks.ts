import type { ValidationIssue } from './errors.ts';
import { type FieldSpec, WELL_FORMED_TEXT } from './events.ts';

const WELL_FORMED = new RegExp(WELL_FORMED_TEXT, 'u');
const LONE_SURROGATE = /\p{Surrogate}/u;

/** What one JSON object of a request body must look like. */
export interface RecordShape {
  /** Names the record in issues: `must be a JSON object (<name>)`, e.g. `a bid event`. */
  readonly name: string;
  /** The declared fields, checked in this order. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
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

function fieldProblem(field: FieldSpec, value: unknown): string | undefined {
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
  if (value < field.minimum || value > field.maximum) {
    return `must be between ${field.minimum} and ${field.maximum}, got ${value}`;
  }
  return undefined;
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
