import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { RequestError } from '../domain/errors.ts';
import { encodeFeatures, fromPredictionInput } from '../domain/ml/features.ts';
import { parsePredictionBody, toPredictionResponse } from '../domain/ml/prediction-request.ts';
import { type MetricsSink, predictionPoints, SERVICES } from '../domain/ops/metrics.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { sageMakerScorerFromEnv } from './sagemaker-scorer.ts';
import { type IScorer, ScorerUnavailableError } from './scorer.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** `POST /predictions`: P(win) of one bid or a batch at their prices (SPEC.md §8). */
export function createPredictHandler(
  scorer: IScorer,
  { logger, metrics, now = Date.now }: { logger: Log; metrics: MetricsSink; now?: () => number } = defaultOps(),
) {
  return async (event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): Promise<APIGatewayProxyResult> => {
    try {
      const body =
        event.isBase64Encoded && event.body !== null ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const inputs = parsePredictionBody(body);
      const scores = await scorer.score(inputs.map((input) => encodeFeatures(fromPredictionInput(input))));
      const trainedAt = scorer.modelTrainedAt?.();
      metrics.record(
        predictionPoints(scores.length, trainedAt === undefined ? undefined : Math.round((now() - trainedAt) / 1000)),
      );
      return json(200, toPredictionResponse(scores));
    } catch (error) {
      if (error instanceof RequestError) return json(error.statusCode, error);
      if (error instanceof ScorerUnavailableError) return json(error.statusCode, { message: error.message });
      logger.error('predict failed', error as Error);
      return json(500, { message: 'Internal server error' });
    }
  };
}

function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

function defaultOps() {
  const { logger, sink } = lambdaObservability(SERVICES.predictions);
  return { logger, metrics: sink };
}

const observability = lambdaObservability(SERVICES.predictions);
let predictHandler: ReturnType<typeof createPredictHandler> | undefined;

export const handler = instrumented(observability, (event: APIGatewayProxyEvent) => {
  predictHandler ??= createPredictHandler(sageMakerScorerFromEnv(observability.logger), {
    logger: observability.logger,
    metrics: observability.sink,
  });
  return predictHandler(event);
});
