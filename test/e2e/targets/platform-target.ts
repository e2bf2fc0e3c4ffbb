import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths as IngestionPaths } from '../../../client/generated/ingestion.ts';
import type { paths as LocalPaths } from '../../../client/generated/local.ts';
import type { paths as PredictionsPaths } from '../../../client/generated/predictions.ts';
import type { paths as ReportsPaths } from '../../../client/generated/reports.ts';
import type { ApiError, PredictionRequest, PredictionResponse } from '../../../client/sdp-client.ts';
import type { OpenApiDocument } from '../../../lambda/domain/openapi/documents.ts';
import { OpenApiContract } from '../../helpers/openapi-contract.ts';

/*
 * One end-to-end suite, two targets: the test bodies in test/e2e/platform.test.ts talk to the platform
 * only through a PlatformTarget, which the local platform (default) or a deployed stage
 * (`npm run test:aws`) provides. Each API is an endpoint with its own `fetch` (SigV4-signing where the
 * API uses IAM auth) and the OpenAPI document it answers by; the suite sends its requests through the
 * typed client generated from the documents (client/generated/, openapi-fetch) over those fetches, and
 * every answer is checked against the endpoint's document before a test sees it.
 */

/** One of the platform's HTTP APIs: where it is, the fetch that reaches it (signed if need be), its contract. */
export interface ApiEndpoint {
  /** The URL its document's paths are relative to, without a trailing slash: `${baseUrl}/bid`. */
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  /** The local platform's document, or on AWS the API's own, for the auth it was deployed with. */
  readonly document: OpenApiDocument;
}

/** How long the target takes to show accepted data, for polling. */
export interface TargetTiming {
  /** Until a report shows events: the aggregation window closing, plus processing. */
  readonly reportsMs: number;
  /** Until the lake's SQL shows events: the lake writers' or Firehose's buffering, plus registration. */
  readonly lakeMs: number;
  readonly pollMs: number;
}

export interface PlatformTarget {
  readonly name: 'local' | 'aws';
  readonly ingestion: ApiEndpoint;
  readonly reports: ApiEndpoint;
  /** Its own API on AWS (route `/`); the local platform's one server locally (route `/predictions`). */
  readonly predictions: ApiEndpoint;
  /** Athena's SQL over the lake tables; every value as text (or null), as Athena answers. */
  lakeQuery(sql: string): Promise<Record<string, string | null>[]>;
  readonly timing: TargetTiming;
  close(): Promise<void>;
}

/** What the predictions API answered; `data` on 200, `error` otherwise. */
export interface PredictionReply {
  readonly data?: PredictionResponse;
  readonly error?: ApiError;
  readonly response: Response;
}

/**
 * The target's APIs through the typed client. Ingestion and reports have the same routes on both
 * targets, so their per-API types serve both; the predictions route differs (`/predictions` locally,
 * `/` of its own API on AWS), so `predict` sends it with the local document's types or the predictions
 * API's, whichever the target is.
 */
export interface PlatformApis {
  readonly ingestion: Client<IngestionPaths>;
  readonly reports: Client<ReportsPaths>;
  predict(body: PredictionRequest): Promise<PredictionReply>;
}

export function typedApis(target: PlatformTarget): PlatformApis {
  const ingestion = typedClient<IngestionPaths>(target.ingestion);
  const reports = typedClient<ReportsPaths>(target.reports);
  if (target.name === 'local') {
    const local = typedClient<LocalPaths>(target.predictions);
    return { ingestion, reports, predict: (body) => local.POST('/predictions', { body }) };
  }
  const predictions = typedClient<PredictionsPaths>(target.predictions);
  return { ingestion, reports, predict: (body) => predictions.POST('/', { body }) };
}

function typedClient<Paths extends {}>(endpoint: ApiEndpoint): Client<Paths> {
  const client = createClient<Paths>({ baseUrl: endpoint.baseUrl, fetch: endpoint.fetch });
  client.use(contractCheck(endpoint));
  return client;
}

/** Rejects the call when the answer breaks the endpoint's document (status, content type or body). */
function contractCheck(endpoint: ApiEndpoint): Middleware {
  const root = new URL(endpoint.baseUrl).pathname.replace(/\/$/, '');
  return {
    async onResponse({ request, response }) {
      await checkedBody(
        endpoint,
        request.method,
        new URL(request.url).pathname.slice(root.length) || '/',
        response.clone(),
      );
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * One request with a body written by hand, for what the typed client cannot send: it serializes every
 * body as JSON, so a body that is not JSON goes this way. The answer is checked against the endpoint's
 * document as the typed client's are.
 */
export async function callRaw(endpoint: ApiEndpoint, method: 'POST', path: string, body: string): Promise<Reply> {
  const response = await endpoint.fetch(`${endpoint.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: await checkedBody(endpoint, method, path, response),
  };
}

const contracts = new WeakMap<OpenApiDocument, OpenApiContract>();

/** The answer's JSON body, once it is known to match the endpoint's document. */
async function checkedBody(endpoint: ApiEndpoint, method: string, path: string, response: Response): Promise<unknown> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new Error(`${method} ${path} answered ${response.status} with a body that is not JSON: ${text}`);
  }
  const contract = contracts.get(endpoint.document) ?? new OpenApiContract(endpoint.document);
  contracts.set(endpoint.document, contract);
  const contentType = response.headers.get('content-type') ?? undefined;
  contract.assert({ method, path, status: response.status, contentType, body });
  return body;
}

/** The target `npm test` (local) or `npm run test:aws` (SDP_E2E_TARGET=aws) runs against. */
export async function openTarget(env: NodeJS.ProcessEnv = process.env): Promise<PlatformTarget> {
  const name = env.SDP_E2E_TARGET ?? 'local';
  if (name === 'local') return (await import('./local-target.ts')).openLocalTarget();
  if (name === 'aws') return (await import('./aws-target.ts')).openAwsTarget(env);
  throw new Error(`SDP_E2E_TARGET must be local or aws. Received "${name}"`);
}
