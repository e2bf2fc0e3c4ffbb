import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { RequestError } from '../domain/errors.ts';
import { encodeFeatures, fromPredictionInput } from '../domain/ml/features.ts';
import { parsePredictionBody, toPredictionResponse } from '../domain/ml/prediction-request.ts';
import { sageMakerScorerFromEnv } from './sagemaker-scorer.ts';
import { type IScorer, ScorerUnavailableError } from './scorer.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** `POST /predictions`: P(win) of one bid or a batch at their prices (SPEC.md §8). */
export function createPredictHandler(scorer: IScorer) {
  return async (event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): Promise<APIGatewayProxyResult> => {
    try {
      const body =
        event.isBase64Encoded && event.body !== null ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const inputs = parsePredictionBody(body);
      const scores = await scorer.score(inputs.map((input) => encodeFeatures(fromPredictionInput(input))));
      return json(200, toPredictionResponse(scores));
    } catch (error) {
      if (error instanceof RequestError) return json(error.statusCode, error);
      if (error instanceof ScorerUnavailableError) return json(error.statusCode, { message: error.message });
      console.error('predict failed', error);
      return json(500, { message: 'Internal server error' });
    }
  };
}

function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

export const handler = (event: APIGatewayProxyEvent) => createPredictHandler(sageMakerScorerFromEnv())(event);
