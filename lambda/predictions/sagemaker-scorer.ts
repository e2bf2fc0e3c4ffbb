import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { type FeatureVector, toCsvFeatures } from '../domain/ml/features.ts';
import { SERVICES } from '../domain/ops/metrics.ts';
import { LAMBDA_ENV } from '../domain/settings/environment.ts';
import { parseSetting } from '../domain/settings/setting.ts';
import { lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { type IScorer, ScorerUnavailableError } from './scorer.ts';

/** Environment variables the predictions stack sets on the function. */
export const PREDICTIONS_ENV = { endpointName: LAMBDA_ENV.ENDPOINT_NAME.name } as const;

export const NO_MODEL_MESSAGE =
  'No prediction model is deployed yet. The retraining pipeline trains one from the data lake and ' +
  'deploys it once a run passes the quality gate; it runs on its schedule and when enough new labelled ' +
  'bids arrived, and can be started by hand (see "Predictions" in the README). Training needs labelled ' +
  'bids: send bids and impressions first.';

const RETRY_MESSAGE = 'The prediction endpoint is temporarily unavailable: retry shortly';

/**
 * Scores rows on the SageMaker endpoint of the built-in linear learner: dense `text/csv` rows encoded
 * exactly as the training export encodes them, answered as `{"predictions":[{"score",...}]}` JSON.
 */
export class SageMakerScorer implements IScorer {
  constructor(
    private readonly client: SageMakerRuntimeClient,
    private readonly endpointName: string,
    private readonly logger: Log = lambdaObservability(SERVICES.predictions).logger,
  ) {}

  async score(rows: readonly FeatureVector[]): Promise<number[]> {
    const command = new InvokeEndpointCommand({
      EndpointName: this.endpointName,
      ContentType: 'text/csv',
      Accept: 'application/json',
      Body: rows.map(toCsvFeatures).join('\n'),
    });
    let body: Uint8Array;
    try {
      body = (await this.client.send(command)).Body;
    } catch (error) {
      throw toScorerError(error, this.logger);
    }
    return parseScores(new TextDecoder().decode(body), rows.length);
  }
}

/** Turns what SageMaker says about the endpoint into what the API answers; other errors stay 500s. */
function toScorerError(error: unknown, logger: Log): unknown {
  const name = (error as Error | undefined)?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  // A missing endpoint (never deployed, or deleted) is a ValidationError "Endpoint … not found".
  if (name === 'ValidationError') return unavailable(logger, error, NO_MODEL_MESSAGE, 503);
  if (name === 'ModelError') {
    return unavailable(
      logger,
      error,
      'The deployed model could not score the request; it may predate the current feature encoding. ' +
        'Run the retraining pipeline to train and deploy a model for this version.',
      503,
    );
  }
  if (name === 'ThrottlingException' || status === 429) {
    return unavailable(logger, error, 'Too many prediction requests: retry with backoff', 429);
  }
  if (
    name === 'ModelNotReadyException' ||
    name === 'ServiceUnavailable' ||
    name === 'InternalFailure' ||
    name === 'InternalDependencyException'
  ) {
    return unavailable(logger, error, RETRY_MESSAGE, 503);
  }
  return error;
}

function unavailable(logger: Log, cause: unknown, message: string, statusCode: 429 | 503): ScorerUnavailableError {
  // The cause names the endpoint and account: logged for the operator, never sent to the client.
  logger.warn('prediction endpoint unavailable', { cause: String(cause) });
  return new ScorerUnavailableError(message, statusCode);
}

function parseScores(text: string, expected: number): number[] {
  let predictions: unknown;
  try {
    predictions = (JSON.parse(text) as { predictions?: unknown }).predictions;
  } catch {
    throw new Error(`SageMaker answered with invalid JSON: ${text.slice(0, 200)}`);
  }
  if (!Array.isArray(predictions) || predictions.length !== expected) {
    throw new Error(`SageMaker answered ${text.slice(0, 200)} for ${expected} rows`);
  }
  return predictions.map((prediction, i) => {
    const score = (prediction as { score?: unknown } | null)?.score;
    if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
      throw new Error(`SageMaker prediction ${i} has no score between 0 and 1: ${JSON.stringify(prediction)}`);
    }
    return score;
  });
}

export function loadPredictionsConfig(env: NodeJS.ProcessEnv = process.env): { endpointName: string } {
  return { endpointName: parseSetting(LAMBDA_ENV.ENDPOINT_NAME, env[PREDICTIONS_ENV.endpointName]) };
}

let scorer: SageMakerScorer | undefined;

/** The Lambda's scorer, built once per container from its environment. */
export function sageMakerScorerFromEnv(logger?: Log): SageMakerScorer {
  scorer ??= new SageMakerScorer(new SageMakerRuntimeClient({}), loadPredictionsConfig().endpointName, logger);
  return scorer;
}
