import { EventValidationError } from './errors.ts';
import { type ClientEvent, EVENT_SPECS, type EventKind, MAX_BATCH, SERVER_FIELDS } from './events.ts';
import type { RecordShape } from './field-checks.ts';
import { parseRecordBatch } from './record-batch.ts';

/**
 * Parses and validates a request body for one event kind. All or nothing: it returns every event,
 * or throws {@link EventValidationError} listing what is wrong, so an invalid batch writes nothing.
 */
export function parseEventBody<K extends EventKind>(kind: K, body: string): ClientEvent<K>[] {
  return parseRecordBatch(body, {
    shape: eventShape(kind),
    maxRecords: MAX_BATCH,
    error: EventValidationError,
    emptyArrayMessage: 'Request body is an empty array: send one event or an array of 1 to 500 events',
    tooManyMessage: (count) => `Request body has ${count} events: at most ${MAX_BATCH} are allowed per request`,
    noun: { one: `${kind} event`, batch: `batch of ${kind} events` },
  }) as ClientEvent<K>[];
}

function eventShape(kind: EventKind): RecordShape {
  const spec = EVENT_SPECS[kind];
  return {
    name: `a ${kind} event`,
    fields: spec.fields,
    undeclared: (key, record) => {
      if (key === 'type') {
        return record.type === spec.type ? undefined : `must be "${spec.type}" on ${spec.route} (the server sets it)`;
      }
      if (key === 'timestamp') {
        return typeof record.timestamp === 'number' ? undefined : 'must be a number (the server replaces it)';
      }
      const known = [...Object.keys(spec.fields), ...SERVER_FIELDS].join(', ');
      return `is not a field of a ${kind} event (known fields: ${known})`;
    },
  };
}
