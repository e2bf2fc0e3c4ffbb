import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ICampaignRollups } from '../adapters/campaign-rollups.ts';
import { RequestError } from '../domain/errors.ts';
import { CANARY_CAMPAIGN_ID } from '../domain/ops/canary.ts';
import { SERVICES } from '../domain/ops/metrics.ts';
import { buildCampaignList } from '../domain/reports/campaign-list.ts';
import { parseCampaignListQuery } from '../domain/reports/campaign-list-query.ts';
import { instrumented, lambdaObservability } from '../observability/lambda-observability.ts';
import type { Log } from '../observability/log.ts';
import { campaignRollupsFromEnv } from './reports-config.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

export interface ListCampaignsOptions {
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Campaigns never listed: the platform's own synthetic traffic. @default the freshness canary's */
  readonly hidden?: ReadonlySet<number>;
  /** @default the reports API's Powertools logger */
  readonly logger?: Log;
}

/**
 * `GET /reports/campaigns`: every campaign's totals over whole UTC hours (default: the last 24),
 * sorted and paged, from the per-day rollups: one read per campaign and day, never a scan.
 */
export function createListCampaignsHandler(rollups: ICampaignRollups, options: ListCampaignsOptions = {}) {
  const now = options.now ?? (() => new Date());
  const hidden = options.hidden ?? new Set([CANARY_CAMPAIGN_ID]);
  const logger = options.logger ?? lambdaObservability(SERVICES.reportsApi).logger;
  return async (event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>): Promise<APIGatewayProxyResult> => {
    try {
      const query = parseCampaignListQuery(event.queryStringParameters ?? {}, now());
      const totals = await rollups.totals(query.fromMs, query.toMs);
      const list = buildCampaignList(query, totals, hidden);
      return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify(list) };
    } catch (error) {
      if (error instanceof RequestError) {
        return { statusCode: error.statusCode, headers: JSON_HEADERS, body: JSON.stringify(error) };
      }
      logger.error('list-campaigns failed', error as Error);
      return { statusCode: 500, headers: JSON_HEADERS, body: JSON.stringify({ message: 'Internal server error' }) };
    }
  };
}

const observability = lambdaObservability(SERVICES.reportsApi);
let listCampaigns: ReturnType<typeof createListCampaignsHandler> | undefined;

export const handler = instrumented(observability, (event: APIGatewayProxyEvent) => {
  listCampaigns ??= createListCampaignsHandler(campaignRollupsFromEnv(), { logger: observability.logger });
  return listCampaigns(event);
});
