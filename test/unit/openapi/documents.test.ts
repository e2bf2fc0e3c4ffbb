import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../lambda/domain/errors.ts';
import { EVENT_KINDS, EVENT_SPECS } from '../../../lambda/domain/events.ts';
import { parsePredictionBody, toPredictionResponse } from '../../../lambda/domain/ml/prediction-request.ts';
import { API_NAMES, AWS_AUTH_CHOICES, awsDocument, localDocument } from '../../../lambda/domain/openapi/documents.ts';
import { putRecordsCallFailed, putRecordsResponse, THROTTLED_CODE } from '../../../lambda/domain/put-outcome.ts';
import { buildCampaignReport } from '../../../lambda/domain/reports/campaign-report.ts';
import { parseReportQuery } from '../../../lambda/domain/reports/report-query.ts';
import { parseEventBody } from '../../../lambda/domain/validate-events.ts';
import { validBatch, validBid } from '../../helpers/factories.ts';
import { OpenApiContract, type SeenResponse } from '../../helpers/openapi-contract.ts';

/*
 * The OpenAPI documents are generated from the schema sources, and what the domain answers
 * matches them: every status and body the handlers build is one the documents describe.
 */

const local = new OpenApiContract(localDocument('http://localhost:3000', '0.0.0'));
const json = (method: string, path: string, status: number, body: unknown): SeenResponse => ({
  method,
  path,
  status,
  contentType: 'application/json',
  body,
});
const refusal = (run: () => unknown): { statusCode: number; body: unknown } => {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestError) return { statusCode: error.statusCode, body: error.toJSON() };
  }
  throw new Error('expected a RequestError');
};

describe('the documents', () => {
  it('list every route of the local platform and of each API on AWS', () => {
    // Act
    const localPaths = Object.keys(localDocument('http://127.0.0.1:1', '1.2.3').paths);
    const awsPaths = API_NAMES.map((api) => Object.keys(awsDocument(api, AWS_AUTH_CHOICES[api], '1.2.3').paths));

    // Assess
    expect(localPaths).toStrictEqual([
      '/bid',
      '/impression',
      '/click',
      '/reports/campaigns',
      '/reports/campaigns/{campaign_item_id}',
      '/reports/model',
      '/predictions',
      '/metrics',
      '/health',
      '/openapi.json',
      '/docs',
    ]);
    expect(awsPaths).toStrictEqual([
      ['/bid', '/impression', '/click'],
      ['/reports/campaigns', '/reports/campaigns/{campaign_item_id}'],
      ['/'],
    ]);
  });

  it.each([
    ['ingestion', ['none'], [{}], undefined],
    ['ingestion', ['apiKey'], [{ apiKey: [] }], ['apiKey']],
    ['reports', ['iam'], [{ iam: [] }], ['iam']],
    ['predictions', ['iam', 'apiKey'], [{ iam: [] }, { apiKey: [] }], ['iam', 'apiKey']],
  ] as const)('declare the auth of the %s API authenticated by %j', (api, auth, security, schemes) => {
    // Act
    const document = awsDocument(api, auth, '1.2.3');

    // Assess
    expect(document.security).toStrictEqual(security);
    expect(document.components.securitySchemes && Object.keys(document.components.securitySchemes)).toStrictEqual(
      schemes,
    );
  });

  it('describe SigV4 the way API Gateway exports it, and no auth locally', () => {
    // Act
    const reports = awsDocument('reports', ['iam'], '1.2.3');

    // Assess
    expect(reports.components.securitySchemes?.iam).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      'x-amazon-apigateway-authtype': 'awsSigv4',
    });
    expect(localDocument('http://x', '1').security).toStrictEqual([{}]);
    expect(localDocument('http://x', '1').servers).toStrictEqual([
      { url: 'http://x', description: 'The local platform' },
    ]);
  });
});

describe('what the domain answers matches the local document', () => {
  it.each(EVENT_KINDS)('on POST %s: 200, 207, 429 and 503 from PutRecords', (kind) => {
    // Prepare
    const route = EVENT_SPECS[kind].route;
    const outcomes = [
      putRecordsResponse([undefined, undefined]),
      putRecordsResponse([undefined, THROTTLED_CODE]),
      putRecordsResponse([THROTTLED_CODE, THROTTLED_CODE]),
      putRecordsResponse(['InternalFailure']),
      putRecordsCallFailed('ProvisionedThroughputExceededException'),
      putRecordsCallFailed('ResourceNotFoundException'),
    ];

    // Act
    const problems = outcomes.map(({ statusCode, body }) => local.problems(json('POST', route, statusCode, body)));

    // Assess
    expect(outcomes.map(({ statusCode }) => statusCode)).toStrictEqual([200, 207, 429, 503, 429, 503]);
    expect(problems).toStrictEqual([[], [], [], [], [], []]);
  });

  it('on POST /bid: 400 for a bad body and 413 for an oversize one', () => {
    // Act
    const bad = refusal(() => parseEventBody('bid', JSON.stringify([validBid(), { tx_id: 7 }])));
    const large = refusal(() => parseEventBody('bid', JSON.stringify(validBatch('bid', 500)).padEnd(2 ** 20 + 1)));

    // Assess
    expect([bad.statusCode, large.statusCode]).toStrictEqual([400, 413]);
    expect(local.problems(json('POST', '/bid', 400, bad.body))).toStrictEqual([]);
    expect(local.problems(json('POST', '/bid', 413, large.body))).toStrictEqual([]);
  });

  it('on GET /reports/campaigns/{id}: a report page and a refusal', () => {
    // Prepare
    const query = parseReportQuery('7', { granularity: 'hour', limit: '1' });
    const period = { bids: 3, impressions: 2, clicks: 1, spend: 2_000_000 };
    const report = buildCampaignReport(query, [
      { period: '2026-01-01T10:00:00Z', ...period },
      { period: '2026-01-01T11:00:10Z', ...period },
    ]);
    const bad = refusal(() => parseReportQuery('x', { limit: '0', colour: 'red' }));

    // Act
    const problems = [
      local.problems(json('GET', '/reports/campaigns/7', 200, report)),
      local.problems(json('GET', '/reports/campaigns/x', 400, bad.body)),
    ];

    // Assess
    expect(report.next_token).not.toBeNull();
    expect(problems).toStrictEqual([[], []]);
  });

  it('on POST /predictions: predictions and a refusal', () => {
    // Prepare
    const bad = refusal(() => parsePredictionBody('[{"campaignItemId":-1}]'));

    // Act
    const problems = [
      local.problems(json('POST', '/predictions', 200, toPredictionResponse([0.25, 0.5]))),
      local.problems(json('POST', '/predictions', 400, bad.body)),
      local.problems(json('POST', '/predictions', 503, { message: 'No prediction model yet.' })),
    ];

    // Assess
    expect(problems).toStrictEqual([[], [], []]);
  });
});

describe('the contract check', () => {
  it('fails a body with a field the document does not have', () => {
    // Act
    const problems = local.problems(json('POST', '/bid', 200, { accepted: 1, failed: 0, failures: [], extra: 1 }));

    // Assess
    expect(problems).toStrictEqual(['(body) must NOT have additional properties']);
  });

  it('fails a status the operation does not list, and a wrong type', () => {
    // Act
    const status = local.problems(json('GET', '/reports/campaigns/1', 201, {}));
    const type = local.problems({ ...json('POST', '/predictions', 200, {}), contentType: 'text/plain' });
    const score = local.problems(
      json('POST', '/predictions', 200, { predictions: [{ score: 2, predicted_label: 1 }] }),
    );

    // Assess
    expect(status).toStrictEqual(['answered 201, which the document does not list (200, 400, 404, 500)']);
    expect(type).toStrictEqual(['answered text/plain, not JSON']);
    expect(score).toStrictEqual(['/predictions/0/score must be <= 1']);
  });

  it('expects 404 off every route and 405 for another method on a route', () => {
    // Act
    const problems = [
      local.problems(json('GET', '/nowhere', 404, { message: 'No route' })),
      local.problems(json('GET', '/bid', 405, { message: 'GET is not allowed on /bid; use POST' })),
      local.problems(json('GET', '/bid', 404, { message: 'No route' })),
    ];

    // Assess
    expect(problems).toStrictEqual([[], [], ['answered 404 off the documented routes, not 405']]);
  });
});

describe('the predictions request schema', () => {
  const validate = new Ajv2020({ strict: false }).compile({
    ...(localDocument('http://x', '1').components.schemas.PredictionRequest as object),
  });
  const accepted = (request: object) => {
    try {
      parsePredictionBody(JSON.stringify(request));
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    0,
    7,
    '7',
    '007',
    '9007199254740991',
    '0009007199254740991',
    9007199254740991,
    '9007199254740992',
    '19007199254740991',
    '8999999999999999',
    '9007199254741000',
    '',
    '-1',
    '1e3',
    ' 7',
    '7.0',
    1.5,
    -1,
    'c',
  ])('agrees with the handler on campaignItemId %j', (campaignItemId) => {
    // Act
    const request = { campaignItemId, winPrice: 1.5 };

    // Assess
    expect(validate(request)).toBe(accepted(request));
  });

  it.each([0, 0.25, 1500000, -0.01, '5'])('agrees with the handler on winPrice %j', (winPrice) => {
    const request = { campaignItemId: 1, winPrice };
    expect(validate(request)).toBe(accepted(request));
  });
});
