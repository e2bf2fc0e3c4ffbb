import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { IReportStore } from '../adapters/report-store.ts';
import { RequestError } from '../domain/errors.ts';
import { SERVICES } from '../domain/ops/metrics.ts';
import { buildCampaignReport, periodKeyRange } from '../domain/reports/campaign-report.ts';
import { parseReportQuery } from '../domain/reports/report-query.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { reportStoreFromEnv } from './reports-config.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** `GET /reports/campaigns/{campaign_item_id}`: a campaign's totals and periods (SPEC.md §6). */
export function createGetReportHandler(
  store: IReportStore,
  logger: Log = lambdaObservability(SERVICES.reportsApi).logger,
) {
  return async (
    event: Pick<APIGatewayProxyEvent, 'pathParameters' | 'queryStringParameters'>,
  ): Promise<APIGatewayProxyResult> => {
    try {
      const query = parseReportQuery(event.pathParameters?.campaign_item_id, event.queryStringParameters ?? {});
      const { from, to } = periodKeyRange(query);
      // A range inside one second holds no whole-second period, and DynamoDB refuses BETWEEN with from > to.
      const periods = from <= to ? await store.queryPeriods(query.campaignItemId, from, to) : [];
      const report = buildCampaignReport(query, periods);
      return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify(report) };
    } catch (error) {
      if (error instanceof RequestError) {
        return { statusCode: error.statusCode, headers: JSON_HEADERS, body: JSON.stringify(error) };
      }
      logger.error('get-report failed', error as Error);
      return { statusCode: 500, headers: JSON_HEADERS, body: JSON.stringify({ message: 'Internal server error' }) };
    }
  };
}

const observability = lambdaObservability(SERVICES.reportsApi);
let getReport: ReturnType<typeof createGetReportHandler> | undefined;

export const handler = instrumented(observability, (event: APIGatewayProxyEvent) => {
  getReport ??= createGetReportHandler(reportStoreFromEnv(), observability.logger);
  return getReport(event);
});
