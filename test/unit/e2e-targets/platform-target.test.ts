import { describe, expect, it } from 'vitest';
import { awsDocument, localDocument } from '../../../lambda/domain/openapi/documents.ts';
import { type ApiEndpoint, callRaw, type PlatformTarget, typedApis } from '../../e2e/targets/platform-target.ts';

/*
 * The e2e suite's requests (test/e2e/platform.test.ts): the typed client over each endpoint's fetch,
 * with every answer checked against the endpoint's OpenAPI document before a test sees it. Scripted
 * fetches stand in for the platform.
 */

interface Sent {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | null;
  readonly body: string;
}

/** A fetch that records each request and answers `status` with `body` as JSON (or as is, if a string). */
function scriptedFetch(status: number, body: unknown) {
  const sent: Sent[] = [];
  const send = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({
      method: request.method,
      url: request.url,
      contentType: request.headers.get('content-type'),
      body: await request.text(),
    });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { sent, send };
}

const STAGE = 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1';
const PUT_RESULT = { accepted: 1, failed: 0, failures: [] };
const REQUEST = { campaignItemId: 1, winPrice: 10 };

function target(name: 'local' | 'aws', endpoint: (api: 'ingestion' | 'reports' | 'predictions') => ApiEndpoint) {
  return {
    name,
    ingestion: endpoint('ingestion'),
    reports: endpoint('reports'),
    predictions: endpoint('predictions'),
  } as PlatformTarget;
}
const awsTarget = (send: typeof fetch) =>
  target('aws', (api) => ({ baseUrl: STAGE, fetch: send, document: awsDocument(api, ['iam'], '1') }));
const localTarget = (send: typeof fetch) => {
  const endpoint = {
    baseUrl: 'http://127.0.0.1:3000',
    fetch: send,
    document: localDocument('http://127.0.0.1:3000', '1'),
  };
  return target('local', () => endpoint);
};

describe('the typed client over a target’s endpoints', () => {
  it('sends an event as JSON through the endpoint’s own fetch and answers the documented body', async () => {
    // Prepare
    const { sent, send } = scriptedFetch(200, PUT_RESULT);

    // Act
    const { data, error } = await typedApis(awsTarget(send)).ingestion.POST('/click', { body: { tx_id: 't-1' } });

    // Assess
    expect({ data, error }).toStrictEqual({ data: PUT_RESULT, error: undefined });
    expect(sent).toStrictEqual([
      { method: 'POST', url: `${STAGE}/click`, contentType: 'application/json', body: '{"tx_id":"t-1"}' },
    ]);
  });

  it('posts predictions to `/` of the predictions API on AWS and to /predictions locally', async () => {
    // Prepare
    const aws = scriptedFetch(200, { predictions: [{ score: 0.25, predicted_label: 0 }] });
    const local = scriptedFetch(200, { predictions: [{ score: 0.75, predicted_label: 1 }] });

    // Act
    const answers = [
      (await typedApis(awsTarget(aws.send)).predict(REQUEST)).data,
      (await typedApis(localTarget(local.send)).predict(REQUEST)).data,
    ];

    // Assess
    expect(answers).toStrictEqual([
      { predictions: [{ score: 0.25, predicted_label: 0 }] },
      { predictions: [{ score: 0.75, predicted_label: 1 }] },
    ]);
    expect([...aws.sent, ...local.sent].map(({ method, url }) => `${method} ${url}`)).toStrictEqual([
      `POST ${STAGE}/`,
      'POST http://127.0.0.1:3000/predictions',
    ]);
  });

  it('rejects an answer whose body breaks the document, naming the route below the stage', async () => {
    const { send } = scriptedFetch(200, { accepted: 1 });
    await expect(typedApis(awsTarget(send)).ingestion.POST('/bid', { body: [] })).rejects.toThrow(
      "POST /bid answered 200 against its OpenAPI document: (body) must have required property 'failed'; " +
        "(body) must have required property 'failures'",
    );
  });

  it('rejects a status the operation does not document for the target', async () => {
    // 403 is API Gateway's answer on AWS; the local platform has no credentials to refuse.
    const { send } = scriptedFetch(403, { message: 'Forbidden' });
    const report = (apis: ReturnType<typeof typedApis>) =>
      apis.reports.GET('/reports/campaigns/{campaign_item_id}', { params: { path: { campaign_item_id: 1 } } });

    await expect(report(typedApis(awsTarget(send)))).resolves.toMatchObject({ error: { message: 'Forbidden' } });
    await expect(report(typedApis(localTarget(send)))).rejects.toThrow(
      'GET /reports/campaigns/1 answered 403 against its OpenAPI document: answered 403, which the document does not list',
    );
  });

  it('rejects an answer that is not JSON', async () => {
    const { send } = scriptedFetch(400, 'Bad Request');
    await expect(typedApis(localTarget(send)).predict(REQUEST)).rejects.toThrow(
      'POST /predictions answered 400 with a body that is not JSON: Bad Request',
    );
  });
});

describe('a request written by hand', () => {
  it('sends the body as is and checks the answer against the document too', async () => {
    // Prepare
    const good = scriptedFetch(400, { message: 'The body is not valid JSON', errors: [] });
    const bad = scriptedFetch(400, { errors: [] });
    const endpoint = (send: typeof fetch) => ({
      baseUrl: STAGE,
      fetch: send,
      document: awsDocument('ingestion', ['none'], '1'),
    });

    // Act
    const reply = await callRaw(endpoint(good.send), 'POST', '/bid', '{"tx_id": ');

    // Assess
    expect({ status: reply.status, body: reply.body }).toStrictEqual({
      status: 400,
      body: { message: 'The body is not valid JSON', errors: [] },
    });
    expect(good.sent).toStrictEqual([
      { method: 'POST', url: `${STAGE}/bid`, contentType: 'application/json', body: '{"tx_id": ' },
    ]);
    await expect(callRaw(endpoint(bad.send), 'POST', '/bid', '{')).rejects.toThrow(
      "POST /bid answered 400 against its OpenAPI document: (body) must have required property 'message'",
    );
  });
});
