import { type OpenApiDocument, SECURITY_SCHEMES } from '../openapi/documents.ts';
import type { Operation, Response } from '../openapi/operations.ts';
import type { JsonSchema } from '../openapi/schemas.ts';
import { MAX_ERASURE_IDS } from './erasure-request.ts';

/*
 * The erasure API's OpenAPI document (IAM only), published with its stage like the other APIs'. It
 * is an operator's API, not part of the event contract, so it lives beside the erasure core.
 */

const ERROR: JsonSchema = {
  type: 'object',
  properties: { message: { type: 'string' } },
  required: ['message'],
};
const json = (description: string, schema: JsonSchema): Response => ({
  description,
  content: { 'application/json': { schema } },
});
const GATEWAY: Record<string, Response> = {
  '403': json('The request is not signed, or its signer may not call the API (API Gateway).', ERROR),
  '429': json('Throttled: 10 requests per second, bursts of 20 (API Gateway).', ERROR),
  '500': json('The erasure could not be recorded; nothing was started.', ERROR),
};

const REQUEST: JsonSchema = {
  type: 'object',
  required: ['app_uids'],
  additionalProperties: false,
  properties: {
    app_uids: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ERASURE_IDS,
      items: { type: 'string', minLength: 1, maxLength: 1024 },
      description: 'The users to erase. They are stored only as salted hashes.',
    },
  },
};

const request: Operation = {
  operationId: 'requestErasure',
  tags: ['erasure'],
  summary: 'Erase users from the lake',
  description:
    'Records the erasure (salted hashes only) and starts the sweep of the lake. Records sent before the request that reach the lake later are dropped until `pending_until`.',
  requestBody: {
    required: true,
    description: 'The users to erase.',
    content: {
      'application/json': { schema: REQUEST, example: { app_uids: ['3f1c9a2e-6a4d-4a7b-9a57-0d6c5b1e8f42'] } },
    },
  },
  responses: {
    '202': json('Recorded; the sweep runs.', {
      type: 'object',
      required: ['erasure_id', 'pending_until', 'execution_arn'],
      properties: {
        erasure_id: { type: 'string' },
        pending_until: { type: 'string', description: 'ISO-8601 UTC' },
        execution_arn: { type: 'string' },
      },
    }),
    '400': json('The body is not `{"app_uids": [...]}` with 1 to 100 ids; nothing was recorded.', ERROR),
    ...GATEWAY,
  },
};

const status: Operation = {
  operationId: 'getErasure',
  tags: ['erasure'],
  summary: 'State and audit log of an erasure',
  description: 'Whether the erasure is pending or completed, and its audit log (users as salted hashes only).',
  parameters: [
    {
      name: 'erasure_id',
      in: 'path',
      required: true,
      description: 'As `POST /erasures` answered it.',
      schema: { type: 'string' },
    },
  ],
  responses: {
    '200': json('The erasure.', {
      type: 'object',
      required: ['erasure_id', 'status', 'audit'],
      properties: {
        erasure_id: { type: 'string' },
        status: { enum: ['pending', 'completed', 'unknown'] },
        pending_until: { type: 'string', description: 'ISO-8601 UTC' },
        audit: { type: 'array', items: { type: 'object' } },
      },
    }),
    '404': json('No such erasure.', ERROR),
    ...GATEWAY,
  },
};

export function erasureDocument(version: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Streaming Data Platform erasure API',
      version,
      description: 'Erasure by `app_uid` (GDPR), signed with SigV4 (README: Data lifecycle).',
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
    },
    servers: [
      {
        url: 'https://{restApiId}.execute-api.{region}.amazonaws.com/v1',
        description: 'The deployed stage (the stack output UrlForErasures)',
        variables: {
          restApiId: { default: 'abcde12345', description: 'The REST API id.' },
          region: { default: 'us-east-1', description: 'The AWS region of the deployment.' },
        },
      },
    ],
    security: [{ iam: [] }],
    tags: [{ name: 'erasure', description: 'Erasure requests and their audit log.' }],
    paths: { '/erasures': { post: request }, '/erasures/{erasure_id}': { get: status } },
    components: {
      schemas: {},
      securitySchemes: { iam: SECURITY_SCHEMES.iam },
    },
  };
}
