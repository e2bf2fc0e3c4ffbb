import { EventValidationError, type ValidationIssue } from './errors.ts';
import {
  type ClientEvent,
  EVENT_SPECS,
  type EventKind,
  type FieldSpec,
  fieldEntries,
  MAX_BATCH,
  MAX_BODY_BYTES,
  SERVER_FIELDS,
} from './events.ts';

/** Stop collecting after this many issues: a 500-event batch of garbage needs no 4,000-line answer. */
const MAX_ISSUES = 50;

/**
 * Parses and validates a request body for one event kind. All or nothing: it returns every event,
 * or throws {@link EventValidationError} listing what is wrong, so an invalid batch writes nothing.
 */
export function parseEventBody<K extends EventKind>(kind: K, body: string): ClientEvent<K>[] {
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    throw new EventValidationError(
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
  const events = Array.isArray(parsed) ? parsed : [parsed];
  if (events.length === 0) {
    throw bodyError('Request body is an empty array: send one event or an array of 1 to 500 events');
  }
  if (events.length > MAX_BATCH) {
    throw bodyError(`Request body has ${events.length} events: at most ${MAX_BATCH} are allowed per request`);
  }
  const issues: ValidationIssue[] = [];
  const batchIndex = Array.isArray(parsed);
  // Collecting one issue past the cap tells "exactly 50" apart from "more than 50".
  for (let i = 0; i < events.length && issues.length <= MAX_ISSUES; i++) {
    collectIssues(kind, events[i], batchIndex ? i : null, issues);
  }
  if (issues.length > 0) {
    const noun = Array.isArray(parsed) ? `batch of ${kind} events` : `${kind} event`;
    throw new EventValidationError(`Invalid ${noun}: ${describeCount(issues.length)}`, issues.slice(0, MAX_ISSUES));
  }
  return events as ClientEvent<K>[];
}

function collectIssues(kind: EventKind, event: unknown, index: number | null, issues: ValidationIssue[]): void {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    issues.push({ index, path: '', message: `must be a JSON object (a ${kind} event), got ${jsonType(event)}` });
    return;
  }
  const record = event as Record<string, unknown>;
  const spec = EVENT_SPECS[kind];
  for (const [name, field] of fieldEntries(kind)) {
    const value = record[name];
    if (value === undefined) {
      if (field.required) issues.push({ index, path: name, message: 'is required' });
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem) issues.push({ index, path: name, message: problem });
  }
  for (const name of Object.keys(record)) {
    // Own keys only: `in` would also find Object.prototype members and accept "toString" or "__proto__".
    if (Object.hasOwn(spec.fields, name)) continue;
    if (name === 'type') {
      if (record.type !== spec.type) {
        issues.push({ index, path: 'type', message: `must be "${spec.type}" on ${spec.route} (the server sets it)` });
      }
    } else if (name === 'timestamp') {
      if (typeof record.timestamp !== 'number') {
        issues.push({ index, path: 'timestamp', message: 'must be a number (the server replaces it)' });
      }
    } else {
      const known = [...Object.keys(spec.fields), ...SERVER_FIELDS].join(', ');
      issues.push({ index, path: name, message: `is not a field of a ${kind} event (known fields: ${known})` });
    }
  }
}

function fieldProblem(field: FieldSpec, value: unknown): string | undefined {
  if (field.type === 'string') {
    if (typeof value !== 'string') return `must be a string, got ${jsonType(value)}`;
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

function bodyError(message: string): EventValidationError {
  return new EventValidationError(message, [{ index: null, path: '', message }]);
}

function describeCount(n: number): string {
  return n === 1 ? '1 error' : `${n > MAX_ISSUES ? `${MAX_ISSUES}+` : n} errors`;
}
