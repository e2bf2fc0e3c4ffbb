/*
 * One end-to-end suite, two targets: the test bodies in test/e2e/platform/ talk to the platform only
 * through a PlatformTarget, which the local platform (default) or a deployed stage (`npm run test:aws`)
 * provides. Each API is an endpoint with its own `fetch` (SigV4-signing where the API uses IAM auth),
 * so a client generated from the OpenAPI documents (openapi-fetch's `createClient({ baseUrl, fetch })`)
 * can take the place of `call` without touching the transports.
 */

/** One of the platform's HTTP APIs: where it is, and the fetch that reaches it (signed if need be). */
export interface ApiEndpoint {
  /** Base URL without a trailing slash: `${baseUrl}/bid`, `${baseUrl}/reports/campaigns/1`. */
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
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
  /** POST to the base URL itself. */
  readonly predictions: ApiEndpoint;
  /** Athena's SQL over the lake tables; every value as text (or null), as Athena answers. */
  lakeQuery(sql: string): Promise<Record<string, string | null>[]>;
  readonly timing: TargetTiming;
  close(): Promise<void>;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** One request to an endpoint; a JSON answer parsed, anything else an error naming what came back. */
export async function call(
  endpoint: ApiEndpoint,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Reply> {
  const response = await endpoint.fetch(`${endpoint.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  } catch {
    throw new Error(`${method} ${path} answered ${response.status} with a body that is not JSON: ${text}`);
  }
}

/** Reads until `done` holds or `timeoutMs` passed, and answers the last value read. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, pollMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** The target `npm test` (local) or `npm run test:aws` (SDP_E2E_TARGET=aws) runs against. */
export async function openTarget(env: NodeJS.ProcessEnv = process.env): Promise<PlatformTarget> {
  const name = env.SDP_E2E_TARGET ?? 'local';
  if (name === 'local') return (await import('./local-target.ts')).openLocalTarget();
  if (name === 'aws') return (await import('./aws-target.ts')).openAwsTarget(env);
  throw new Error(`SDP_E2E_TARGET must be local or aws. Received "${name}"`);
}
