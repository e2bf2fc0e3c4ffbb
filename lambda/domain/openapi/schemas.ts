import { EVENT_KINDS, type EventKind, MAX_BATCH, MAX_SAFE_ID } from '../events.ts';
import type { RequestField } from '../field-checks.ts';
import { eventJsonSchema, fieldSchema } from '../json-schema.ts';
import { MAX_PREDICTION_BATCH, PREDICTION_FIELDS } from '../ml/prediction-request.ts';
import { CAMPAIGN_SORTS } from '../reports/campaign-list-query.ts';
import { GRANULARITIES } from '../reports/report-query.ts';

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1, as far as the platform's documents use it. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly (string | number)[];
  readonly const?: string | number;
  readonly default?: string | number;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly examples?: readonly unknown[];
}

export const ref = (name: SchemaName): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** An object whose every listed property is required and nothing else is allowed. */
function closed(description: string, properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', description, additionalProperties: false, required: Object.keys(properties), properties };
}

const count = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });

type EventSchemaName = 'BidEvent' | 'ImpressionEvent' | 'ClickEvent';

/** The schema names of the events, by kind: `BidEvent`, `ImpressionEvent`, `ClickEvent`. */
export const EVENT_SCHEMA: Readonly<Record<EventKind, EventSchemaName>> = {
  bid: 'BidEvent',
  impression: 'ImpressionEvent',
  click: 'ClickEvent',
};

/** One record, or an array of 1 to `max` of them: every POST body of the platform. */
export function oneOrBatch(item: JsonSchema, max: number, noun: string): JsonSchema {
  return {
    description: `One ${noun} or an array of 1 to ${max}.`,
    oneOf: [item, { type: 'array', minItems: 1, maxItems: max, items: item }],
  };
}

const VALIDATION_ISSUE = closed('One problem with the request; every problem is listed (up to 50).', {
  index: {
    type: ['integer', 'null'],
    minimum: 0,
    description: "The record's position in a batch; null when the problem is with the body or a single record.",
  },
  path: { type: 'string', description: 'The field or parameter at fault; empty for the body as a whole.' },
  message: { type: 'string', description: 'What is wrong.' },
});

const COUNTS = {
  bids: count('Distinct bids.'),
  impressions: count('Distinct impressions joined to their bid within the attribution window.'),
  clicks: count('Distinct clicks joined to a counted impression within the click window.'),
  spend: count('Sum of the impressions’ clearing prices, in micro-units of the account currency.'),
};

/** Every schema the documents name, from the schema sources: events.ts, prediction-request.ts, reports. */
export const SCHEMAS = {
  ...(Object.fromEntries(EVENT_KINDS.map((kind) => [EVENT_SCHEMA[kind], eventSchema(kind)])) as Record<
    EventSchemaName,
    JsonSchema
  >),
  PutResult: closed('What was stored: every event (200) or some of them (207, 429, 503).', {
    accepted: count('Events stored on the stream.'),
    failed: count('Events not stored: retry exactly these.'),
    failures: {
      type: 'array',
      maxItems: MAX_BATCH,
      description: 'One entry per event not stored, in request order.',
      items: { $ref: '#/components/schemas/PutFailure' },
    },
  }),
  PutFailure: closed('An event the stream did not store.', {
    index: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_BATCH - 1,
      description: "The event's position in the request (0 for a single event).",
    },
    error_code: {
      type: 'string',
      description: 'The Kinesis error code, e.g. ProvisionedThroughputExceededException.',
    },
    message: { type: 'string', description: 'What to do about it.' },
  }),
  Error: {
    type: 'object',
    description: 'A refused or failed request. `errors` lists every problem of a bad request.',
    additionalProperties: false,
    required: ['message'],
    properties: {
      message: { type: 'string', description: 'What went wrong, in one sentence.' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/ValidationIssue' } },
    },
  },
  ValidationIssue: VALIDATION_ISSUE,
  Counts: closed('Counts of a campaign over a range or a bucket.', COUNTS),
  PeriodCounts: closed('Counts of one bucket.', {
    period: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$',
      description: 'Start of the bucket, ISO-8601 UTC.',
    },
    ...COUNTS,
  }),
  CampaignReport: closed("A campaign's totals over the requested range and one page of its buckets, oldest first.", {
    campaign_item_id: { type: 'integer', minimum: 0, maximum: MAX_SAFE_ID },
    granularity: { type: 'string', enum: GRANULARITIES },
    totals: { $ref: '#/components/schemas/Counts' },
    periods: { type: 'array', items: { $ref: '#/components/schemas/PeriodCounts' } },
    next_token: {
      type: ['string', 'null'],
      description: 'Pass as `next_token` for the next page; null on the last page.',
    },
  }),
  CampaignSummary: closed("One campaign's totals over the range, with its ratios.", {
    campaign_item_id: { type: 'integer', minimum: 0, maximum: MAX_SAFE_ID },
    ...COUNTS,
    win_rate: { type: ['number', 'null'], minimum: 0, description: 'impressions / bids; null without bids.' },
    ctr: { type: ['number', 'null'], minimum: 0, description: 'clicks / impressions; null without impressions.' },
  }),
  CampaignList: closed('Every campaign with activity in the range, sorted, one page at a time.', {
    from: { type: 'string', description: 'Inclusive start of the range, a whole UTC hour (ISO-8601).' },
    to: { type: 'string', description: 'Exclusive end of the range, a whole UTC hour (ISO-8601).' },
    sort: { type: 'string', enum: CAMPAIGN_SORTS },
    order: { type: 'string', enum: ['asc', 'desc'] },
    campaign_count: count('Campaigns with activity in the range, over every page.'),
    totals: { $ref: '#/components/schemas/Counts' },
    campaigns: { type: 'array', items: { $ref: '#/components/schemas/CampaignSummary' } },
    next_token: {
      type: ['string', 'null'],
      description: 'Pass as `next_token` for the next page; null on the last page.',
    },
  }),
  ModelMetrics: closed("A model's quality on a holdout.", {
    auc: { type: 'number', minimum: 0, maximum: 1, description: 'Area under the ROC curve.' },
    log_loss: { type: 'number', minimum: 0, description: 'Mean log loss.' },
  }),
  ModelSummary: closed("The served model, the one before it, and the last training run's gate decision.", {
    model: {
      anyOf: [
        { type: 'null' },
        closed('The served model; null before the first training run saved one.', {
          trained_at: { type: 'string', description: 'ISO-8601.' },
          auc: { type: 'number', minimum: 0, maximum: 1 },
          log_loss: { type: 'number', minimum: 0 },
          baseline_auc: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            description: 'AUC of ranking the holdout by price alone.',
          },
          train_rows: count('Rows it was trained on.'),
          holdout_rows: count('Rows of its holdout.'),
          calibration: {
            type: 'array',
            description: 'Predicted against observed win rate on its holdout, by bin.',
            items: closed('One bin of the calibration curve.', {
              predicted: { type: 'number', minimum: 0, maximum: 1 },
              observed: { type: 'number', minimum: 0, maximum: 1 },
              count: count('Holdout rows in the bin.'),
            }),
          },
          replaced: {
            anyOf: [{ type: 'null' }, { $ref: '#/components/schemas/ModelMetrics' }],
            description: 'The model it replaced, on the same holdout; null for the first.',
          },
        }),
      ],
    },
    previous: {
      anyOf: [
        { type: 'null' },
        closed('The model served before, with its own holdout’s metrics.', {
          trained_at: { type: 'string', description: 'ISO-8601.' },
          auc: { type: 'number', minimum: 0, maximum: 1 },
          log_loss: { type: 'number', minimum: 0 },
        }),
      ],
    },
    last_run: {
      anyOf: [
        { type: 'null' },
        closed("The last training run's gate decision.", {
          at: { type: 'string', description: 'ISO-8601.' },
          accepted: { type: 'boolean' },
          reason: { type: 'string' },
          candidate: { $ref: '#/components/schemas/ModelMetrics' },
          served: { anyOf: [{ type: 'null' }, { $ref: '#/components/schemas/ModelMetrics' }] },
          holdout_rows: count('Rows of the candidate’s holdout.'),
        }),
      ],
    },
  }),
  PredictionRequest: predictionRequestSchema(),
  PredictionResponse: closed('One prediction per request, in request order.', {
    predictions: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_PREDICTION_BATCH,
      items: { $ref: '#/components/schemas/Prediction' },
    },
  }),
  Prediction: closed('P(win) of one bid at its price.', {
    score: { type: 'number', minimum: 0, maximum: 1, description: 'The probability that the bid wins.' },
    predicted_label: { type: 'integer', enum: [0, 1], description: '1 when score ≥ 0.5.' },
  }),
  Health: {
    type: 'object',
    description: "The local platform's state: its endpoints, the watermark and what each consumer has done.",
    required: ['status', 'components'],
    properties: {
      status: { type: 'string', enum: ['ok', 'failing'], description: '`ok` while every component works.' },
      failing: { type: 'array', items: { type: 'string' }, description: 'The failing components, when any.' },
      components: {
        type: 'object',
        description:
          'Each component: `ok`, `idle` (nothing to do yet, e.g. a compaction that has not run), `failing` with ' +
          'the error that started it and since when, or `stuck` (it should move and has not) with the reason; ' +
          'stages add details such as their lag.',
        additionalProperties: {
          type: 'object',
          required: ['status'],
          properties: {
            status: { type: 'string', enum: ['ok', 'idle', 'failing', 'stuck'] },
            error: { type: 'string' },
            since: { type: 'string', description: 'ISO-8601 UTC.' },
            reason: { type: 'string', description: 'Why a stuck component counts as stuck.' },
          },
        },
      },
    },
  },
} as const satisfies Record<string, JsonSchema>;

export type SchemaName = keyof typeof SCHEMAS;

function eventSchema(kind: EventKind): JsonSchema {
  const { title: _, ...schema } = eventJsonSchema(kind);
  return schema;
}

function predictionRequestSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, field] of Object.entries(PREDICTION_FIELDS)) properties[name] = requestFieldSchema(field);
  return {
    type: 'object',
    description: 'A bid to score: its campaign, where it would show, its creative and its offered price.',
    additionalProperties: false,
    required: Object.entries(PREDICTION_FIELDS)
      .filter(([, field]) => field.required)
      .map(([name]) => name),
    properties,
  };
}

/** A request field's schema, the predictions API's own kinds included. */
function requestFieldSchema(field: RequestField): JsonSchema {
  if (field.type === 'number') {
    return { type: 'number', minimum: field.minimum, maximum: field.maximum, description: field.description };
  }
  if (field.type !== 'decimal-id') return fieldSchema(field);
  return {
    description: `${field.description} An integer, or its decimal string.`,
    anyOf: [
      { type: 'integer', minimum: field.minimum, maximum: field.maximum },
      { type: 'string', pattern: decimalAtMost(field.maximum) },
    ],
  };
}

/**
 * A pattern for the decimal strings (leading zeros allowed) whose value is at most `max`: the strings
 * of fewer digits, then for each digit of `max` the strings that match it up to there and are smaller
 * in it, then `max` itself. JSON Schema compares strings only by pattern, and the handler reads the
 * digits as the integer they stand for.
 */
export function decimalAtMost(max: number): string {
  const digits = String(max);
  const alternatives = digits.length > 1 ? [`[0-9]{1,${digits.length - 1}}`] : [];
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[i]);
    if (digit === 0) continue;
    const rest = digits.length - i - 1;
    alternatives.push(`${digits.slice(0, i)}[0-${digit - 1}]${rest > 0 ? `[0-9]{${rest}}` : ''}`);
  }
  alternatives.push(digits);
  return `^0*(?:${alternatives.join('|')})$`;
}
