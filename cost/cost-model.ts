import type { StreamName } from '../lambda/domain/streams.ts';
import type { Deployment } from './deployment.ts';
import { apiLines } from './lines/api-lines.ts';
import { lakeLines } from './lines/lake-lines.ts';
import { mlLines } from './lines/ml-lines.ts';
import { operationsLines } from './lines/operations-lines.ts';
import { processingLines } from './lines/processing-lines.ts';
import { streamLines } from './lines/stream-lines.ts';
import { HOURS_PER_MONTH } from './templates.ts';
import type { Workload } from './traffic-profile.ts';

/** One priced meter of one resource: quantity × unit price = monthly dollars. */
export interface LineItem {
  readonly stack: string;
  readonly service: string;
  /** The resource it bills (its construct path's last parts), or what it stands for. */
  readonly resource: string;
  /** What is metered, e.g. "requests", "shard-hours", "GB ingested (5 KB rounding)". */
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  /** Dollars per unit; for a tiered meter the average over the tiers used. */
  readonly usdPerUnit: number;
  readonly monthly: number;
}

export interface CostEstimate {
  readonly lines: readonly LineItem[];
  readonly monthly: number;
  readonly eventsPerMonth: number;
  /** All-in dollars per million ingested events; undefined without events. */
  readonly perMillionEvents?: number;
  /** What the deployment cannot do under this traffic (throttling, too few shards, ...). */
  readonly warnings: readonly string[];
}

export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;

/** Monthly volumes the traffic puts through the platform, derived once for every line. */
export interface Volumes {
  readonly events: number;
  readonly requests: number;
  readonly records: Readonly<Record<StreamName, number>>;
  readonly recordBytes: Readonly<Record<StreamName, number>>;
  /** Aggregation windows a month, and aggregate records per window. */
  readonly windows: number;
  readonly aggregatesPerWindow: number;
  readonly bids: number;
  readonly reportQueries: number;
  readonly predictions: number;
  readonly athenaQueries: number;
}

export function volumesOf(deployment: Deployment, { traffic, assumptions }: Workload): Volumes {
  const events = traffic.eventsPerSecond * SECONDS_PER_MONTH;
  const periodSeconds = deployment.flinkApps[0]?.periodSeconds ?? 60;
  const windows = SECONDS_PER_MONTH / periodSeconds;
  const bidsPerWindow = traffic.eventsPerSecond * traffic.mix.bids * periodSeconds;
  const aggregatesPerWindow = Math.min(traffic.campaigns, bidsPerWindow) * (1 + assumptions.correctionShare);
  return {
    events,
    requests: events / traffic.eventsPerRequest,
    records: {
      bcns: events,
      impressions: events * traffic.mix.impressions,
      clicks: events * traffic.mix.clicks,
      aggregates: windows * aggregatesPerWindow,
      failed_events: events * assumptions.failedEventShare,
    },
    recordBytes: {
      bcns: traffic.eventBytes,
      impressions: assumptions.impressionRecordBytes,
      clicks: assumptions.clickRecordBytes,
      aggregates: assumptions.aggregateRecordBytes,
      failed_events: assumptions.failedEventRecordBytes,
    },
    windows,
    aggregatesPerWindow,
    bids: events * traffic.mix.bids,
    reportQueries: traffic.reportQueriesPerDay * DAYS_PER_MONTH,
    predictions: traffic.predictionsPerDay * DAYS_PER_MONTH,
    athenaQueries: traffic.athenaQueriesPerDay * DAYS_PER_MONTH,
  };
}

/** What each part of a deployment hands the line builders. */
export interface LineContext {
  readonly deployment: Deployment;
  readonly workload: Workload;
  readonly volumes: Volumes;
  warn(message: string): void;
}

export function line(
  ref: { stack: string; resource: string; service: string },
  item: string,
  quantity: number,
  unit: string,
  usdPerUnit: number,
): LineItem {
  return { ...ref, item, quantity, unit, usdPerUnit, monthly: quantity * usdPerUnit };
}

/** Prices a deployment under a workload, line by line. */
export function estimateCost(deployment: Deployment, workload: Workload): CostEstimate {
  const warnings: string[] = [];
  const context: LineContext = {
    deployment,
    workload,
    volumes: volumesOf(deployment, workload),
    warn: (message) => warnings.push(message),
  };
  const lines = [
    ...apiLines(context),
    ...streamLines(context),
    ...processingLines(context),
    ...lakeLines(context),
    ...mlLines(context),
    ...operationsLines(context),
  ].filter((item) => item.quantity > 0);
  const monthly = lines.reduce((sum, item) => sum + item.monthly, 0);
  const { events } = context.volumes;
  return {
    lines,
    monthly,
    eventsPerMonth: events,
    perMillionEvents: events > 0 ? monthly / (events / 1e6) : undefined,
    warnings,
  };
}

/**
 * What the deployment costs with no traffic at all: the fixed monthly floor (streams, KPUs, an
 * always-on endpoint, alarms), which every profile pays before its first event.
 */
export function monthlyFloor(deployment: Deployment, workload: Workload): CostEstimate {
  return estimateCost(deployment, {
    assumptions: workload.assumptions,
    traffic: {
      ...workload.traffic,
      eventsPerSecond: 0,
      reportQueriesPerDay: 0,
      predictionsPerDay: 0,
      athenaQueriesPerDay: 0,
    },
  });
}

/** Sums of an estimate by a key (stack or service), largest first. */
export function totalsBy(estimate: CostEstimate, key: 'stack' | 'service'): { name: string; monthly: number }[] {
  const totals = new Map<string, number>();
  for (const item of estimate.lines) totals.set(item[key], (totals.get(item[key]) ?? 0) + item.monthly);
  return [...totals].map(([name, monthly]) => ({ name, monthly })).sort((a, b) => b.monthly - a.monthly);
}
