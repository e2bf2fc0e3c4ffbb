import { EVENT_SPECS, type EventKind, MAX_BATCH, MAX_BODY_BYTES, MAX_SAFE_ID } from '../events.ts';
import { MAX_PREDICTION_BATCH } from '../ml/prediction-request.ts';
import { CANARY_CAMPAIGN_ID } from '../ops/canary.ts';
import {
  CAMPAIGN_SORTS,
  DEFAULT_CAMPAIGN_LIMIT,
  MAX_CAMPAIGN_LIMIT,
  MAX_RANGE_DAYS,
} from '../reports/campaign-list-query.ts';
import { DEFAULT_LIMIT, GRANULARITIES, MAX_LIMIT, TIME_PATTERN } from '../reports/report-query.ts';
import { EVENT_SCHEMA, type JsonSchema, oneOrBatch, ref, type SchemaName } from './schemas.ts';

/** Where a document's API runs: the local platform (`npm start`) or a deployed stage on AWS. */
export type Platform = 'local' | 'aws';

export interface Response {
  readonly description: string;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema: JsonSchema }>>;
  readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly description: string;
  readonly schema: JsonSchema;
}

export interface Operation {
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly summary: string;
  readonly description: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: {
    readonly required: true;
    readonly description: string;
    readonly content: Readonly<Record<string, { readonly schema: JsonSchema; readonly example?: unknown }>>;
  };
  readonly responses: Readonly<Record<string, Response>>;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

const json = (description: string, schema: JsonSchema): Response => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(description, ref('Error'));
const either = (description: string, ...names: SchemaName[]) =>
  json(description, { anyOf: names.map((name) => ref(name)) });

const MEBIBYTES = MAX_BODY_BYTES / 1024 / 1024;

function jsonBody(description: string, schema: JsonSchema, example: unknown): Operation['requestBody'] {
  return { required: true, description, content: { 'application/json': { schema, example } } };
}

/** What API Gateway answers before the backend on a deployed stage, by its own rules. */
function gatewayResponses(platform: Platform, authenticated: boolean): Record<string, Response> {
  if (platform === 'local') return {};
  return {
    ...(authenticated
      ? { '403': error('Missing or invalid credentials (a SigV4 signature or an `x-api-key`), or an unknown route.') }
      : {}),
    '429': error('The stage is throttling requests; retry with backoff.'),
  };
}

const EXAMPLES: Readonly<Record<EventKind, unknown>> = {
  bid: {
    tx_id: '44db4cf3-1d2e-4b8a-9a6f-0c1f5a2b3c4d',
    campaign_item_id: 1463517,
    app_uid: 'e582f2a0-77c1-4f4e-b1d4-5e0d3a1b2c3d',
    domain: 'www.google.com',
    creative_id: 'b72897cb',
    creative_category: 'finance',
    win_price: 1500000,
  },
  impression: { tx_id: '44db4cf3-1d2e-4b8a-9a6f-0c1f5a2b3c4d', win_price: 1200000 },
  click: [{ tx_id: '44db4cf3-1d2e-4b8a-9a6f-0c1f5a2b3c4d' }],
};

/** `POST /bid`, `/impression`, `/click`: validated, then written to the `bcns` stream. */
export function ingestOperation(kind: EventKind, platform: Platform, apiKey: boolean): Operation {
  const spec = EVENT_SPECS[kind];
  const stored = 'retry exactly the events listed in `failures`, with backoff';
  return {
    operationId: `post${kind.charAt(0).toUpperCase()}${kind.slice(1)}`,
    tags: ['ingestion'],
    summary: `Send ${kind} events`,
    description:
      `Validates the body against the ${kind} event schema, all or nothing (an invalid batch stores nothing), ` +
      `then writes each event to the \`bcns\` stream with \`type: "${spec.type}"\` and the server's receive ` +
      'time as `timestamp` (a client `type` or `timestamp` never overrides them). ' +
      `A body is one event or an array of 1 to ${MAX_BATCH}, at most ${MEBIBYTES} MiB` +
      `${platform === 'aws' ? ' (API Gateway itself refuses bodies over 10 MiB with 413)' : ''}.`,
    requestBody: jsonBody(
      `One ${kind} event or an array of 1 to ${MAX_BATCH}.`,
      oneOrBatch(ref(EVENT_SCHEMA[kind]), MAX_BATCH, `${kind} event`),
      EXAMPLES[kind],
    ),
    responses: {
      '200': json('Every event was stored.', ref('PutResult')),
      '207': json(`Some events were stored; ${stored}.`, ref('PutResult')),
      '400': error(
        platform === 'aws'
          ? "The body breaks the event schema; nothing was stored. API Gateway's validator names the first problem."
          : 'The body breaks the event schema, or is not JSON; nothing was stored. `errors` lists every problem.',
      ),
      '413': error(`The body is larger than ${platform === 'aws' ? 'API Gateway accepts' : `${MEBIBYTES} MiB`}.`),
      '415': error('The body is not `application/json`.'),
      '429': either(`The stream throttled every event; nothing was stored: ${stored}.`, 'PutResult', 'Error'),
      '503': either(`The stream failed; nothing was stored: ${stored}.`, 'PutResult', 'Error'),
      ...gatewayResponses(platform, apiKey),
    },
  };
}

const time = (description: string): JsonSchema => ({ type: 'string', pattern: TIME_PATTERN, description });

/** `GET /reports/campaigns/{campaign_item_id}` (SPEC.md §6). */
export function reportOperation(platform: Platform): Operation {
  return {
    operationId: 'getCampaignReport',
    tags: ['reports'],
    summary: "A campaign's counts",
    description:
      "A campaign's bids, impressions, clicks and spend: totals over the range, and one page of buckets, oldest " +
      'first. An unknown campaign answers zero totals and no buckets. Reads are DynamoDB Queries, never scans.',
    parameters: [
      {
        name: 'campaign_item_id',
        in: 'path',
        required: true,
        description: 'The campaign line item.',
        schema: { type: 'integer', minimum: 0, maximum: MAX_SAFE_ID },
      },
      {
        name: 'from',
        in: 'query',
        required: false,
        description:
          'Inclusive start: ISO-8601 (`2026-11-22`, `2026-11-22T10:00:00Z`) or epoch seconds. Default: the first period.',
        schema: time('Inclusive start.'),
      },
      {
        name: 'to',
        in: 'query',
        required: false,
        description: 'Exclusive end, after `from`; same formats. Default: the latest period.',
        schema: time('Exclusive end.'),
      },
      {
        name: 'granularity',
        in: 'query',
        required: false,
        description: 'Bucket size: one aggregation window (`period`), an hour or a day (UTC).',
        schema: { type: 'string', enum: GRANULARITIES, default: 'period' },
      },
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'Buckets per page.',
        schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
      },
      {
        name: 'next_token',
        in: 'query',
        required: false,
        description: "The previous page's `next_token`, with the same campaign, `from`, `to` and `granularity`.",
        schema: { type: 'string' },
      },
    ],
    responses: {
      '200': json("The campaign's totals and one page of buckets.", ref('CampaignReport')),
      '400': error('A bad campaign id or parameter (unknown parameters included); `errors` lists every problem.'),
      '404': error(
        platform === 'local'
          ? `Campaign ${CANARY_CAMPAIGN_ID}, reserved for the freshness canary (no report), or no campaign id in the path (no route).`
          : `Campaign ${CANARY_CAMPAIGN_ID}, reserved for the freshness canary: it has no report.`,
      ),
      ...serverFailure(platform),
      ...gatewayResponses(platform, true),
    },
  };
}

/** `GET /reports/campaigns`: every campaign's totals over a range, sorted and paged (the dashboard's list). */
export function campaignListOperation(platform: Platform): Operation {
  return {
    operationId: 'listCampaigns',
    tags: ['reports'],
    summary: 'Every campaign’s totals over a range',
    description:
      'Every campaign with activity in the range, with its bids, impressions, clicks, spend, win rate and CTR, ' +
      'sorted and paged, and the totals over all of them. Read from per-day rollups the reports writer keeps: ' +
      'one DynamoDB Query per day and shard, never a scan. The freshness canary’s campaign is left out.',
    parameters: [
      {
        name: 'from',
        in: 'query',
        required: false,
        description: 'Inclusive start, a whole UTC hour: ISO-8601 or epoch seconds. Default: 24 hours before `to`.',
        schema: time('Inclusive start.'),
      },
      {
        name: 'to',
        in: 'query',
        required: false,
        description: `Exclusive end, a whole UTC hour, at most ${MAX_RANGE_DAYS} days after \`from\`. Default: the end of the hour in progress.`,
        schema: time('Exclusive end.'),
      },
      {
        name: 'sort',
        in: 'query',
        required: false,
        description: 'The figure to sort by; ties by campaign id.',
        schema: { type: 'string', enum: CAMPAIGN_SORTS, default: 'spend' },
      },
      {
        name: 'order',
        in: 'query',
        required: false,
        description:
          'Sort order; default `asc` by campaign id, else `desc`. Campaigns without a ratio go last either way.',
        schema: { type: 'string', enum: ['asc', 'desc'] },
      },
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'Campaigns per page.',
        schema: { type: 'integer', minimum: 1, maximum: MAX_CAMPAIGN_LIMIT, default: DEFAULT_CAMPAIGN_LIMIT },
      },
      {
        name: 'next_token',
        in: 'query',
        required: false,
        description: "The previous page's `next_token`, with the same `from`, `to`, `sort` and `order`.",
        schema: { type: 'string' },
      },
    ],
    responses: {
      '200': json('One page of campaigns and the totals over every campaign.', ref('CampaignList')),
      '400': error('A bad parameter (unknown parameters included); `errors` lists every problem.'),
      ...serverFailure(platform),
      ...gatewayResponses(platform, true),
    },
  };
}

/** `GET /reports/model` on the local platform: what the dashboard's model panel shows. */
export function modelOperation(): Operation {
  return {
    operationId: 'getModel',
    tags: ['reports'],
    summary: 'The win-probability model',
    description:
      'The served model (holdout AUC and log loss, calibration), the model it replaced on the same holdout, the ' +
      "model served before it, and the last training run's gate decision, from the local model store.",
    responses: {
      '200': json('The model summary; nulls before the first training run.', ref('ModelSummary')),
      ...serverFailure('local'),
    },
  };
}

/** `POST /predictions` locally, `POST /` of the predictions API on AWS (SPEC.md §8). */
export function predictOperation(platform: Platform): Operation {
  return {
    operationId: 'predictWin',
    tags: ['predictions'],
    summary: 'P(win) of bids at their prices',
    description:
      'Scores each bid with the current model: the probability that it wins (gets an impression) at its offered ' +
      `price. A body is one request or an array of 1 to ${MAX_PREDICTION_BATCH}; the answer keeps their order.`,
    requestBody: jsonBody(
      `One prediction request or an array of 1 to ${MAX_PREDICTION_BATCH}.`,
      oneOrBatch(ref('PredictionRequest'), MAX_PREDICTION_BATCH, 'prediction request'),
      {
        campaignItemId: 1463517,
        domain: 'www.google.com',
        creativeId: 'b72897cb',
        creativeCategory: 'finance',
        winPrice: 1500000,
      },
    ),
    responses: {
      '200': json('One prediction per request, in request order.', ref('PredictionResponse')),
      '400': error('A bad request; `errors` lists every problem.'),
      ...(platform === 'local'
        ? {
            '413': error(`The body is larger than ${MEBIBYTES} MiB.`),
            '415': error('The body is not `application/json`.'),
          }
        : {}),
      '503': error(
        platform === 'local'
          ? 'No model yet: the message says how to train one (`npx sdp train`).'
          : 'No model deployed yet, or the endpoint is unavailable; the message says which.',
      ),
      ...serverFailure(platform),
      ...gatewayResponses(platform, true),
    },
  };
}

/** `GET /health` of the local platform. */
export function healthOperation(): Operation {
  return {
    operationId: 'getHealth',
    tags: ['local'],
    summary: "The local platform's state",
    description:
      'Endpoints of the local Kinesis and DynamoDB, the watermark, what each consumer has done, and the health of each component.',
    responses: {
      '200': json('Every component works.', ref('Health')),
      '503': json(
        'A component is failing (e.g. a full disk): `failing` names it, `components` says why.',
        ref('Health'),
      ),
    },
  };
}

/** `GET /metrics` of the local platform: the CloudWatch metrics the stages emit on AWS, for Prometheus. */
export function metricsOperation(): Operation {
  return {
    operationId: 'getMetrics',
    tags: ['local'],
    summary: "The local platform's metrics",
    description:
      'The metrics the stages publish to CloudWatch on AWS (canary latency, failed events by reason, report rows written, ...), in the Prometheus text exposition format 0.0.4.',
    responses: {
      '200': {
        description: 'Every metric with its HELP and TYPE lines.',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
    },
  };
}

/** `GET /openapi.json` and `GET /docs` of the local platform: this document, and its rendering. */
export function documentationOperations(): { openapi: Operation; docs: Operation } {
  return {
    openapi: {
      operationId: 'getOpenApi',
      tags: ['local'],
      summary: 'This document',
      description: "The local platform's OpenAPI document, with its own URL as the server.",
      responses: {
        '200': json('The OpenAPI 3.1 document.', {
          type: 'object',
          required: ['openapi', 'paths'],
          properties: { openapi: { type: 'string', const: '3.1.0' }, paths: { type: 'object' } },
        }),
      },
    },
    docs: {
      operationId: 'getDocs',
      tags: ['local'],
      summary: 'This document, rendered',
      description: 'This document rendered by Swagger UI, served by the platform itself (no CDN).',
      responses: { '200': { description: 'An HTML page.', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  };
}

/** A handler's unexpected failure: logged, answered without details. */
function serverFailure(platform: Platform): Record<string, Response> {
  return platform === 'local'
    ? { '500': error('An unexpected failure, logged by the platform; retry later.') }
    : { '5XX': error('The function or API Gateway failed; retry later.') };
}
