import { DAYS_PER_MONTH, GIB, type LineContext, type LineItem, line } from '../cost-model.ts';
import type { ApiKind } from '../deployment.ts';
import { PRICES, tieredCost } from '../price-table.ts';
import { labelled, sampledTraces } from './line-helpers.ts';

/**
 * The three REST APIs: calls (tiered on the account's monthly total, so each API carries its share
 * of the blended rate), responses out to the internet, access-log lines and X-Ray traces.
 */
export function apiLines({ deployment, workload, volumes }: LineContext): LineItem[] {
  const { assumptions } = workload;
  const requestsOf: Record<ApiKind, number> = {
    ingestion: volumes.requests,
    reports: volumes.reportQueries,
    predictions: volumes.predictions,
    // Operator requests, not traffic: nothing that shows in a monthly bill.
    erasure: 0,
  };
  const responseBytes: Record<ApiKind, number> = {
    ingestion: assumptions.responseBytes,
    reports: assumptions.reportPeriodsPerQuery * 70 + 120,
    predictions: assumptions.responseBytes,
    erasure: assumptions.responseBytes,
  };
  const tiers = PRICES.apiGateway.restRequests;
  const accountCalls = deployment.restApis.reduce((sum, api) => sum + requestsOf[api.kind], 0);
  const blendedPerMillion =
    accountCalls > 0 ? tieredCost(tiers, accountCalls, 1e6) / (accountCalls / 1e6) : (tiers.tiers[0]?.usd ?? 0);

  return deployment.restApis.flatMap((api) => {
    const ref = labelled(api, 'API Gateway', `${api.kind} API`);
    const calls = requestsOf[api.kind];
    const items = [
      line(ref, 'REST API calls', calls / 1e6, 'million calls', blendedPerMillion),
      line(
        { ...ref, service: 'Data transfer' },
        'responses out to the internet',
        (calls * responseBytes[api.kind]) / GIB,
        'GB',
        PRICES.dataTransfer.outToInternetGB.usd,
      ),
    ];
    if (api.accessLogRetentionDays !== undefined) {
      const ingested = (calls * (api.accessLogLineBytes ?? 0)) / GIB;
      const logs = { ...ref, service: 'CloudWatch' };
      items.push(line(logs, 'access logs ingested', ingested, 'GB', PRICES.cloudwatch.logsIngestGB.usd));
      items.push(
        line(
          logs,
          `access logs stored (${api.accessLogRetentionDays} days)`,
          ingested * (Math.min(api.accessLogRetentionDays, 3653) / DAYS_PER_MONTH),
          'GB-month',
          PRICES.cloudwatch.logsStorageGBMonth.usd,
        ),
      );
    }
    if (api.tracing) {
      items.push(
        line(
          { ...ref, service: 'X-Ray' },
          'stage traces (1/s + 5% sampled)',
          sampledTraces(calls) / 1e6,
          'million traces',
          PRICES.xray.tracesRecorded.usd,
        ),
      );
    }
    return items;
  });
}
