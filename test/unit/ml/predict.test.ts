import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvokeEndpointCommand,
  type InvokeEndpointCommandOutput,
  ModelError,
  ModelNotReadyException,
  SageMakerRuntimeClient,
  SageMakerRuntimeServiceException,
  ServiceUnavailable,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../../../lambda/domain/errors.ts';
import {
  encodeFeatures,
  FEATURE_DIMENSION,
  type FeatureVector,
  fromPredictionInput,
  type PredictionInput,
  toCsvFeatures,
} from '../../../lambda/domain/ml/features.ts';
import { predict } from '../../../lambda/domain/ml/logistic-regression.ts';
import { createPredictHandler } from '../../../lambda/predictions/predict.ts';
import {
  loadPredictionsConfig,
  NO_MODEL_MESSAGE,
  SageMakerScorer,
} from '../../../lambda/predictions/sagemaker-scorer.ts';
import type { IScorer } from '../../../lambda/predictions/scorer.ts';
import { LOCAL_NO_MODEL_MESSAGE, LocalScorer } from '../../../local/ml/local-scorer.ts';
import { MODEL_FORMAT, ModelStore, type SavedModel } from '../../../local/ml/model-store.ts';
import { recordingLog, recordingMetrics } from '../../helpers/recording-ops.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };
const ENDPOINT = 'sdp-win-probability';

const REQUEST: PredictionInput = {
  campaignItemId: 1463517,
  domain: 'www.google.com',
  creativeId: 'cr-80431',
  creativeCategory: 'IAB3-1',
  winPrice: 1_250_000,
};
const CHEAP: PredictionInput = { campaignItemId: 42, winPrice: 10_000 };

const vectorOf = (request: PredictionInput) => encodeFeatures(fromPredictionInput(request));

/** The event API Gateway's proxy integration passes for `POST /predictions`. */
const post = (body: string | null, isBase64Encoded = false) => ({ body, isBase64Encoded });

/** A scorer answering fixed scores in order and recording the rows it was asked about. */
function fakeScorer(scores: number[]) {
  const calls: FeatureVector[][] = [];
  const scorer: IScorer = {
    score: async (rows) => {
      calls.push([...rows]);
      return scores.slice(0, rows.length);
    },
  };
  return { scorer, calls };
}

const ok = (...predictions: [number, 0 | 1][]) => ({
  statusCode: 200,
  headers: JSON_HEADERS,
  body: JSON.stringify({ predictions: predictions.map(([score, label]) => ({ score, predicted_label: label })) }),
});

const rejected = (message: string, errors: ValidationIssue[], statusCode = 400) => ({
  statusCode,
  headers: JSON_HEADERS,
  body: JSON.stringify({ message, errors }),
});

const bodyRejected = (message: string) => rejected(message, [{ index: null, path: '', message }]);

const unavailable = (statusCode: number, message: string) => ({
  statusCode,
  headers: JSON_HEADERS,
  body: JSON.stringify({ message }),
});

const KNOWN = 'known fields: campaignItemId, domain, creativeId, creativeCategory, winPrice';

describe('POST /predictions', () => {
  it('answers one prediction for one request, scored on the shared encoding', async () => {
    // Prepare
    const { scorer, calls } = fakeScorer([0.73]);

    // Act
    const result = await createPredictHandler(scorer)(post(JSON.stringify(REQUEST)));

    // Assess
    expect(result).toStrictEqual(ok([0.73, 1]));
    expect(calls).toStrictEqual([[vectorOf(REQUEST)]]);
  });

  it('answers a batch in request order, predicting a win from a score of 0.5 up', async () => {
    // Prepare
    const { scorer, calls } = fakeScorer([0.5, 0.4999, 0.02]);

    // Act
    const result = await createPredictHandler(scorer)(post(JSON.stringify([REQUEST, CHEAP, REQUEST])));

    // Assess
    expect(result).toStrictEqual(ok([0.5, 1], [0.4999, 0], [0.02, 0]));
    expect(calls).toStrictEqual([[vectorOf(REQUEST), vectorOf(CHEAP), vectorOf(REQUEST)]]);
  });

  it('decodes a base64 body', async () => {
    // Prepare
    const { scorer } = fakeScorer([0.25]);

    // Act
    const result = await createPredictHandler(scorer)(
      post(Buffer.from(JSON.stringify(CHEAP)).toString('base64'), true),
    );

    // Assess
    expect(result).toStrictEqual(ok([0.25, 0]));
  });

  it.each([
    ['no body', null, bodyRejected('Request body is required: send one prediction request or an array of 1 to 500')],
    [
      'an empty array',
      '[]',
      bodyRejected('Request body is an empty array: send one prediction request or an array of 1 to 500'),
    ],
    [
      '501 requests',
      JSON.stringify(Array.from({ length: 501 }, () => CHEAP)),
      bodyRejected('Request body has 501 prediction requests: at most 500 are allowed'),
    ],
    [
      'a request without its required fields',
      JSON.stringify({ domain: 'www.google.com' }),
      rejected('Invalid prediction request: 2 errors', [
        { index: null, path: 'campaignItemId', message: 'is required' },
        { index: null, path: 'winPrice', message: 'is required' },
      ]),
    ],
    [
      'wrong types, out-of-range values and the lake’s snake_case names',
      JSON.stringify({ campaignItemId: 1.5, winPrice: -1, domain: 5, creativeId: 'x'.repeat(257), win_price: 1 }),
      rejected('Invalid prediction request: 5 errors', [
        {
          index: null,
          path: 'campaignItemId',
          message: 'must be an integer or the decimal string of one, got a non-integer number',
        },
        { index: null, path: 'domain', message: 'must be a string, got an integer' },
        { index: null, path: 'creativeId', message: 'must be 0 to 256 characters long, got 257' },
        { index: null, path: 'winPrice', message: 'must be between 0 and 9007199254740991, got -1' },
        { index: null, path: 'win_price', message: `is not a field of a prediction request (${KNOWN})` },
      ]),
    ],
    [
      'a batch with a bad element',
      JSON.stringify([CHEAP, 'cheap', { ...CHEAP, winPrice: '1.5' }]),
      rejected('Invalid batch of prediction requests: 2 errors', [
        { index: 1, path: '', message: 'must be a JSON object (a prediction request), got a string' },
        { index: 2, path: 'winPrice', message: 'must be a number, got a string' },
      ]),
    ],
    [
      'a body over 1 MB',
      JSON.stringify({ ...CHEAP, domain: 'x'.repeat(1024 * 1024) }),
      rejected(
        'Request body exceeds 1048576 bytes',
        [{ index: null, path: '', message: 'body must be at most 1048576 bytes' }],
        413,
      ),
    ],
  ])('rejects %s without scoring anything', async (_, body, expected) => {
    // Prepare
    const { scorer, calls } = fakeScorer([0.5]);

    // Act
    const result = await createPredictHandler(scorer)(post(body));

    // Assess
    expect(result).toStrictEqual(expected);
    expect(calls).toStrictEqual([]);
  });

  describe('the original platform’s request contract', () => {
    it('scores campaignItemId given as a decimal string exactly as the integer', async () => {
      // Prepare
      const { scorer, calls } = fakeScorer([0.6, 0.6]);
      const asString = { ...REQUEST, campaignItemId: '1463517' };

      // Act
      const result = await createPredictHandler(scorer)(post(JSON.stringify([asString, REQUEST])));

      // Assess
      expect(result).toStrictEqual(ok([0.6, 1], [0.6, 1]));
      expect(calls).toStrictEqual([[vectorOf(REQUEST), vectorOf(REQUEST)]]);
    });

    it.each([
      ['leading zeros', '0001463517', 1463517],
      ['zero', '0', 0],
      ['the largest id', '9007199254740991', Number.MAX_SAFE_INTEGER],
    ])('reads a decimal string with %s as its integer', async (_name, campaignItemId, integer) => {
      // Prepare
      const { scorer, calls } = fakeScorer([0.1]);

      // Act
      const result = await createPredictHandler(scorer)(post(JSON.stringify({ ...CHEAP, campaignItemId })));

      // Assess
      expect(result).toStrictEqual(ok([0.1, 0]));
      expect(calls).toStrictEqual([[vectorOf({ ...CHEAP, campaignItemId: integer })]]);
    });

    it.each([
      ['100.0, as the original’s test sends it', '100.0', 100],
      ['a fraction of a micro-unit', '1.5', 1.5],
      ['zero', '0', 0],
      ['an exponent', '2.5e6', 2_500_000],
    ])('takes a winPrice of %s', async (_name, written, price) => {
      // Prepare
      const { scorer, calls } = fakeScorer([0.9]);

      // Act
      const result = await createPredictHandler(scorer)(post(`{"campaignItemId":42,"winPrice":${written}}`));

      // Assess
      expect(result).toStrictEqual(ok([0.9, 1]));
      expect(calls).toStrictEqual([[vectorOf({ campaignItemId: 42, winPrice: price })]]);
    });

    it('refuses the original’s test body, whose "c" names no campaign a bid can carry', async () => {
      // Prepare: the body AwsFdsTestIT.testApiGateway posts (it printed the answer and asserted nothing).
      const { scorer, calls } = fakeScorer([0.5]);
      const body = '{"campaignItemId":"c","domain":"d","creativeId":"i","creativeCategory":"CC","winPrice":100.0}';

      // Act
      const result = await createPredictHandler(scorer)(post(body));

      // Assess
      expect(result).toStrictEqual(
        rejected('Invalid prediction request: 1 error', [
          {
            index: null,
            path: 'campaignItemId',
            message: 'must be an integer or the decimal string of one (digits only), got "c"',
          },
        ]),
      );
      expect(calls).toStrictEqual([]);
    });

    it.each([
      ['an empty string', '', 'must be an integer or the decimal string of one (digits only), got ""'],
      ['a sign', '-1', 'must be an integer or the decimal string of one (digits only), got "-1"'],
      ['a space', ' 7', 'must be an integer or the decimal string of one (digits only), got " 7"'],
      ['an exponent', '1e3', 'must be an integer or the decimal string of one (digits only), got "1e3"'],
      ['a decimal point', '7.0', 'must be an integer or the decimal string of one (digits only), got "7.0"'],
      ['one past the largest id', '9007199254740992', 'must be between 0 and 9007199254740991, got 9007199254740992'],
      ['400 digits', '9'.repeat(400), `must be between 0 and 9007199254740991, got ${'9'.repeat(400)}`],
      ['true', true, 'must be an integer or the decimal string of one, got a boolean'],
      ['null', null, 'must be an integer or the decimal string of one, got null'],
    ])('refuses a campaignItemId of %s', async (_name, campaignItemId, message) => {
      // Prepare
      const { scorer, calls } = fakeScorer([0.5]);

      // Act
      const result = await createPredictHandler(scorer)(post(JSON.stringify({ ...CHEAP, campaignItemId })));

      // Assess
      expect(result).toStrictEqual(
        rejected('Invalid prediction request: 1 error', [{ index: null, path: 'campaignItemId', message }]),
      );
      expect(calls).toStrictEqual([]);
    });

    it.each([
      ['a negative price', '-0.5', 'must be between 0 and 9007199254740991, got -0.5'],
      ['a string', '"100.0"', 'must be a number, got a string'],
      ['null', 'null', 'must be a number, got null'],
    ])('refuses a winPrice of %s', async (_name, written, message) => {
      // Prepare
      const { scorer } = fakeScorer([0.5]);

      // Act
      const result = await createPredictHandler(scorer)(post(`{"campaignItemId":42,"winPrice":${written}}`));

      // Assess
      expect(result).toStrictEqual(
        rejected('Invalid prediction request: 1 error', [{ index: null, path: 'winPrice', message }]),
      );
    });
  });

  it('rejects a body that is not JSON', async () => {
    // Prepare
    const { scorer } = fakeScorer([0.5]);
    let syntaxError = '';
    try {
      JSON.parse('{"campaignItemId":');
    } catch (error) {
      syntaxError = (error as Error).message;
    }

    // Act
    const result = await createPredictHandler(scorer)(post('{"campaignItemId":'));

    // Assess
    expect(result).toStrictEqual(bodyRejected(`Request body is not valid JSON: ${syntaxError}`));
  });

  it('fails with a bare 500 when the scorer breaks unexpectedly', async () => {
    // Prepare
    const logger = recordingLog();
    const metrics = recordingMetrics();
    const scorer: IScorer = { score: () => Promise.reject(new Error('disk on fire at /var/models')) };

    // Act
    const result = await createPredictHandler(scorer, { logger, metrics })(post(JSON.stringify(CHEAP)));

    // Assess
    expect(result).toStrictEqual(unavailable(500, 'Internal server error'));
    expect(logger.calls).toStrictEqual([['error', 'predict failed', new Error('disk on fire at /var/models')]]);
    expect(metrics.points).toStrictEqual([]);
  });

  it('counts the bids it scored and the serving model’s age', async () => {
    // Prepare
    const metrics = recordingMetrics();
    const trainedAt = Date.parse('2026-11-22T10:00:00Z');
    const scorer: IScorer = { score: (rows) => Promise.resolve(rows.map(() => 0.5)), modelTrainedAt: () => trainedAt };
    const handler = createPredictHandler(scorer, {
      logger: recordingLog(),
      metrics,
      now: () => trainedAt + 90_500,
    });

    // Act
    await handler(post(JSON.stringify([REQUEST, CHEAP, REQUEST])));

    // Assess
    expect(metrics.totals()).toStrictEqual({ PredictionsServed: 3, ModelAgeSeconds: 91 });
  });
});

describe('POST /predictions with the local model', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sdp-predict-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  const model = (bias: number, encodingVersion = 1): SavedModel => ({
    format: MODEL_FORMAT,
    encodingVersion,
    dimension: FEATURE_DIMENSION,
    trainedAt: '2024-06-01T12:00:00.000Z',
    metrics: { auc: 0.77, logLoss: 0.55, baselineAuc: 0.75 },
    rows: { train: 800, holdout: 200 },
    bias,
    weights: Array.from({ length: FEATURE_DIMENSION }, (_, i) => (i === FEATURE_DIMENSION - 2 ? 1.8 : 0.01)),
  });

  it('answers 503 with how to train a model when none exists yet', async () => {
    // Prepare
    const handler = createPredictHandler(new LocalScorer(new ModelStore(directory)));

    // Act
    const result = await handler(post(JSON.stringify(REQUEST)));

    // Assess
    expect(result).toStrictEqual(unavailable(503, LOCAL_NO_MODEL_MESSAGE));
    expect(LOCAL_NO_MODEL_MESSAGE).toContain('npx sdp train');
  });

  it('scores with the saved model and serves a newly saved model from the next request', async () => {
    // Prepare
    const store = new ModelStore(directory);
    const handler = createPredictHandler(new LocalScorer(store));
    await store.save(model(-0.5));
    const first = await handler(post(JSON.stringify([REQUEST, CHEAP])));

    // Act
    await store.save(model(2));
    const second = await handler(post(JSON.stringify([REQUEST, CHEAP])));

    // Assess
    const expectedFor = (bias: number) => {
      const scores = [REQUEST, CHEAP].map((request) => predict(model(bias), vectorOf(request)));
      return ok(...scores.map((score): [number, 0 | 1] => [score, score >= 0.5 ? 1 : 0]));
    };
    expect(first).toStrictEqual(expectedFor(-0.5));
    expect(second).toStrictEqual(expectedFor(2));
    expect(second).not.toStrictEqual(first);
  });

  it('answers 503 for a model of another feature encoding', async () => {
    // Prepare
    const store = new ModelStore(directory);
    await store.save(model(0, 0));

    // Act
    const result = await createPredictHandler(new LocalScorer(store))(post(JSON.stringify(REQUEST)));

    // Assess
    expect(result).toStrictEqual(
      unavailable(
        503,
        'The saved model uses feature encoding v0, this version encodes v1: run `npx sdp train` to train a model for it.',
      ),
    );
  });
});

describe('POST /predictions with the SageMaker endpoint', () => {
  const sagemaker = mockClient(SageMakerRuntimeClient);
  const logger = recordingLog();
  const handler = createPredictHandler(new SageMakerScorer(new SageMakerRuntimeClient({}), ENDPOINT, logger), {
    logger,
    metrics: recordingMetrics(),
  });
  beforeEach(() => {
    sagemaker.reset();
  });

  const answer = (body: unknown): Partial<InvokeEndpointCommandOutput> => ({
    Body: new TextEncoder().encode(JSON.stringify(body)) as InvokeEndpointCommandOutput['Body'],
    ContentType: 'application/json',
  });

  it('sends the rows as dense CSV and maps the linear learner’s scores, applying the 0.5 threshold itself', async () => {
    // Prepare: the endpoint's own label comes from a threshold tuned in training; the API's is 0.5.
    sagemaker.on(InvokeEndpointCommand).resolves(
      answer({
        predictions: [
          { score: 0.81, predicted_label: 1 },
          { score: 0.45, predicted_label: 1 },
        ],
      }),
    );

    // Act
    const result = await handler(post(JSON.stringify([REQUEST, CHEAP])));

    // Assess
    expect(result).toStrictEqual(ok([0.81, 1], [0.45, 0]));
    const calls = sagemaker.commandCalls(InvokeEndpointCommand);
    expect(calls.map((call) => call.args[0].input)).toStrictEqual([
      {
        EndpointName: ENDPOINT,
        ContentType: 'text/csv',
        Accept: 'application/json',
        Body: `${toCsvFeatures(vectorOf(REQUEST))}\n${toCsvFeatures(vectorOf(CHEAP))}`,
      },
    ]);
  });

  const exception = (name: string, message: string) =>
    new SageMakerRuntimeServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

  it.each([
    [
      'a missing endpoint (no model deployed yet)',
      new ValidationError({ message: `Endpoint ${ENDPOINT} of account 123456789012 not found.`, $metadata: {} }),
      unavailable(503, NO_MODEL_MESSAGE),
    ],
    [
      'a model that cannot score the rows',
      new ModelError({ message: 'Received client error (400) from primary', $metadata: {} }),
      unavailable(
        503,
        'The deployed model could not score the request; it may predate the current feature encoding. ' +
          'Run the retraining pipeline to train and deploy a model for this version.',
      ),
    ],
    [
      'throttling',
      exception('ThrottlingException', 'Rate exceeded'),
      unavailable(429, 'Too many prediction requests: retry with backoff'),
    ],
    [
      'a model still loading',
      new ModelNotReadyException({ message: 'loading', $metadata: {} }),
      unavailable(503, 'The prediction endpoint is temporarily unavailable: retry shortly'),
    ],
    [
      'an unavailable service',
      new ServiceUnavailable({ message: 'unavailable', $metadata: {} }),
      unavailable(503, 'The prediction endpoint is temporarily unavailable: retry shortly'),
    ],
    [
      'an unexpected error, without leaking it',
      exception('AccessDeniedException', 'User arn:aws:iam::123456789012:role/x is not authorized'),
      unavailable(500, 'Internal server error'),
    ],
  ])('maps %s', async (_, error, expected) => {
    // Prepare
    sagemaker.on(InvokeEndpointCommand).rejects(error);

    // Act
    const result = await handler(post(JSON.stringify(REQUEST)));

    // Assess
    expect(result).toStrictEqual(expected);
    expect(NO_MODEL_MESSAGE).toContain('retraining pipeline');
  });

  it.each([
    ['fewer predictions than rows', { predictions: [] }],
    ['a score outside 0..1', { predictions: [{ score: 1.5, predicted_label: 1 }] }],
    ['another shape', { scores: [0.5] }],
  ])('fails with a bare 500 on a response with %s', async (_, body) => {
    // Prepare
    sagemaker.on(InvokeEndpointCommand).resolves(answer(body));

    // Act
    const result = await handler(post(JSON.stringify(REQUEST)));

    // Assess
    expect(result).toStrictEqual(unavailable(500, 'Internal server error'));
  });
});

describe('loadPredictionsConfig', () => {
  it('reads the endpoint name', () => {
    // Act & Assess
    expect(loadPredictionsConfig({ ENDPOINT_NAME: ENDPOINT })).toStrictEqual({ endpointName: ENDPOINT });
  });

  it('fails naming the missing variable', () => {
    // Act & Assess
    expect(() => loadPredictionsConfig({})).toThrow('ENDPOINT_NAME is not set: it must be a non-empty string');
  });
});
