import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import createClient from 'openapi-fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { paths as IngestionPaths } from '../../../client/generated/ingestion.ts';
import type { paths as PredictionsPaths } from '../../../client/generated/predictions.ts';
import {
  apiKeyFetch,
  athenaRows,
  awsEndpoints,
  readDeployedStage,
  regionOf,
  sigV4Fetch,
} from '../../e2e/targets/aws-target.ts';

/* The AWS side of the e2e suite (npm run test:aws), with mocked clients: no AWS account here. */

const athena = mockClient(AthenaClient);
afterEach(() => {
  athena.reset();
  vi.unstubAllGlobals();
});

const OUTPUTS = {
  SdpIngestion: { UrlForAPI: 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1' },
  SdpReports: { UrlForReports: 'https://def456.execute-api.eu-west-1.amazonaws.com/v1' },
  SdpMl: { UrlForPredictions: 'https://ghi789.execute-api.eu-west-1.amazonaws.com/v1', RetrainingStarter: 'fn' },
  SdpCatalog: { AthenaWorkGroupName: 'sdp-lake', GlueDatabaseName: 'sdp_lake', LakeBucketName: 'bucket' },
};

function withOutputs<T>(content: unknown, work: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'sdp-outputs-'));
  try {
    const file = join(dir, 'cdk-outputs.json');
    writeFileSync(file, JSON.stringify(content));
    return work(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fetch that records what it was asked to send and answers 200 `{}`. */
function recordingFetch() {
  const sent: { url: string; init: RequestInit }[] = [];
  const send = (async (url: URL | string, init: RequestInit = {}) => {
    sent.push({ url: String(url), init });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { sent, send };
}

describe('the deployed stage from cdk deploy --outputs-file', () => {
  it('reads the three API URLs and the lake’s workgroup and database', () => {
    expect(withOutputs(OUTPUTS, readDeployedStage)).toStrictEqual({
      ingestionUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1',
      reportsUrl: 'https://def456.execute-api.eu-west-1.amazonaws.com/v1',
      predictionsUrl: 'https://ghi789.execute-api.eu-west-1.amazonaws.com/v1',
      workGroup: 'sdp-lake',
      database: 'sdp_lake',
    });
    expect(regionOf(OUTPUTS.SdpIngestion.UrlForAPI)).toBe('eu-west-1');
  });

  it('rejects outputs without a stack, and a missing file, saying how to make them', () => {
    const { SdpMl: _, ...partial } = OUTPUTS;
    expect(() => withOutputs(partial, readDeployedStage)).toThrow(
      'has no SdpMl.UrlForPredictions: deploy every stack (cdk deploy --all)',
    );
    expect(() => readDeployedStage('/nonexistent/cdk-outputs.json')).toThrow(
      /^Cannot read the stack outputs from \/nonexistent\/cdk-outputs\.json .*npx cdk deploy --all --outputs-file cdk-outputs\.json/,
    );
  });
});

describe('requests to the APIs', () => {
  it('signs a request with SigV4 for execute-api in the API’s region, body and content type included', async () => {
    // Prepare
    const { sent, send } = recordingFetch();
    const signed = sigV4Fetch({
      region: 'eu-west-1',
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' }),
      fetch: send,
    });

    // Act
    await signed('https://ghi789.execute-api.eu-west-1.amazonaws.com/v1?x=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"winPrice":1}',
    });

    // Assess
    const [{ url, init }] = sent as [{ url: string; init: RequestInit }];
    const headers = init.headers as Record<string, string>;
    expect(url).toBe('https://ghi789.execute-api.eu-west-1.amazonaws.com/v1?x=1');
    expect(init.body).toBe('{"winPrice":1}');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-security-token']).toBe('token');
    expect(headers['x-amz-content-sha256']).toBe(createHash('sha256').update('{"winPrice":1}').digest('hex'));
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('signs what the typed client sends, which comes as a Request: its method, body and content type', async () => {
    // Prepare: openapi-fetch calls fetch(request), with nothing in the second argument.
    const { sent, send } = recordingFetch();
    const signed = sigV4Fetch({
      region: 'eu-west-1',
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
      fetch: send,
    });
    const predictions = createClient<PredictionsPaths>({ baseUrl: OUTPUTS.SdpMl.UrlForPredictions, fetch: signed });

    // Act
    await predictions.POST('/', { body: { campaignItemId: 7, winPrice: 1 } });

    // Assess
    const [{ url, init }] = sent as [{ url: string; init: RequestInit }];
    const headers = init.headers as Record<string, string>;
    expect({ url, method: init.method, body: init.body, contentType: headers['content-type'] }).toStrictEqual({
      url: 'https://ghi789.execute-api.eu-west-1.amazonaws.com/v1/',
      method: 'POST',
      body: '{"campaignItemId":7,"winPrice":1}',
      contentType: 'application/json',
    });
    expect(headers.authorization).toMatch(/SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, /);
    expect(headers['x-amz-content-sha256']).toBe(
      createHash('sha256').update('{"campaignItemId":7,"winPrice":1}').digest('hex'),
    );
  });

  it('sends the API key instead where the API was deployed with apiKey auth', async () => {
    const { sent, send } = recordingFetch();
    await apiKeyFetch('key-1', send)('https://abc123.execute-api.eu-west-1.amazonaws.com/v1/bid', { method: 'POST' });
    const [request] = sent as [{ url: string; init: RequestInit }];
    expect(new Headers(request.init.headers).get('x-api-key')).toBe('key-1');
  });

  it('adds the API key to what the typed client sends, keeping its method, body and content type', async () => {
    // Prepare
    const { sent, send } = recordingFetch();
    const ingestion = createClient<IngestionPaths>({
      baseUrl: OUTPUTS.SdpIngestion.UrlForAPI,
      fetch: apiKeyFetch('key-2', send),
    });

    // Act
    await ingestion.POST('/click', { body: { tx_id: 't-1' } });

    // Assess
    const [{ url, init }] = sent as [{ url: string; init: RequestInit }];
    const headers = new Headers(init.headers);
    expect({
      url,
      method: init.method,
      body: init.body,
      contentType: headers.get('content-type'),
      apiKey: headers.get('x-api-key'),
    }).toStrictEqual({
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1/click',
      method: 'POST',
      body: '{"tx_id":"t-1"}',
      contentType: 'application/json',
      apiKey: 'key-2',
    });
  });
});

describe('the stage’s endpoints', () => {
  const stage = () => withOutputs(OUTPUTS, readDeployedStage);
  const signed = (async () => new Response()) as typeof fetch;

  it('by default: ingestion unsigned, reports and predictions signed, each with the document for that auth', () => {
    // Act
    const endpoints = awsEndpoints(stage(), {}, signed);

    // Assess
    expect({
      ingestion: { signed: endpoints.ingestion.fetch === signed, security: endpoints.ingestion.document.security },
      reports: { signed: endpoints.reports.fetch === signed, security: endpoints.reports.document.security },
      predictions: {
        signed: endpoints.predictions.fetch === signed,
        security: endpoints.predictions.document.security,
      },
    }).toStrictEqual({
      ingestion: { signed: false, security: [{}] },
      reports: { signed: true, security: [{ iam: [] }] },
      predictions: { signed: true, security: [{ iam: [] }] },
    });
    expect(Object.keys(endpoints.predictions.document.paths)).toStrictEqual(['/']);
    expect(endpoints.reports.baseUrl).toBe('https://def456.execute-api.eu-west-1.amazonaws.com/v1');
  });

  it('sends the key of SDP_<API>_API_KEY instead of a signature, checked against the apiKey document', async () => {
    // Prepare
    const { sent, send } = recordingFetch();
    vi.stubGlobal('fetch', send);

    // Act
    const endpoints = awsEndpoints(stage(), { SDP_REPORTS_API_KEY: 'key-3' }, signed);
    await endpoints.reports.fetch(`${endpoints.reports.baseUrl}/reports/campaigns/1`);

    // Assess
    expect(endpoints.reports.document.security).toStrictEqual([{ apiKey: [] }]);
    expect(endpoints.predictions.fetch).toBe(signed);
    expect(new Headers((sent[0] as { init: RequestInit }).init.headers).get('x-api-key')).toBe('key-3');
  });
});

describe('lake SQL through Athena', () => {
  const LAKE = { workGroup: 'sdp-lake', database: 'sdp_lake', pollMs: 1, sleep: async () => {} };
  const row = (...values: (string | undefined)[]) => ({ Data: values.map((VarCharValue) => ({ VarCharValue })) });

  it('runs the query on the workgroup, waits for it and reads every page, header first', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand, { QueryExecutionId: 'q-1' })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1' })
      .resolvesOnce({ ResultSet: { Rows: [row('type', 'n'), row('bid', '4')] }, NextToken: 'p2' })
      .resolves({ ResultSet: { Rows: [row('imp', undefined)] } });

    // Act
    const rows = await athenaRows(new AthenaClient({}), LAKE, 'SELECT type, n FROM t');

    // Assess
    expect(rows).toStrictEqual([
      { type: 'bid', n: '4' },
      { type: 'imp', n: null },
    ]);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toStrictEqual({
      QueryString: 'SELECT type, n FROM t',
      WorkGroup: 'sdp-lake',
      QueryExecutionContext: { Database: 'sdp_lake' },
    });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(2);
  });

  it('fails with Athena’s reason when the query fails', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND' } } });
    await expect(athenaRows(new AthenaClient({}), LAKE, 'SELECT 1')).rejects.toThrow(
      'Athena query q-2 FAILED: TABLE_NOT_FOUND',
    );
  });

  it('stops a query that overruns its time and fails', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    await expect(athenaRows(new AthenaClient({}), { ...LAKE, timeoutMs: 3 }, 'SELECT 1')).rejects.toThrow(
      'Athena query q-3 still RUNNING after 3 ms; stopped it',
    );
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input).toStrictEqual({ QueryExecutionId: 'q-3' });
  });
});
