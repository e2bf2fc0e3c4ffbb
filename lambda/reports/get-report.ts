import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { IReportStore } from '../adapters/report-store.ts';
import { RequestError } from '../domain/errors.ts';
import { buildCampaignReport, periodKeyRange } from '../domain/reports/campaign-report.ts';
import { parseReportQuery } from '../domain/reports/report-query.ts';
import { reportStoreFromEnv } from './reports-config.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** `GET /reports/campaigns/{campaign_item_id}`: a campaign's totals and periods (SPEC.md §6). */
export function createGetReportHandler(store: IReportStore) {
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
      console.error('get-report failed', error);
      return { statusCode: 500, headers: JSON_HEADERS, body: JSON.stringify({ message: 'Internal server error' }) };
    }
  };
}

export const handler = (event: APIGatewayProxyEvent) => createGetReportHandler(reportStoreFromEnv())(event);
