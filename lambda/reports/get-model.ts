import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ModelSummary } from '../domain/ml/model-summary.ts';
import { SERVICES } from '../domain/ops/metrics.ts';
import { lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

export interface IModelSummarySource {
  summary(): Promise<ModelSummary>;
}

/**
 * `GET /reports/model`: the served win-probability model, the one it replaced and the last training
 * run's gate decision. Served by the local platform, where the trainer keeps them in the model store.
 */
export function createGetModelHandler(
  source: IModelSummarySource,
  logger: Log = lambdaObservability(SERVICES.reportsApi).logger,
) {
  return async (): Promise<APIGatewayProxyResult> => {
    try {
      return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify(await source.summary()) };
    } catch (error) {
      logger.error('get-model failed', error as Error);
      return { statusCode: 500, headers: JSON_HEADERS, body: JSON.stringify({ message: 'Internal server error' }) };
    }
  };
}
