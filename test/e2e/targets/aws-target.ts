import { readFileSync } from 'node:fs';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  paginateGetQueryResults,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { type ApiAuth, type ApiName, awsDocument } from '../../../lambda/domain/openapi/documents.ts';
import { PROJECT_VERSION } from '../../../local/project-version.ts';
import type { ApiEndpoint, PlatformTarget } from './platform-target.ts';

/*
 * The deployed stage as an e2e target (`npm run test:aws`): URLs from `cdk deploy --outputs-file`,
 * SigV4-signed requests for the APIs with IAM auth (reports and predictions by default), each API's
 * exported OpenAPI document to check its answers by, and the lake through Athena in the platform's
 * workgroup. Nothing here runs in CI; its AWS calls are
 * unit-tested with mocked clients (test/unit/e2e-targets/aws-target.test.ts).
 */

/** What the suite needs of a deployment, from the stacks' outputs. */
export interface DeployedStage {
  readonly ingestionUrl: string;
  readonly reportsUrl: string;
  readonly predictionsUrl: string;
  readonly workGroup: string;
  readonly database: string;
}

const REQUIRED_OUTPUTS = {
  ingestionUrl: ['SdpIngestion', 'UrlForAPI'],
  reportsUrl: ['SdpReports', 'UrlForReports'],
  predictionsUrl: ['SdpMl', 'UrlForPredictions'],
  workGroup: ['SdpCatalog', 'AthenaWorkGroupName'],
  database: ['SdpCatalog', 'GlueDatabaseName'],
} as const;

/** Reads `cdk deploy --all --outputs-file <file>`: `{ "<stack>": { "<output>": "<value>" } }`. */
export function readDeployedStage(file: string): DeployedStage {
  let outputs: Record<string, Record<string, string>>;
  try {
    outputs = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `Cannot read the stack outputs from ${file} (${(error as Error).message}): deploy with ` +
        '`npx cdk deploy --all --outputs-file cdk-outputs.json`, or set SDP_OUTPUTS_FILE',
    );
  }
  const stage: Record<string, string> = {};
  for (const [key, [stack, output]] of Object.entries(REQUIRED_OUTPUTS)) {
    const value = outputs[stack]?.[output];
    if (!value) throw new Error(`${file} has no ${stack}.${output}: deploy every stack (cdk deploy --all)`);
    stage[key] = value.replace(/\/$/, '');
  }
  return stage as unknown as DeployedStage;
}

/** The region of an `https://<id>.execute-api.<region>.amazonaws.com/<stage>` URL. */
export function regionOf(url: string): string {
  const region = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(url).hostname)?.[1];
  if (!region) throw new Error(`Not an API Gateway URL: ${url}`);
  return region;
}

export interface SigningOptions {
  readonly region: string;
  readonly credentials: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
  /** @default 'execute-api' */
  readonly service?: string;
  /** What sends the signed request. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * The parts of a request a signer needs, whether it came as `fetch(url, init)` or as `fetch(request)`,
 * which is how openapi-fetch calls it (the method, headers and body are then the Request's own).
 */
async function plainRequest(input: string | URL | Request, init?: RequestInit) {
  const request = new Request(input, init);
  const body = request.body === null ? undefined : await request.text();
  return { url: new URL(request.url), method: request.method, headers: request.headers, body };
}

/** A fetch that signs each request with SigV4, as `awscurl --service execute-api` does. */
export function sigV4Fetch(options: SigningOptions): typeof fetch {
  const signer = new SignatureV4({
    service: options.service ?? 'execute-api',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const send = options.fetch ?? globalThis.fetch;
  return async (input, init) => {
    const { url, method, headers, body } = await plainRequest(input, init);
    const toSign: Record<string, string> = { host: url.host };
    headers.forEach((value, name) => {
      toSign[name] = value;
    });
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: toSign,
      body,
    });
    return send(url, { method, headers: signed.headers, body });
  };
}

/** A fetch that adds the API key header of an API deployed with `apiKey` auth. */
export function apiKeyFetch(apiKey: string, send: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const { url, method, headers, body } = await plainRequest(input, init);
    headers.set('x-api-key', apiKey);
    return send(url, { method, headers, body });
  };
}

export interface AthenaLake {
  readonly workGroup: string;
  readonly database: string;
  /** @default 2000 */
  readonly pollMs?: number;
  /** A query still running after this long is stopped. @default 300_000 */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs `sql` on the workgroup and answers its rows as Athena gives them: text, NULL as null. */
export async function athenaRows(
  athena: AthenaClient,
  lake: AthenaLake,
  sql: string,
): Promise<Record<string, string | null>[]> {
  const { pollMs = 2000, timeoutMs = 300_000 } = lake;
  const sleep = lake.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { QueryExecutionId } = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: lake.workGroup,
      QueryExecutionContext: { Database: lake.database },
    }),
  );
  for (let waited = 0; ; waited += pollMs) {
    const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    const state = QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new Error(
        `Athena query ${QueryExecutionId} ${state}: ${QueryExecution?.Status?.StateChangeReason}\n${sql}`,
      );
    }
    if (waited >= timeoutMs) {
      await athena.send(new StopQueryExecutionCommand({ QueryExecutionId }));
      throw new Error(`Athena query ${QueryExecutionId} still ${state} after ${timeoutMs} ms; stopped it`);
    }
    await sleep(pollMs);
  }
  const rows: Record<string, string | null>[] = [];
  let columns: string[] | undefined;
  for await (const page of paginateGetQueryResults({ client: athena }, { QueryExecutionId })) {
    for (const row of page.ResultSet?.Rows ?? []) {
      const values = (row.Data ?? []).map((datum) => datum.VarCharValue ?? null);
      // The first row of the first page is the header.
      if (columns === undefined) columns = values.map(String);
      else rows.push(Object.fromEntries(columns.map((column, i) => [column, values[i] ?? null])));
    }
  }
  return rows;
}

/**
 * The stage's three APIs: each with the key of SDP_<API>_API_KEY if set (an API deployed with `apiKey`
 * auth), else signed where the API uses IAM auth by default (reports, predictions); each with the
 * document its stage exports for that auth (lib/*-api.ts), against which the suite checks every answer.
 */
export function awsEndpoints(
  stage: DeployedStage,
  env: NodeJS.ProcessEnv,
  signed: typeof fetch,
): Record<ApiName, ApiEndpoint> {
  const endpoint = (api: ApiName, baseUrl: string, apiKey: string | undefined): ApiEndpoint => {
    if (apiKey) return { baseUrl, fetch: apiKeyFetch(apiKey), document: awsDocument(api, ['apiKey'], PROJECT_VERSION) };
    const auth: ApiAuth = api === 'ingestion' ? 'none' : 'iam';
    return {
      baseUrl,
      fetch: auth === 'iam' ? signed : globalThis.fetch,
      document: awsDocument(api, [auth], PROJECT_VERSION),
    };
  };
  return {
    ingestion: endpoint('ingestion', stage.ingestionUrl, env.SDP_INGESTION_API_KEY),
    reports: endpoint('reports', stage.reportsUrl, env.SDP_REPORTS_API_KEY),
    predictions: endpoint('predictions', stage.predictionsUrl, env.SDP_PREDICTIONS_API_KEY),
  };
}

/** The stage of SDP_OUTPUTS_FILE (default cdk-outputs.json), with the caller's AWS credentials. */
export async function openAwsTarget(env: NodeJS.ProcessEnv): Promise<PlatformTarget> {
  const stage = readDeployedStage(env.SDP_OUTPUTS_FILE ?? 'cdk-outputs.json');
  const region = regionOf(stage.ingestionUrl);
  const signed = sigV4Fetch({ region, credentials: defaultProvider() });
  const athena = new AthenaClient({ region });
  return {
    name: 'aws',
    ...awsEndpoints(stage, env, signed),
    lakeQuery: (sql) => athenaRows(athena, { workGroup: stage.workGroup, database: stage.database }, sql),
    // 60 s windows and Flink's checkpointed sink; Firehose buffers up to sdp:lakeBufferSeconds (300).
    timing: { reportsMs: 5 * 60_000, lakeMs: 12 * 60_000, pollMs: 15_000 },
    async close() {
      athena.destroy();
    },
  };
}
