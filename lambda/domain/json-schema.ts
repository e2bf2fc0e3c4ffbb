import { EVENT_SPECS, type EventKind, type FieldSpec, fieldEntries, MAX_BATCH, WELL_FORMED_TEXT } from './events.ts';

/** JSON Schema draft 4, the dialect API Gateway request models speak. */
export type JsonSchema4 = {
  readonly $schema?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly properties?: Record<string, JsonSchema4>;
  readonly items?: JsonSchema4;
  readonly oneOf?: readonly JsonSchema4[];
};

export const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

export function eventJsonSchema(kind: EventKind): JsonSchema4 {
  const spec = EVENT_SPECS[kind];
  const properties: Record<string, JsonSchema4> = {};
  for (const [name, field] of fieldEntries(kind)) properties[name] = fieldSchema(field);
  properties.type = { type: 'string', enum: [spec.type], description: 'Optional; the server sets it.' };
  properties.timestamp = { type: 'number', description: 'Optional; the server replaces it with the receive time.' };
  return {
    title: `${kind} event`,
    type: 'object',
    additionalProperties: false,
    required: fieldEntries(kind)
      .filter(([, field]) => field.required)
      .map(([name]) => name),
    properties,
  };
}

/** A request body: one event, or an array of 1 to 500 of them. */
export function requestBodyJsonSchema(kind: EventKind): JsonSchema4 {
  const event = eventJsonSchema(kind);
  return {
    $schema: DRAFT_04,
    title: `${kind} request`,
    description: `One ${kind} event or an array of 1 to ${MAX_BATCH}.`,
    oneOf: [event, { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: event }],
  };
}

/** One declared field's JSON Schema; draft 4 and 2020-12 read these keywords alike. */
export function fieldSchema(field: FieldSpec): JsonSchema4 {
  return field.type === 'string'
    ? {
        type: 'string',
        minLength: field.minLength,
        maxLength: field.maxLength,
        pattern: WELL_FORMED_TEXT,
        description: field.description,
      }
    : { type: 'integer', minimum: field.minimum, maximum: field.maximum, description: field.description };
}
