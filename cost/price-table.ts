/*
 * The one price table of the cost model: AWS list prices in us-east-1 (US East, N. Virginia), on
 * demand, without free tiers, savings plans or credits. Each price names the public pricing page it
 * comes from and what was read there (this machine has no internet: the pages were read as stored
 * copies through the project's search tool, on READ_ON). To update: read each source page again,
 * change the figures and evidence, and set READ_ON; `npm run cost -- --doc` then regenerates
 * docs/cost.md with the new date.
 */

export const READ_ON = '2026-12-02';
export const REGION = 'us-east-1';

/**
 * How the figure was checked on READ_ON: in a stored copy of the AWS page itself, in an AWS blog
 * post or AWS documentation, only in third-party transcripts of the page, or not at all (the list
 * price as last known; check it first when updating).
 */
export type PriceCheck =
  | 'AWS page copy'
  | 'AWS blog or docs'
  | 'third-party transcripts'
  | 'not found in stored copies';

export interface Price {
  /** US dollars per `unit`. */
  readonly usd: number;
  readonly unit: string;
  /** The AWS pricing page the figure belongs to. */
  readonly source: string;
  readonly check: PriceCheck;
  /** What was read, and where, that shows the figure. */
  readonly evidence: string;
}

/** Volume tiers of one monthly meter, cheapest last; `upTo` is the tier's upper bound in `unit`s. */
export interface TieredPrice {
  readonly tiers: readonly { readonly upTo: number; readonly usd: number }[];
  readonly unit: string;
  readonly source: string;
  readonly check: PriceCheck;
  readonly evidence: string;
}

const PAGES = {
  apiGateway: 'https://aws.amazon.com/api-gateway/pricing/',
  kinesis: 'https://aws.amazon.com/kinesis/data-streams/pricing/',
  firehose: 'https://aws.amazon.com/firehose/pricing/',
  flink: 'https://aws.amazon.com/managed-service-apache-flink/pricing/',
  lambda: 'https://aws.amazon.com/lambda/pricing/',
  dynamodb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  s3: 'https://aws.amazon.com/s3/pricing/',
  athena: 'https://aws.amazon.com/athena/pricing/',
  sagemaker: 'https://aws.amazon.com/sagemaker-ai/pricing/',
  stepFunctions: 'https://aws.amazon.com/step-functions/pricing/',
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  xray: 'https://aws.amazon.com/xray/pricing/',
  glue: 'https://aws.amazon.com/glue/pricing/',
  kms: 'https://aws.amazon.com/kms/pricing/',
  dataTransfer: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer',
} as const;

const price = (usd: number, unit: string, source: string, check: PriceCheck, evidence: string): Price => ({
  usd,
  unit,
  source,
  check,
  evidence,
});

/** Every SageMaker instance type the stacks may name; a type missing here is an error, not a zero. */
const SAGEMAKER_INSTANCE_HOUR: Readonly<Record<string, number>> = {
  'ml.t2.medium': 0.056,
  'ml.m5.large': 0.115,
  'ml.m5.xlarge': 0.23,
  'ml.m5.2xlarge': 0.461,
  'ml.c5.large': 0.102,
  'ml.c5.xlarge': 0.204,
};

export const PRICES = {
  apiGateway: {
    restRequests: {
      tiers: [
        { upTo: 333e6, usd: 3.5 },
        { upTo: 1e9, usd: 2.8 },
        { upTo: 20e9, usd: 2.38 },
        { upTo: Number.POSITIVE_INFINITY, usd: 1.51 },
      ],
      unit: 'million REST API calls (tiers on the monthly total of the account)',
      source: PAGES.apiGateway,
      check: 'AWS page copy',
      evidence:
        'Stored copy of the page (last updated 2025-11-02), REST example: "333 million * $3.50/million", ' +
        '"667 million * $2.80/million", "14 billion * $2.38/million". The $1.51 tier above 20 billion calls is ' +
        "the page's table figure and is not in the stored example.",
    } satisfies TieredPrice,
  },
  kinesis: {
    onDemandStreamHour: price(
      0.04,
      'stream-hour (on-demand standard)',
      PAGES.kinesis,
      'AWS blog or docs',
      'AWS Big Data Blog "Kinesis On-demand Advantage saves 60%+ on streaming costs" (2026-03-09, us-east-1 prices): ' +
        '"in On-demand Standard mode there is a $0.04 charge per stream hour".',
    ),
    onDemandIngestGB: price(
      0.08,
      'GB written, each record rounded up to 1 KiB (on-demand standard)',
      PAGES.kinesis,
      'AWS blog or docs',
      'Same blog post: "On-demand Standard is $0.08 per GB"; stored copy of the page: each record is rounded ' +
        '"up to the nearest 1 KB (1,024 bytes)".',
    ),
    onDemandRetrievalGB: price(
      0.04,
      'GB read by a shared-throughput consumer, each record rounded up to 1 KiB (on-demand standard)',
      PAGES.kinesis,
      'not found in stored copies',
      'The data-retrievals row of the on-demand table, which the stored copies cut off; $0.04 is the launch list price.',
    ),
    onDemandExtendedRetentionGBMonth: price(
      0.1,
      'GB-month stored beyond 24 hours, up to 7 days (on-demand standard)',
      PAGES.kinesis,
      'AWS blog or docs',
      'Same blog post: "Standard mode has an additional cost of $0.10 per GB of data stored beyond 24 hours, up to 7 days".',
    ),
    shardHour: price(
      0.015,
      'shard-hour (provisioned)',
      PAGES.kinesis,
      'third-party transcripts',
      'Provisioned tab of the page; stored transcripts agree ("Provisioned Shard-Hour $0.015/shard/hr", "Shard-hour $0.015").',
    ),
    putPayloadUnits: price(
      0.014,
      'million PUT payload units, one per started 25 KB of a record (provisioned)',
      PAGES.kinesis,
      'third-party transcripts',
      'Provisioned tab of the page; stored transcripts agree ("PUT Payload Units $0.014/million", "rounded to nearest 25 KB").',
    ),
    extendedRetentionShardHour: price(
      0.02,
      'shard-hour of retention beyond 24 hours, up to 7 days (provisioned)',
      PAGES.kinesis,
      'third-party transcripts',
      'Provisioned tab of the page; stored transcripts agree ("Extended Retention: Shard-hour $0.020").',
    ),
  },
  firehose: {
    ingestGB: price(
      0.029,
      'GB ingested from a Kinesis data stream, each record rounded up to 5 KB (first 500 TB a month)',
      PAGES.firehose,
      'third-party transcripts',
      'The page bills ingestion "in 5KB increments (a 3KB record is billed as 5KB)"; stored transcripts agree on ' +
        '$0.029 per GB for the first 500 TB ("Direct PUT/KDS in 5KB increments").',
    ),
    formatConversionGB: price(
      0.018,
      'GB converted to Parquet, metered on the ingested (5 KB-rounded) volume',
      PAGES.firehose,
      'third-party transcripts',
      'Stored transcripts: "data format conversion $0.018 per GB". Metering it on the rounded ingested volume is ' +
        'our reading of the page (an upper bound if AWS meters the unrounded bytes).',
    ),
  },
  flink: {
    kpuHour: price(
      0.11,
      'KPU-hour (1 vCPU, 4 GB); every application also pays one orchestration KPU',
      PAGES.flink,
      'third-party transcripts',
      'Transcript of the page\'s US East pricing examples (read 2026-09-20): "$0.11 per KPU-hour"; AWS docs ' +
        '(managed-flink how-pricing): "you are charged a single additional KPU per application, used for orchestration".',
    ),
    runningStorageGBMonth: price(
      0.1,
      'GB-month of running application storage, 50 GB per KPU',
      PAGES.flink,
      'third-party transcripts',
      'Same transcript: "$0.10 per GB/month", "50 GB of running application storage allocated per KPU".',
    ),
    backupGBMonth: price(
      0.023,
      'GB-month of durable application backups (snapshots)',
      PAGES.flink,
      'third-party transcripts',
      'Same transcript: "$0.023/GB-month" for durable application backups.',
    ),
  },
  lambda: {
    requests: price(
      0.2,
      'million requests',
      PAGES.lambda,
      'third-party transcripts',
      'Stored transcripts: "$0.20 per 1M requests".',
    ),
    gbSecondArm: price(
      0.0000133334,
      'GB-second on arm64 (first 7.5 billion GB-s a month)',
      PAGES.lambda,
      'third-party transcripts',
      'Stored transcripts: "$0.0000133334 per GB-second (first 7.5B GB-seconds)" for Arm.',
    ),
    gbSecondX86: price(
      0.0000166667,
      'GB-second on x86_64 (first 6 billion GB-s a month)',
      PAGES.lambda,
      'third-party transcripts',
      'Stored transcripts: "$0.0000166667 per GB-second" for x86.',
    ),
  },
  dynamodb: {
    writeRequestUnits: price(
      0.625,
      'million write request units (on-demand; one per started KB written)',
      PAGES.dynamodb,
      'third-party transcripts',
      'Stored transcripts of the page after the November 2024 on-demand price cut: "$0.625 / 1M write request units".',
    ),
    readRequestUnits: price(
      0.125,
      'million read request units (on-demand; one per started 4 KB read strongly, 8 KB eventually consistent)',
      PAGES.dynamodb,
      'third-party transcripts',
      'Same transcripts: "$0.125 / 1M read request units".',
    ),
    storageGBMonth: price(
      0.25,
      'GB-month of table storage (Standard table class)',
      PAGES.dynamodb,
      'third-party transcripts',
      'Same transcripts: "$0.25 / GB-month".',
    ),
    pitrGBMonth: price(
      0.2,
      'GB-month of continuous backups (point-in-time recovery)',
      PAGES.dynamodb,
      'not found in stored copies',
      'Backup section of the page; list price as last known.',
    ),
  },
  s3: {
    storageGBMonth: price(
      0.023,
      'GB-month, S3 Standard (first 50 TB)',
      PAGES.s3,
      'third-party transcripts',
      'Stored transcripts: "S3 storage: $0.023/GB".',
    ),
    putRequests: price(
      0.005,
      '1,000 PUT, COPY, POST or LIST requests (S3 Standard)',
      PAGES.s3,
      'not found in stored copies',
      'Requests tab of the page; list price as last known.',
    ),
    getRequests: price(
      0.0004,
      '1,000 GET and other requests (S3 Standard)',
      PAGES.s3,
      'third-party transcripts',
      'Stored transcripts: "GET requests: ~$0.0004 per 1,000 requests".',
    ),
  },
  athena: {
    scannedTB: price(
      5,
      'TB scanned, at least 10 MB a query',
      PAGES.athena,
      'third-party transcripts',
      'Stored transcripts: "$5.00 per TB scanned (rounded up to the nearest 10 MB)".',
    ),
  },
  sagemaker: {
    serverlessGBSecond: price(
      0.00002,
      'GB-second of Serverless Inference (memory size × inference duration)',
      PAGES.sagemaker,
      'third-party transcripts',
      'Stored transcripts: "Serverless inference: $0.0000200 per second per GB memory" (us-east-1).',
    ),
    serverlessDataGB: price(
      0.016,
      'GB processed in plus out by Serverless Inference',
      PAGES.sagemaker,
      'not found in stored copies',
      'Serverless Inference table of the page (data processing IN/OUT); list price as last known.',
    ),
  },
  stepFunctions: {
    stateTransitions: price(
      0.025,
      '1,000 state transitions (standard workflows)',
      PAGES.stepFunctions,
      'third-party transcripts',
      'Stored transcripts: "Standard Workflows: $0.025 per 1,000 state transitions".',
    ),
  },
  cloudwatch: {
    logsIngestGB: price(
      0.5,
      'GB of logs ingested (standard class)',
      PAGES.cloudwatch,
      'third-party transcripts',
      'Stored transcripts: "CloudWatch Logs: $0.50 per GB collected. $0.03 per GB stored".',
    ),
    logsStorageGBMonth: price(
      0.03,
      'GB-month of logs archived',
      PAGES.cloudwatch,
      'third-party transcripts',
      'Stored transcripts: "CloudWatch Logs: ... $0.03 per GB stored".',
    ),
    alarmMonth: price(
      0.1,
      'standard-resolution alarm a month',
      PAGES.cloudwatch,
      'not found in stored copies',
      'Alarms tab of the page; list price as last known.',
    ),
  },
  xray: {
    tracesRecorded: price(
      5,
      'million traces recorded',
      PAGES.xray,
      'third-party transcripts',
      'Stored transcripts: "X-Ray charges $5.00 per 1 million traces recorded"; the free tier (100,000 a month) is not applied.',
    ),
  },
  glue: {
    catalogObjects: price(
      1,
      '100,000 Data Catalog objects a month above the first million (free)',
      PAGES.glue,
      'third-party transcripts',
      'Stored transcripts: "Glue catalog: first 1M objects free"; $1 per 100,000 objects above, as last known.',
    ),
    catalogRequests: price(
      1,
      'million Data Catalog requests a month above the first million (free)',
      PAGES.glue,
      'not found in stored copies',
      'Data Catalog section of the page; list price as last known.',
    ),
  },
  kms: {
    customerKeyMonth: price(
      1,
      'customer-managed key a month',
      PAGES.kms,
      'not found in stored copies',
      'List price as last known; AWS-managed keys such as aws/kinesis have no monthly fee.',
    ),
  },
  dataTransfer: {
    outToInternetGB: price(
      0.09,
      'GB out to the internet (first 10 TB a month)',
      PAGES.dataTransfer,
      'AWS page copy',
      'Stored copy of the API Gateway page: "Amazon API Gateway data transfer charges = 57,220.46 GB * $0.09".',
    ),
  },
} as const;

/** The instance types whose price stored transcripts of the page confirm (hosting, training and batch transform alike). */
const SAGEMAKER_CONFIRMED: Readonly<Record<string, string>> = {
  'ml.m5.large':
    'stored transcripts: "ml.m5.large | $0.115/hour" for real-time inference, training and batch transform',
  'ml.m5.xlarge': 'stored transcripts: "ml.m5.xlarge | $0.230/hour"',
  'ml.t2.medium': 'stored transcripts: "ml.t2.medium | $0.056/hour" (real-time inference)',
};

/** The hourly price of a SageMaker instance type; throws for a type the table does not list. */
export function sageMakerInstanceHour(instanceType: string): Price {
  const usd = SAGEMAKER_INSTANCE_HOUR[instanceType];
  if (usd === undefined) {
    throw new Error(
      `The price table has no price for SageMaker instance type ${instanceType}; add it to cost/price-table.ts ` +
        `(known: ${Object.keys(SAGEMAKER_INSTANCE_HOUR).join(', ')})`,
    );
  }
  const confirmed = SAGEMAKER_CONFIRMED[instanceType];
  return confirmed
    ? price(
        usd,
        `${instanceType} instance-hour`,
        PAGES.sagemaker,
        'third-party transcripts',
        `On-demand instance tables of the page; ${confirmed}.`,
      )
    : price(
        usd,
        `${instanceType} instance-hour`,
        PAGES.sagemaker,
        'not found in stored copies',
        'On-demand instance tables of the page; list price as last known.',
      );
}

/** The SageMaker instance types the table prices. */
export const PRICED_SAGEMAKER_INSTANCES: readonly string[] = Object.keys(SAGEMAKER_INSTANCE_HOUR);

/** What `quantity` units of a tiered meter cost in one month. */
export function tieredCost(tiered: TieredPrice, quantity: number, unitSize: number): number {
  let remaining = quantity;
  let floor = 0;
  let usd = 0;
  for (const tier of tiered.tiers) {
    const inTier = Math.min(remaining, tier.upTo - floor);
    usd += (inTier / unitSize) * tier.usd;
    remaining -= inTier;
    floor = tier.upTo;
    if (remaining <= 0) break;
  }
  return usd;
}
