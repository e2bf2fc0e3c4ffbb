import createClient, { type Client } from 'openapi-fetch';
import type { components, paths as IngestionPaths } from './generated/ingestion.ts';
import type { paths as LocalPaths } from './generated/local.ts';
import type { paths as PredictionsPaths } from './generated/predictions.ts';
import type { paths as ReportsPaths } from './generated/reports.ts';
import { nodeTransport, type Transport } from './node-transport.ts';
import { type Backoff, backoff, RETRYABLE_STATUSES, type RetryOptions } from './retry.ts';

type Schemas = components['schemas'];
export type BidEvent = Schemas['BidEvent'];
export type ImpressionEvent = Schemas['ImpressionEvent'];
export type ClickEvent = Schemas['ClickEvent'];
export type PutResult = Schemas['PutResult'];
export type PutFailure = Schemas['PutFailure'];
export type ApiError = Schemas['Error'];
export type CampaignReport =
  ReportsPaths['/reports/campaigns/{campaign_item_id}']['get']['responses']['200']['content']['application/json'];
export type ReportQuery = NonNullable<
  ReportsPaths['/reports/campaigns/{campaign_item_id}']['get']['parameters']['query']
>;
export type PredictionRequest = PredictionsPaths['/']['post']['requestBody']['content']['application/json'];
export type PredictionResponse = PredictionsPaths['/']['post']['responses']['200']['content']['application/json'];

/** The events each ingestion route takes. */
export interface Events {
  readonly bid: BidEvent;
  readonly impression: ImpressionEvent;
  readonly click: ClickEvent;
}
export type EventKind = keyof Events;

/** Where the platform runs: the local platform's one URL, or the three stage URLs of a deployment. */
export type Target =
  | { readonly url: string }
  | { readonly ingestionUrl: string; readonly reportsUrl?: string; readonly predictionsUrl?: string };

export interface SdpClientOptions {
  readonly target: Target;
  /** Sent with every request, e.g. `{ 'x-api-key': key }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sends the requests, e.g. one that signs them with SigV4. @default keep-alive node:http(s) ({@link nodeTransport}) */
  readonly fetch?: Transport;
  readonly retry?: RetryOptions;
}

/** What became of the events of one {@link SdpClient.send} call. */
export interface SendResult {
  /** Events stored, over every attempt. */
  readonly accepted: number;
  /** Events still not stored after the last attempt, with their index in the call's array. */
  readonly failures: readonly PutFailure[];
  /** Requests made, the first included. */
  readonly attempts: number;
}

/** The platform refused a request (a 4xx other than 429): repeating it cannot help. */
export class SdpRequestError extends Error {
  override name = 'SdpRequestError';
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(`${status}: ${body.message}`);
  }
}

const ROUTES = { bid: '/bid', impression: '/impression', click: '/click' } as const;

/**
 * The typed client of the platform's APIs, generated from its OpenAPI documents (docs/openapi/).
 * `send` retries exactly the events a 207 lists as not stored, and a whole request after a 429, a
 * 503 or a network error, with exponential backoff; the aggregation counts each `tx_id` once, so a
 * retried event that was in fact stored is never counted twice.
 */
export class SdpClient {
  readonly #ingestion: Client<IngestionPaths>;
  readonly #reports: Client<ReportsPaths>;
  readonly #predict: (body: PredictionRequest) => ReturnType<Client<PredictionsPaths>['POST']>;
  readonly #backoff: Backoff;
  readonly #close: () => void;

  constructor(options: SdpClientOptions) {
    const { target, headers } = options;
    const transport = options.fetch ? { fetch: options.fetch, close: () => {} } : nodeTransport();
    this.#close = transport.close;
    const common = { headers, fetch: transport.fetch };
    if ('url' in target) {
      const local = createClient<LocalPaths>({ baseUrl: target.url, ...common });
      this.#ingestion = local as unknown as Client<IngestionPaths>;
      this.#reports = local as unknown as Client<ReportsPaths>;
      this.#predict = (body) => local.POST('/predictions', { body });
    } else {
      this.#ingestion = createClient<IngestionPaths>({ baseUrl: target.ingestionUrl, ...common });
      this.#reports = createClient<ReportsPaths>({ baseUrl: target.reportsUrl ?? target.ingestionUrl, ...common });
      const predictions = createClient<PredictionsPaths>({
        baseUrl: target.predictionsUrl ?? target.ingestionUrl,
        ...common,
      });
      this.#predict = (body) => predictions.POST('/', { body });
    }
    this.#backoff = backoff(options.retry);
  }

  /** Sends events of one kind, one request for up to 500, retrying what was not stored. */
  async send<K extends EventKind>(kind: K, events: readonly Events[K][]): Promise<SendResult> {
    // Positions in `events` of what is still to send.
    let pending = events.map((_, index) => index);
    let failures: PutFailure[] = [];
    let accepted = 0;
    let attempt = 0;
    while (pending.length > 0 && attempt < this.#backoff.attempts) {
      if (attempt > 0) await this.#backoff.wait(attempt);
      attempt++;
      const batch = pending.map((index) => events[index] as Events[K]);
      const outcome = await this.#post(kind, batch);
      if (outcome.kind === 'refused') throw new SdpRequestError(outcome.status, outcome.body);
      if (outcome.kind === 'unknown') {
        failures = pending.map((index) => ({ index, error_code: outcome.code, message: outcome.message }));
        continue;
      }
      const notStored = outcome.failures.map((failure) => ({
        ...failure,
        index: pending[failure.index] as number,
      }));
      accepted += outcome.accepted;
      failures = notStored;
      pending = notStored.map((failure) => failure.index);
    }
    return { accepted, failures, attempts: attempt };
  }

  /** A campaign's report; one page of buckets, `next_token` for the next. */
  async report(campaignItemId: number, query: ReportQuery = {}): Promise<CampaignReport> {
    const { data, error, response } = await this.#reports.GET('/reports/campaigns/{campaign_item_id}', {
      params: { path: { campaign_item_id: campaignItemId }, query },
    });
    if (data) return data;
    throw new SdpRequestError(response.status, error as ApiError);
  }

  /** P(win) of one bid or a batch at their prices, in request order. */
  async predict(requests: PredictionRequest): Promise<PredictionResponse> {
    const { data, error, response } = await this.#predict(requests);
    if (data) return data;
    throw new SdpRequestError(response.status, error as ApiError);
  }

  /** Closes the client's idle keep-alive connections (its own transport's only). */
  close(): void {
    this.#close();
  }

  async #post<K extends EventKind>(kind: K, batch: readonly Events[K][]): Promise<PostOutcome> {
    const body = (batch.length === 1 ? batch[0] : batch) as BidEvent;
    let reply: Awaited<ReturnType<Client<IngestionPaths>['POST']>>;
    try {
      reply = await this.#ingestion.POST(ROUTES[kind] as '/bid', { body });
    } catch (error) {
      // No answer: the events may or may not be stored; sending them again is safe (counted once per tx_id).
      return { kind: 'unknown', code: 'NetworkError', message: (error as Error).message };
    }
    const { data, error, response } = reply;
    if (data) return { kind: 'answered', accepted: data.accepted, failures: data.failures };
    if (RETRYABLE_STATUSES.has(response.status)) {
      if (error && 'failures' in error) return { kind: 'answered', accepted: error.accepted, failures: error.failures };
      return {
        kind: 'unknown',
        code: String(response.status),
        message: (error as ApiError | undefined)?.message ?? '',
      };
    }
    return { kind: 'refused', status: response.status, body: error as ApiError };
  }
}

type PostOutcome =
  | { readonly kind: 'answered'; readonly accepted: number; readonly failures: readonly PutFailure[] }
  | { readonly kind: 'unknown'; readonly code: string; readonly message: string }
  | { readonly kind: 'refused'; readonly status: number; readonly body: ApiError };
