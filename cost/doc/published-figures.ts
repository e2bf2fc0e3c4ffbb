/*
 * Published cost figures of comparable open-source platforms, as their authors state them, with
 * where they were read. Converted to dollars per million events by each source's own month.
 */

export interface PublishedFigure {
  /** What the figure covers, in the source's words where possible. */
  readonly label: string;
  readonly eventsPerSecond: number;
  readonly eventsPerMonth: number;
  readonly usdPerMonth: number;
}

export interface PublishedSource {
  readonly name: string;
  readonly url: string;
  /** Revision and what was read, so the conversion can be checked. */
  readonly citation: string;
  /** How events per month follow from the source's unit. */
  readonly conversion: string;
  readonly figures: readonly PublishedFigure[];
}

/** Clickstream Analytics on AWS: 10 events a request and a 30-day month (49 GB a month of 2 KB requests at 10 RPS). */
const CLICKSTREAM_SECONDS = 30 * 86_400;
const clickstream = (label: string, rps: number, usdPerMonth: number): PublishedFigure => ({
  label,
  eventsPerSecond: rps * 10,
  eventsPerMonth: rps * 10 * CLICKSTREAM_SECONDS,
  usdPerMonth,
});

export const CLICKSTREAM: PublishedSource = {
  name: 'Clickstream Analytics on AWS',
  url: 'https://github.com/awslabs/clickstream-analytics-on-aws/blob/93f9f7fbd3fd9c7dc18d90aba32e4936fe750f7e/docs/en/plan-deployment/cost.md',
  citation:
    'docs/en/plan-deployment/cost.md at commit 93f9f7f (2024-08-01, "docs: add streaming cost"), the latest revision in ' +
    'the repository (the implementation guide at docs.aws.amazon.com/solutions/latest/clickstream-analytics-on-aws/cost.html ' +
    'was read only in part): us-east-1 on-demand prices, "Compressed request payload: 2KB (10 events per request)", ' +
    'tables "Ingestion module / Fargate Type" and "Data processing & data modeling modules", and the "Realtime Streaming mode" table.',
  conversion:
    'events a month = requests per second × 10 events × 2,592,000 s (the 30-day month its "49GB/month" at 10 RPS implies)',
  figures: [
    clickstream('ingestion (Fargate, Kinesis on-demand)', 10, 87.8),
    clickstream('ingestion (Fargate, Kinesis on-demand)', 100, 190.8),
    clickstream('ingestion (Fargate, Kinesis on-demand)', 1000, 1399.8),
    clickstream(
      'ingestion (Fargate, Kinesis on-demand) + data processing and modeling (daily; hourly at 1000 RPS)',
      10,
      87.8 + 73.76,
    ),
    clickstream(
      'ingestion (Fargate, Kinesis on-demand) + data processing and modeling (daily; hourly at 1000 RPS)',
      100,
      190.8 + 444.6,
    ),
    clickstream(
      'ingestion (Fargate, Kinesis on-demand) + data processing and modeling (daily; hourly at 1000 RPS)',
      1000,
      1399.8 + 3961,
    ),
    clickstream(
      'real-time streaming mode 24 hours a day (Kinesis on-demand incl. ingestion, Redshift, Managed Flink)',
      10,
      2214.4,
    ),
    clickstream(
      'real-time streaming mode 24 hours a day (Kinesis on-demand incl. ingestion, Redshift, Managed Flink)',
      100,
      3708.8,
    ),
  ],
};

/** serverless-website-analytics: one page view is one event and one ingest request. */
const SWA_SECONDS = 30 * 86_400;
const swa = (views: number, usdPerMonth: number): PublishedFigure => ({
  label: 'worst case, 1 site, 15-minute Firehose buffer, 200 dashboard views a month',
  eventsPerSecond: views / SWA_SECONDS,
  eventsPerMonth: views,
  usdPerMonth,
});

export const SERVERLESS_WEBSITE_ANALYTICS: PublishedSource = {
  name: 'serverless-website-analytics',
  url: 'https://github.com/rehanvdm/serverless-website-analytics/blob/master/docs/COST.md',
  citation:
    'docs/COST.md ("Current WORST case projected cost"), read as stored at commit 34e3c02: "The worst case projected ' +
    'costs are: 1,000,000 views $14.64; 10,000,000 $128.74; 100,000,000 $1,288.39"; the author notes real costs ' +
    '"10x to 100x lower" after its daily vacuum.',
  conversion: 'one view = one event = one request; events per second over a 30-day month',
  figures: [swa(1e6, 14.64), swa(1e7, 128.74), swa(1e8, 1288.39)],
};

export const usdPerMillion = (figure: PublishedFigure): number => figure.usdPerMonth / (figure.eventsPerMonth / 1e6);
